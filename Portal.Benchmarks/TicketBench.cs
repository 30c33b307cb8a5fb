using System.Diagnostics;
using System.Net;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Data;
using Portal.Data.Accounts;
using Portal.Data.Db;
using Portal.Data.Demo;
using Portal.Data.Mail;
using Portal.Data.Service;

namespace Portal.Benchmarks;

/// <summary>
/// `dotnet run -c Release --project Portal.Benchmarks -- tickets [--users 32 --seconds 20 --tickets 100000 --accounts 200 --changes 2]`:
/// the service desk's queue and the customer's request list over a database of 100,000 requests (200 accounts with a buyer
/// each; one in eight requests open, spread over the four queues with due instants), 32 signed-in users at once; each list
/// also while another writer changes `--changes` requests a second (the lists are kept between requests until one changes).
/// </summary>
public static class TicketBench
{
    public static async Task RunAsync(string[] args)
    {
        int Get(string name, int fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var v) ? v : fallback;
        var (users, seconds, count, accounts, changes) = (Get("--users", 32), Get("--seconds", 20), Get("--tickets", 100_000), Get("--accounts", 200), Get("--changes", 2));
        var folder = Path.Combine(Path.GetTempPath(), "portal-bench");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, $"tickets-{count}-{accounts}.db");
        var options = DatabaseOptions.From("Sqlite", $"Data Source={file}", folder);
        Console.WriteLine($"Service desk benchmark: {count:N0} requests, {accounts} accounts, {users} concurrent users, {seconds} s per scenario; {Environment.ProcessorCount} cores");
        if (!File.Exists(file) || args.Contains("--rebuild"))
        {
            foreach (var f in Directory.GetFiles(folder, Path.GetFileName(file) + "*")) File.Delete(f);
            await BuildAsync(options, folder, count, accounts);
        }

