using System.Diagnostics;
using System.Globalization;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Data;
using Portal.Data.Accounts;
using Portal.Data.Catalog;
using Portal.Data.Db;
using Portal.Data.Mail;
using Portal.Data.Replenishment;

namespace Portal.Benchmarks;

/// <summary>
/// dotnet run -c Release --project Portal.Benchmarks -- schedules [--schedules 100000] [--accounts 100] [--products 500] [--one-run-only]
///
/// Issue 9's replenishment benchmark on the embedded database: N reorder schedules (two lines each, spread over the
/// accounts) all due at the same minute, placed by ONE run of the replenishment job (the real <see cref="ReplenishmentRun"/>
/// through the order-placement core), then again from the same starting file by TWO worker processes (this program
/// started twice as separate OS processes on one database file). Prints orders per second and counts duplicates (two
/// orders for one occurrence) and misses (a due schedule without its order).
/// </summary>
public static class ScheduleBench
{
    /// <summary>A Wednesday 09:00 UTC: every schedule's next run; the run's clock stands 30 seconds after it.</summary>
    public static readonly DateTimeOffset Due = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);

    public static async Task RunAsync(string[] args)
    {
        if (args is ["worker", var workerFile, ..]) { await WorkerAsync(workerFile); return; }
        var schedules = Get(args, "--schedules", 100_000);
        var accounts = Get(args, "--accounts", 100);
        var products = Get(args, "--products", 500);
        var folder = Path.Combine(Path.GetTempPath(), "portal-bench");
        Directory.CreateDirectory(folder);
        var template = Path.Combine(folder, $"schedules-{schedules}-{accounts}-{products}.db");
        Console.WriteLine($"Replenishment benchmark: {schedules:N0} schedules of 2 lines, {accounts} accounts, {products} products, all due at {Due:yyyy-MM-dd HH:mm} UTC");
        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}; SQLite file (WAL)");
        if (!File.Exists(template) || args.Contains("--rebuild"))
        {
            foreach (var f in Directory.GetFiles(folder, Path.GetFileName(template) + "*")) File.Delete(f);
            await BuildAsync(template, schedules, accounts, products);
        }

        // one run in this process
        var one = Fresh(template, folder, "one");
        var watch = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var summary = await RunOnceAsync(one);
        var seconds = watch.Elapsed.TotalSeconds;
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        var check = await CheckAsync(one, schedules);
        Console.WriteLine($"{"one run",-24} {summary.Placed,8:N0} orders in {seconds,6:N1} s {summary.Placed / seconds,9:N0} orders/s   failed {summary.Failed}   duplicates {check.Duplicates}   missed {check.Missed}   cpu {cpu.TotalSeconds:N1} s   {(seconds <= 60 && check.Missed == 0 ? "within 60 s" : "NOT within 60 s")}");

        if (args.Contains("--one-run-only")) return;

        // two worker processes at once, from the same starting point
        var two = Fresh(template, folder, "two");
        var self = Environment.ProcessPath!;
        var dll = typeof(ScheduleBench).Assembly.Location;
        watch.Restart();
        var workers = Enumerable.Range(0, 2).Select(_ =>
        {
            var start = self.EndsWith("dotnet", StringComparison.Ordinal) || self.EndsWith("dotnet.exe", StringComparison.Ordinal)
                ? new ProcessStartInfo(self, [dll, "schedules", "worker", two]) : new ProcessStartInfo(self, ["schedules", "worker", two]);
            start.RedirectStandardOutput = true;
            return Process.Start(start)!;
        }).ToList();
        var outputs = await Task.WhenAll(workers.Select(async p => { var o = await p.StandardOutput.ReadToEndAsync(); await p.WaitForExitAsync(); return o.Trim(); }));
        var wall = watch.Elapsed.TotalSeconds;
        var placed = 0;
        foreach (var (o, i) in outputs.Select((o, i) => (o, i)))
        {
            Console.WriteLine($"  worker {i + 1} (pid {workers[i].Id}): {o}");
            placed += int.TryParse(o.Split(' ')[0], CultureInfo.InvariantCulture, out var n) ? n : 0;
        }
        check = await CheckAsync(two, schedules);
        Console.WriteLine($"{"two worker processes",-24} {check.Orders,8:N0} orders in {wall,6:N1} s {check.Orders / wall,9:N0} orders/s   (wall time including both processes' start)   duplicates {check.Duplicates}   missed {check.Missed}");
        foreach (var f in Directory.GetFiles(folder, "schedules-run-*")) File.Delete(f);
    }

    /// <summary>The child process: one run of the job on the file, then "placed failed seconds" on one line.</summary>
    private static async Task WorkerAsync(string file)
    {
        var watch = Stopwatch.StartNew();
        var summary = await RunOnceAsync(file);
        Console.WriteLine($"{summary.Placed} placed, {summary.Failed} failed, {summary.Missed} missed in {watch.Elapsed.TotalSeconds:N1} s, cpu {Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds:N1} s (run started {DateTime.UtcNow - watch.Elapsed:HH:mm:ss.fff})");
    }

    private static string Fresh(string template, string folder, string name)
    {
        var file = Path.Combine(folder, $"schedules-run-{name}.db");
        foreach (var f in Directory.GetFiles(folder, $"schedules-run-{name}.db*")) File.Delete(f);
        File.Copy(template, file);
        // a data set kept from an earlier build gets the migrations added since (outside the measured time)
        new Migrator(Options(file), NullLogger<Migrator>.Instance).Migrate();
        return file;
    }

    private static DatabaseOptions Options(string file) => DatabaseOptions.From("Sqlite", $"Data Source={file}", Path.GetDirectoryName(file)!);

    private static ServiceProvider Services(string file, TimeProvider clock)
    {
        var services = new ServiceCollection().AddLogging(b => b.SetMinimumLevel(LogLevel.Warning).AddConsole());
        services.AddSingleton(clock);
        services.AddPortalData(Options(file), new MailOptions { PickupDirectory = Path.Combine(Path.GetDirectoryName(file)!, "mail") });
        return services.BuildServiceProvider();
    }

    private static async Task<RunSummary> RunOnceAsync(string file)
    {
        TypeHandlers.Register();
        await using var sp = Services(file, new FixedClock(Due.AddSeconds(30)));
        return await sp.GetRequiredService<ReplenishmentRun>().RunAsync();
    }

    private sealed record Check(int Orders, int Duplicates, int Missed);

    private static async Task<Check> CheckAsync(string file, int schedules)
    {
        await using var c = await ConnectionFactory.For(Options(file)).OpenAsync();
        var (orders, distinct) = await c.QuerySingleAsync<(int, int)>(
            "SELECT COUNT(*), COUNT(DISTINCT IdempotencyScope || '|' || IdempotencyKey) FROM Orders WHERE Source = 'Schedule'");
        var placed = await c.ExecuteScalarAsync<int>("SELECT COUNT(DISTINCT ScheduleId) FROM ReorderOccurrences WHERE Outcome = 'Placed' AND OrderId IS NOT NULL");
        return new Check(orders, orders - distinct, schedules - placed);
    }

    private static async Task BuildAsync(string file, int schedules, int accounts, int products)
    {
        var watch = Stopwatch.StartNew();
        Console.WriteLine("Building the data set (kept for the next run; --rebuild makes it again):");
        var options = Options(file);
        new Migrator(options, NullLogger<Migrator>.Instance).Migrate();
        TypeHandlers.Register();
        await using var sp = Services(file, TimeProvider.System);
        var catalog = sp.GetRequiredService<CatalogStore>();
        var category = await catalog.EnsureCategoryAsync("Bench");
        await catalog.UpsertAsync(Enumerable.Range(0, products).Select(i => new Product
        {
            Sku = $"R{i:D5}", Name = $"Bench product {i}", CategoryId = category.Id, ListPrice = 1.25m + i % 40, PackSize = 1, MinQuantity = 1, LeadTimeDays = 1,
        }));
        var all = (await catalog.AllAsync()).ToList();
        var store = sp.GetRequiredService<AccountStore>();
        var owners = new List<(Guid Account, Guid Site, Guid User)>();
        await using var c = await sp.GetRequiredService<ConnectionFactory>().OpenAsync();
        for (var i = 0; i < accounts; i++)
        {
            var account = (await store.CreateAccountAsync(new NewAccount($"Schedule Customer {i:D3}", null, "UTC"))).Value!;
            var site = (await store.AddSiteAsync(account.Id, new NewSite("MAIN", "Main site", $"{i} Bench Road", null, "London", "E1", "United Kingdom"))).Value!;
            var user = Guid.NewGuid();
            var email = $"scheduler{i:D3}@bench.test";
            await c.ExecuteAsync("""
                INSERT INTO Users (Id, AccountId, SiteId, DisplayName, UserName, NormalizedUserName, Email, NormalizedEmail, EmailConfirmed, CreatedUtc)
                VALUES (@Id, @AccountId, @SiteId, @Name, @Email, @Normal, @Email, @Normal, 1, @Now)
                """, new { Id = user, AccountId = account.Id, SiteId = site.Id, Name = $"Scheduler {i}", Email = email, Normal = email.ToUpperInvariant(), Now = DateTimeOffset.UtcNow });
            await c.ExecuteAsync("INSERT INTO UserRoles (UserId, RoleId) SELECT @UserId, Id FROM Roles WHERE Name = 'Buyer'", new { UserId = user });
            owners.Add((account.Id, site.Id, user));
        }
        var sql = sp.GetRequiredService<ReplenishmentSql>();
        var random = new Random(2026);
        for (var from = 0; from < schedules; from += 5000)
        {
            await using var tx = await c.BeginTransactionAsync();
            var rows = Enumerable.Range(from, Math.Min(5000, schedules - from)).Select(i => (Id: Guid.NewGuid(), Owner: owners[i % owners.Count], Index: i)).ToList();
            await c.ExecuteAsync(sql.InsertSchedule, rows.Select(r => new
            {
                r.Id, AccountId = r.Owner.Account, SiteId = r.Owner.Site, OwnerUserId = r.Owner.User, Name = $"Weekly {r.Index}", Cron = "0 9 * * WED", TimeZone = "UTC",
                IntervalWeeks = 1, StartDate = new DateOnly(2026, 11, 1), EndDate = (DateOnly?)null, LeadNoticeHours = 24, DeliveryBusinessDays = (int?)null,
                PoNumber = (string?)null, Status = ScheduleStatus.Active, NextRunUtc = Due, ReminderDueUtc = Due.AddHours(-24), Now = Due.AddDays(-10),
            }), tx);
            await c.ExecuteAsync(sql.InsertLine, rows.SelectMany(r =>
            {
                var a = random.Next(all.Count);
                var b = (a + 1 + random.Next(all.Count - 1)) % all.Count;
                return new[] { new { ScheduleId = r.Id, ProductId = all[a].Id, Quantity = 1 + random.Next(12) }, new { ScheduleId = r.Id, ProductId = all[b].Id, Quantity = 1 + random.Next(12) } };
            }), tx);
            await tx.CommitAsync();
        }
        // the reminders went out the day before: the run only places orders
        await c.ExecuteAsync("UPDATE ReorderSchedules SET ReminderSentForUtc = NextRunUtc");
        await c.ExecuteAsync("PRAGMA optimize; PRAGMA wal_checkpoint(TRUNCATE);");
        Console.WriteLine($"  {schedules:N0} schedules for {accounts} accounts in {watch.Elapsed.TotalSeconds:F0} s");
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private static int Get(string[] args, string name, int fallback) =>
        Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var v) ? v : fallback;
}
