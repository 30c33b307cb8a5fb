using System.Diagnostics;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Data;
using Portal.Data.Accounts;
using Portal.Data.Catalog;
using Portal.Data.Db;
using Portal.Data.Demo;
using Portal.Data.Mail;
using Portal.Data.Ordering;

namespace Portal.Benchmarks;

/// <summary>
/// Builds the large data set on the embedded database with the portal's own data layer: 100,000 products (names in
/// the shape of the demo catalog), 200 customer accounts with a site and a buyer each, and 1,000,000 order lines.
/// </summary>
public sealed class DataSet(string file, int products, int accounts, int orderLines)
{
    public const string Password = "Bench-pass-2026!";
    public static string BuyerEmail(int i) => $"buyer{i:D3}@bench.test";

    public DatabaseOptions Options { get; } = DatabaseOptions.From("Sqlite", $"Data Source={file}", Path.GetDirectoryName(file)!);

    public async Task BuildAsync()
    {
        var watch = Stopwatch.StartNew();
        new Migrator(Options, NullLogger<Migrator>.Instance).Migrate();
        var services = new ServiceCollection().AddLogging();
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddPortalData(Options, new MailOptions { PickupDirectory = Path.Combine(Path.GetDirectoryName(file)!, "mail") });
        services.AddIdentityCore<PortalUser>(o => o.User.RequireUniqueEmail = true).AddRoles<PortalRole>()
            .AddUserStore<UserStore>().AddRoleStore<RoleStore>().AddDefaultTokenProviders();
        services.AddPortalAccounts();
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        var sp = scope.ServiceProvider;

        await sp.GetRequiredService<DemoData>().SeedAsync();
        var catalog = sp.GetRequiredService<CatalogStore>();
        var rows = DemoCatalog.Rows();
        var categories = (await catalog.CategoriesAsync()).ToDictionary(c => c.Name, c => c.Id);
        var colours = new[] { "Red", "Blue", "Green", "Pink", "Ivory", "Black", "Pastel", "Vintage", "Large", "Small", "Mini", "Jumbo" };
        var random = new Random(2026);
        var all = new List<Product>(products);
        for (var i = all.Count; all.Count < products; i++)
        {
            var r = rows[i % rows.Count];
            var variant = i / rows.Count;
            all.Add(new Product
            {
                Id = Guid.NewGuid(), Sku = $"B{i:D6}", Name = $"{r.Name} {colours[variant % colours.Length]} {variant}", CategoryId = categories[r.Category],
                Description = $"{r.Name}, {colours[(variant + 3) % colours.Length].ToLowerInvariant()} edition, series {variant}.", Unit = r.Unit,
                PackSize = r.PackSize, MinQuantity = r.MinQuantity, LeadTimeDays = r.LeadTimeDays, IsActive = true,
                ListPrice = Money.Round(r.ListPrice * (0.8m + (decimal)random.NextDouble() * 0.4m)),
            });
        }
        foreach (var batch in all.Chunk(5000)) await catalog.UpsertAsync(batch);
        Console.WriteLine($"  {all.Count:N0} products in {watch.Elapsed.TotalSeconds:F0} s");

        var store = sp.GetRequiredService<AccountStore>();
        var users = sp.GetRequiredService<UserManager<PortalUser>>();
        var buyers = new List<(Guid Account, Guid Site, Guid User)>();
        for (var i = 0; i < accounts; i++)
        {
            var account = (await store.CreateAccountAsync(new NewAccount($"Bench Customer {i:D3}", null, "Europe/London", 480))).Value!;
            var site = (await store.AddSiteAsync(account.Id, new NewSite("MAIN", "Main site", $"{i} Bench Road", null, "London", "E1", "United Kingdom"))).Value!;
            var user = new PortalUser { UserName = BuyerEmail(i), Email = BuyerEmail(i), DisplayName = $"Bench Buyer {i}", AccountId = account.Id, SiteId = site.Id, EmailConfirmed = true };
            var created = await users.CreateAsync(user, Password);
            if (!created.Succeeded) throw new InvalidOperationException(string.Join(" ", created.Errors.Select(e => e.Description)));
            await users.AddToRoleAsync(user, Roles.Buyer);
            buyers.Add((account.Id, site.Id, user.Id));
        }
        Console.WriteLine($"  {accounts} accounts with a buyer each in {watch.Elapsed.TotalSeconds:F0} s");

        var db = sp.GetRequiredService<ConnectionFactory>();
        var sql = sp.GetRequiredService<OrderingSql>();
        var start = DateTimeOffset.UtcNow.AddDays(-365);
        var orders = orderLines / 10;
        await using var c = await db.OpenAsync();
        for (var from = 0; from < orders; from += 2000)
        {
            await using var tx = await c.BeginTransactionAsync();
            var orderRows = new List<object>();
            var lineRows = new List<object>();
            for (var n = from; n < Math.Min(orders, from + 2000); n++)
            {
                var (account, site, user) = buyers[n % buyers.Count];
                var id = Guid.NewGuid();
                decimal total = 0;
                for (var l = 1; l <= 10; l++)
                {
                    var p = all[random.Next(all.Count)];
                    var quantity = Math.Max(p.MinQuantity, p.PackSize) * random.Next(1, 5);
                    var lineTotal = Money.Round(p.ListPrice * quantity);
                    total += lineTotal;
                    lineRows.Add(new { OrderId = id, LineNumber = l, ProductId = p.Id, p.Sku, p.Name, p.Unit, Quantity = quantity, UnitPrice = p.ListPrice, LineTotal = lineTotal });
                }
                var created = start.AddMinutes(n * (365.0 * 24 * 60 / orders));
                orderRows.Add(new
                {
                    Id = id, AccountId = account, Number = $"SO-B{n:D7}", SiteId = site, PlacedByUserId = user, Status = OrderStatus.Submitted,
                    PoNumber = $"PO-{n % 9973}", RequestedDeliveryDate = DateOnly.FromDateTime(created.UtcDateTime.AddDays(5)), Notes = (string?)null,
                    Total = total, LineCount = 10, IdempotencyKey = $"bench-{n}", CreatedUtc = created,
                });
            }
            await c.ExecuteAsync(sql.InsertOrder, orderRows, tx);
            await c.ExecuteAsync(sql.InsertOrderLine, lineRows, tx);
            await tx.CommitAsync();
        }
        await c.ExecuteAsync("PRAGMA optimize; PRAGMA wal_checkpoint(TRUNCATE);");
        Console.WriteLine($"  {orders:N0} orders with {orders * 10:N0} lines in {watch.Elapsed.TotalSeconds:F0} s");
    }
}