        await SpreadDueInstantsAsync(options);
        // after the spread, what the auto-close job (every 15 minutes) would find at once, resolved requests over a week old,
        // is closed here before the portal starts: in the middle of a run it was thousands of writes no desk in steady state
        // makes. (The SLA escalation job finds nothing to do here: the benchmark's requests carry no warning instants.)
        await using (var provider = Services(options, folder))
        {
            var watch = Stopwatch.StartNew();
            var closed = await provider.GetRequiredService<SlaEscalation>().AutoCloseAsync();
            Console.WriteLine($"  auto-close backlog: {closed:N0} closed in {watch.Elapsed.TotalSeconds:F0} s");
        }

        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Portal.sln"))) root = root.Parent;
        var configuration = AppContext.BaseDirectory.Contains("/Release/") ? "Release" : "Debug";
        var web = Path.Combine(root!.FullName, "Portal.Web", "bin", configuration, "net10.0", "Portal.Web.dll");
        var portal = new Uri($"http://127.0.0.1:{5900 + Random.Shared.Next(90)}");
        var start = new ProcessStartInfo("dotnet", [web, "--urls", portal.ToString()])
        {
            WorkingDirectory = Path.Combine(root.FullName, "Portal.Web"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["ConnectionStrings__Portal"] = options.ConnectionString, ["Portal__DemoData"] = "false", ["Portal__PublicUrl"] = portal.ToString(),
                ["Portal__SignInAttemptsPerMinute"] = "100000", ["Mail__PickupDirectory"] = Path.Combine(folder, "mail"),
                ["Logging__LogLevel__Default"] = "Warning", ["ASPNETCORE_ENVIRONMENT"] = "Production",
            },
        };
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("portal: " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using (var probe = new HttpClient { BaseAddress = portal })
                for (var i = 0; ; i++)
                {
                    try { if ((await probe.GetAsync("/health")).IsSuccessStatusCode) break; } catch (HttpRequestException) { }
                    if (i > 240 || process.HasExited) throw new InvalidOperationException("The portal did not start.");
                    await Task.Delay(250);
                }
            var duration = TimeSpan.FromSeconds(seconds);

            var desk = await Task.WhenAll(Enumerable.Range(0, users).Select(_ => SignInAsync(portal, "desk@supplier.test", DemoData.Password)));
            var views = new[] { "/desk/requests", "/desk/requests?view=unassigned", "/desk/requests?sort=newest&status=all", "/desk/requests?breached=true", "/desk/requests?status=Resolved&p=3", "/desk/requests?soon=true&sort=resolution" };
            // the first figures of a fresh process include its JIT tiering up: after a 3 or 10 s warm-up the desk's first run took
            // two to three times the CPU per request of the same views run again straight after it
            await Load.RunAsync("warm-up", desk, TimeSpan.FromSeconds(30), async (c, n) => (await c.Http.GetAsync(views[n % views.Length])).StatusCode == HttpStatusCode.OK);
            Console.WriteLine(await Measured(() => Load.RunAsync("desk queue", desk, duration, async (c, n) => (await c.Http.GetAsync(views[n % views.Length])).StatusCode == HttpStatusCode.OK)));
            Console.WriteLine(await Measured(() => WhileChanging(() => Load.RunAsync($"desk queue, {changes}/s chg", desk, duration, async (c, n) => (await c.Http.GetAsync(views[n % views.Length])).StatusCode == HttpStatusCode.OK))));
            // the floor under every signed-in page on this machine: the same users, the same cookie and session checks, the
            // layout with its forms, and no data (the "access denied" page)
            Console.WriteLine(await Measured(() => Load.RunAsync("signed-in page, no data", desk, duration, async (c, n) => (await c.Http.GetAsync("/Identity/Account/AccessDenied")).StatusCode == HttpStatusCode.OK)));

            var buyers = await Task.WhenAll(Enumerable.Range(0, users).Select(i => SignInAsync(portal, DataSet.BuyerEmail(i % accounts), DataSet.Password)));
            var lists = new[] { "/requests", "/requests?status=all", "/requests?status=all&p=3", "/requests?status=Resolved" };
            await Load.RunAsync("warm-up", buyers, TimeSpan.FromSeconds(3), async (c, n) => (await c.Http.GetAsync(lists[n % lists.Length])).StatusCode == HttpStatusCode.OK);
            Console.WriteLine(await Measured(() => Load.RunAsync("customer requests", buyers, duration, async (c, n) => (await c.Http.GetAsync(lists[n % lists.Length])).StatusCode == HttpStatusCode.OK)));
            Console.WriteLine(await Measured(() => WhileChanging(() => Load.RunAsync($"customer req, {changes}/s chg", buyers, duration, async (c, n) => (await c.Http.GetAsync(lists[n % lists.Length])).StatusCode == HttpStatusCode.OK))));

            // the lists are kept between requests until a request (or a name they show) changes: the same load again while
            // another writer changes `changes` requests a second (each change moves the lists' version, as a desk at work does)
            async Task<Figures> WhileChanging(Func<Task<Figures>> run)
            {
                using var stop = new CancellationTokenSource();
                var writer = Task.Run(async () =>
                {
                    await using var c = await ConnectionFactory.For(options).OpenAsync();
                    for (var n = 0; !stop.IsCancellationRequested; n++)
                    {
                        await c.ExecuteAsync("UPDATE Tickets SET Version = Version + 1 WHERE Number = @Number", new { Number = $"RQ-B{n * 7919L % count:D7}" });
                        try { await Task.Delay(1000 / Math.Max(1, changes), stop.Token); } catch (OperationCanceledException) { }
                    }
                });
                var figures = await run();
                await stop.CancelAsync();
                await writer;
                return figures;
            }

            // the machine is shared: besides the latencies (which depend on whatever else runs), the portal's own CPU time
            // per request, which does not
            // and how many times the lists' version moved meanwhile (each move makes the next look at each list read it again)
            async Task<string> Measured(Func<Task<Figures>> run)
            {
                process.Refresh();
                var before = process.TotalProcessorTime;
                var version = await ListVersionAsync();
                var figures = await run();
                process.Refresh();
                var cpu = (process.TotalProcessorTime - before).TotalMilliseconds;
                return $"{figures}   portal CPU {cpu / Math.Max(1, figures.Requests + figures.Failures):F2} ms/request   list changes {await ListVersionAsync() - version}";
            }

            async Task<long> ListVersionAsync()
            {
                await using var c = await ConnectionFactory.For(options).OpenAsync();
                return await c.ExecuteScalarAsync<long>("SELECT Version FROM ListVersions WHERE Name = 'ServiceDesk'");
            }
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }

    /// <summary>Signs in (the lists are only read: no form token is needed, and the desk has no cart to take one from).</summary>
    private static async Task<BuyerClient> SignInAsync(Uri portal, string email, string password)
    {
        var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer(), MaxConnectionsPerServer = 4 })
        {
            BaseAddress = portal,
            Timeout = TimeSpan.FromSeconds(60),
        };
        var login = await http.GetStringAsync("/Identity/Account/Login");
        var token = WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(login, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value);
        var response = await http.PostAsync("/Identity/Account/Login?returnUrl=%2F", new FormUrlEncodedContent(
            [new("Input.Email", email), new("Input.Password", password), new("__RequestVerificationToken", token)]));
        if (response.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"{email} could not sign in ({(int)response.StatusCode})");
        return new BuyerClient(http, "");
    }

    /// <summary>
    /// Before every run: the open requests' due instants spread around now again (some over, some within the two hours of
    /// "breaching soon", most later), as they were when the database was built. Without it a database built hours or days
    /// earlier has every clock breached and none breaching soon, and the breached and breaching-soon views measure a
    /// different list each time. (The builder wrote '+' || offset, so a negative offset read '+-500 minutes', which SQLite
    /// answers with NULL: no request was ever breached, a quarter had no due instant, and the breached view was empty.)
    /// </summary>
    private static async Task SpreadDueInstantsAsync(DatabaseOptions options)
    {
        await using var c = await ConnectionFactory.For(options).OpenAsync();
        await c.ExecuteAsync("""
            UPDATE Tickets SET
                FirstResponseDueUtc = CASE WHEN Status = 'New' THEN strftime('%Y-%m-%d %H:%M:%S', 'now', ((abs(random()) % 4000) - 1000) || ' minutes') END,
                ResolutionDueUtc = CASE WHEN Status IN ('New', 'Open') THEN strftime('%Y-%m-%d %H:%M:%S', 'now', ((abs(random()) % 20000) - 2000) || ' minutes') END
            WHERE Number LIKE 'RQ-B%' AND Status IN ('New', 'Open', 'WaitingOnCustomer')
            """);
        // resolved within the last week, as on a working desk: otherwise the auto-close job (every 15 minutes) closes the
        // resolved requests of two years, thousands of writes in the middle of a run, and empties the Resolved view
        await c.ExecuteAsync("""
            UPDATE Tickets SET ResolvedUtc = strftime('%Y-%m-%d %H:%M:%S', 'now', '-' || (abs(random()) % 8000) || ' minutes')
            WHERE Number LIKE 'RQ-B%' AND Status = 'Resolved'
            """);
        await c.ExecuteAsync("PRAGMA wal_checkpoint(TRUNCATE);");
    }

    /// <summary>The portal's data layer over the benchmark's database (its mail to the pickup folder).</summary>
    private static ServiceProvider Services(DatabaseOptions options, string folder)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddPortalData(options, new MailOptions { PickupDirectory = Path.Combine(folder, "mail") });
        services.AddIdentityCore<PortalUser>(o => o.User.RequireUniqueEmail = true).AddRoles<PortalRole>()
            .AddUserStore<UserStore>().AddRoleStore<RoleStore>().AddDefaultTokenProviders();
        services.AddPortalAccounts();
        return services.BuildServiceProvider();
    }

    private static async Task BuildAsync(DatabaseOptions options, string folder, int count, int accounts)
    {
        var watch = Stopwatch.StartNew();
        new Migrator(options, NullLogger<Migrator>.Instance).Migrate();
        await using var provider = Services(options, folder);
        await using var scope = provider.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        await sp.GetRequiredService<DemoData>().SeedAsync();
        var store = sp.GetRequiredService<AccountStore>();
        var userManager = sp.GetRequiredService<UserManager<PortalUser>>();
        var buyers = new List<(Guid Account, Guid Site, Guid User)>();
        for (var i = 0; i < accounts; i++)
        {
            var account = (await store.CreateAccountAsync(new NewAccount($"Bench Customer {i:D3}", null, "Europe/London", 480))).Value!;
            var site = (await store.AddSiteAsync(account.Id, new NewSite("MAIN", "Main site", $"{i} Bench Road", null, "London", "E1", "United Kingdom"))).Value!;
            var user = new PortalUser { UserName = DataSet.BuyerEmail(i), Email = DataSet.BuyerEmail(i), DisplayName = $"Bench Buyer {i}", AccountId = account.Id, SiteId = site.Id, EmailConfirmed = true };
            var created = await userManager.CreateAsync(user, DataSet.Password);
            if (!created.Succeeded) throw new InvalidOperationException(string.Join(" ", created.Errors.Select(e => e.Description)));
            await userManager.AddToRoleAsync(user, Roles.Buyer);
            buyers.Add((account.Id, site.Id, user.Id));
        }
        Console.WriteLine($"  {accounts} accounts with a buyer each in {watch.Elapsed.TotalSeconds:F0} s");

        var sql = sp.GetRequiredService<TicketSql>();
        var queues = await sp.GetRequiredService<Tickets>().QueuesAsync();
        var desk = (await userManager.FindByEmailAsync("desk@supplier.test"))!.Id;
        var random = new Random(2026);
        var begin = DateTimeOffset.UtcNow.AddDays(-730);
        var db = sp.GetRequiredService<ConnectionFactory>();
        await using var c = await db.OpenAsync();
        for (var from = 0; from < count; from += 5000)
        {
            await using var tx = await c.BeginTransactionAsync();
            var rows = new List<object>();
            var changes = new List<object>();
            for (var n = from; n < Math.Min(count, from + 5000); n++)
            {
                var (account, site, user) = buyers[n % buyers.Count];
                // the account's own sequence decides the status, so every account (and every bench buyer) has open requests;
                // n % 8 made only every eighth account's requests open and left 28 of the 32 buyers an empty default list
                var k = n / buyers.Count;
                var open = k % 8 == 0;
                var status = open ? (k % 3) switch { 0 => TicketStatus.New, 1 => TicketStatus.Open, _ => TicketStatus.WaitingOnCustomer } : k % 5 == 0 ? TicketStatus.Resolved : TicketStatus.Closed;
                var created = begin.AddMinutes(n * (730.0 * 24 * 60 / count));
                var kind = TicketKind.All[random.Next(TicketKind.All.Count)];
                var id = Guid.NewGuid();
                rows.Add(new
                {
                    Id = id, Number = $"RQ-B{n:D7}", AccountId = account, SiteId = (Guid?)site, OrderId = (Guid?)null, DeliveryId = (Guid?)null, Kind = kind, ClaimType = (string?)null,
                    QueueId = queues.First(q => q.Code == TicketKind.QueueCode(kind)).Id, Subject = $"Bench request {n}", Status = status,
                    Priority = TicketPriority.All[random.Next(4)], Impact = TicketImpact.Moderate, RequesterUserId = (Guid?)user, Now = created,
                });
                changes.Add(new { Id = Guid.NewGuid(), TicketId = id, FromStatus = (string?)null, ToStatus = TicketStatus.New, ChangedByUserId = (Guid?)user, Now = created });
            }
            await c.ExecuteAsync(sql.InsertTicket, rows, tx);
            await c.ExecuteAsync(sql.InsertStatusChange, changes, tx);
            await tx.CommitAsync();
        }
        // half of the new requests assigned, every open and waiting one; closed ones: resolved
        await c.ExecuteAsync($"""
            UPDATE Tickets SET
                AssigneeUserId = CASE WHEN Status IN ('Open', 'WaitingOnCustomer') OR abs(random()) % 2 = 0 THEN '{desk:D}' END,
                ResolvedUtc = CASE WHEN Status IN ('Resolved', 'Closed') THEN CreatedUtc END
            WHERE Number LIKE 'RQ-B%'
            """);
        // no ANALYZE (the builder ran PRAGMA optimize before): the portal never gathers statistics, so the benchmark's
        // database must not have any the real one lacks
        await c.ExecuteAsync("PRAGMA wal_checkpoint(TRUNCATE);");
        Console.WriteLine($"  {count:N0} requests in {watch.Elapsed.TotalSeconds:F0} s");
    }
}
