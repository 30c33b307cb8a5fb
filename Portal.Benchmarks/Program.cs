using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Portal.Benchmarks;

// dotnet run -c Release --project Portal.Benchmarks [-- --users 32 --seconds 20 --products 100000 --accounts 200 --lines 1000000]
// dotnet run -c Release --project Portal.Benchmarks -- health-eval [--data FILE] [--rebuild] [--tune]
if (args.Length > 0 && args[0] == "health-eval") return await HealthEval.RunAsync(args[1..]);

// dotnet run -c Release --project Portal.Benchmarks -- rhythm-eval | schedules (see RhythmEval.cs, ScheduleBench.cs)
if (args is ["rhythm-eval", ..]) { await RhythmEval.RunAsync(args[1..]); return 0; }
if (args is ["schedules", ..]) { await ScheduleBench.RunAsync(args[1..]); return 0; }
// dotnet run -c Release --project Portal.Benchmarks -- reliability: the nightly reliability roll-up over the 1,000,000 lines
if (args.Length > 0 && args[0] == "reliability")
{
    await ReliabilityBench.RunAsync(args);
    return 0;
}
// dotnet run -c Release --project Portal.Benchmarks -- tickets [--users 32 --seconds 20 --tickets 100000]: the service desk (TicketBench.cs)
if (args.Length > 0 && args[0] == "tickets")
{
    await TicketBench.RunAsync(args);
    return 0;
}
var options = Args.Parse(args);
var folder = Path.Combine(Path.GetTempPath(), "portal-bench");
var file = Path.Combine(folder, $"bench-{options.Products}-{options.Accounts}-{options.Lines}.db");
Directory.CreateDirectory(folder);
Console.WriteLine($"Portal benchmark: {options.Products:N0} products, {options.Accounts} accounts, {options.Lines:N0} order lines, {options.Users} concurrent buyers, {options.Seconds} s per scenario");
Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}");

var data = new DataSet(file, options.Products, options.Accounts, options.Lines);
if (!File.Exists(file) || options.Rebuild)
{
    foreach (var f in Directory.GetFiles(folder, Path.GetFileName(file) + "*")) File.Delete(f);
    Console.WriteLine("Building the data set (kept for the next run; --rebuild makes it again):");
    await data.BuildAsync();
}

// the portal, started as its own process (Release build), on the data set
var root = new DirectoryInfo(AppContext.BaseDirectory);
while (root is not null && !File.Exists(Path.Combine(root.FullName, "Portal.sln"))) root = root.Parent;
var configuration = AppContext.BaseDirectory.Contains("/Release/") ? "Release" : "Debug";
var webFolder = Path.Combine(root!.FullName, "Portal.Web", "bin", configuration, "net10.0");
var web = Path.Combine(webFolder, "Portal.Web.dll");
var port = 5400 + Random.Shared.Next(500);
var portal = new Uri($"http://127.0.0.1:{port}");
var start = new ProcessStartInfo("dotnet", [web, "--urls", portal.ToString()])
{
    WorkingDirectory = Path.Combine(root.FullName, "Portal.Web"),
    RedirectStandardOutput = true,
    RedirectStandardError = true,
    Environment =
    {
        ["ConnectionStrings__Portal"] = data.Options.ConnectionString,
        ["Portal__DemoData"] = "false",
        ["Portal__PublicUrl"] = portal.ToString(),
        ["Portal__SignInAttemptsPerMinute"] = "100000",
        ["Mail__PickupDirectory"] = Path.Combine(folder, "mail"),
        ["Logging__LogLevel__Default"] = "Warning",
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
    },
};
using var process = Process.Start(start)!;
process.OutputDataReceived += (_, _) => { };
process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("portal: " + e.Data); };
process.BeginOutputReadLine();
process.BeginErrorReadLine();
long peak = 0;
using var sampler = new Timer(_ => peak = Math.Max(peak, Memory.PeakBytes(process.Id)), null, 0, 250);
try
{
    using (var probe = new HttpClient { BaseAddress = portal })
    {
        for (var i = 0; ; i++)
        {
            try { if ((await probe.GetAsync("/health")).IsSuccessStatusCode) break; } catch (HttpRequestException) { }
            if (i > 240 || process.HasExited) throw new InvalidOperationException("The portal did not start.");
            await Task.Delay(250);
        }
    }

    var clients = await Task.WhenAll(Enumerable.Range(0, options.Users).Select(i => BuyerClient.SignInAsync(portal, DataSet.BuyerEmail(i % options.Accounts), DataSet.Password)));
    var words = new[] { "bag", "heart", "red", "vintage", "cake", "candle holder", "retrospot", "lunch bag", "jumbo", "tin", "christmas", "mug", "pink", "light", "box" };
    var skus = Enumerable.Range(0, 200).Select(i => $"B{(i * 487) % options.Products:D6}").ToArray();
    var duration = TimeSpan.FromSeconds(options.Seconds);

    // warm up every path once
    await Load.RunAsync("warm-up", clients, TimeSpan.FromSeconds(3), async (c, n) => (await c.Http.GetAsync($"/catalog?q={words[n % words.Length]}")).IsSuccessStatusCode);

    var search = await Load.RunAsync("catalog search", clients, duration, async (c, n) =>
    {
        var response = await c.Http.GetAsync($"/catalog?q={Uri.EscapeDataString(words[n % words.Length])}&p={1 + n % 3}");
        return response.StatusCode == HttpStatusCode.OK;
    });
    Console.WriteLine(search);

    var history = await Load.RunAsync("order history", clients, duration, async (c, n) =>
    {
        var url = (n % 4) switch { 0 => "/orders", 1 => $"/orders?p={1 + n % 20}", 2 => $"/orders?po=PO-{n % 9973}", _ => $"/orders?status=Submitted&p=2" };
        return (await c.Http.GetAsync(url)).StatusCode == HttpStatusCode.OK;
    });
    Console.WriteLine(history);

    var earliest = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(14));
    while (earliest.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) earliest = earliest.AddDays(1);
    var submitted = 0;
    var submitStart = DateTimeOffset.UtcNow;
    var submit = await Load.RunAsync("order submission", clients, duration, async (c, n) =>
    {
        var lines = string.Join("\n", Enumerable.Range(0, 10).Select(k => $"{skus[(n + k * 17) % skus.Length]} 24"));
        var quick = await c.PostAsync("/cart?handler=QuickOrder", [new("quick", lines)]);
        if (quick.StatusCode != HttpStatusCode.Redirect) return false;
        var placed = await c.PostAsync("/checkout", [new("Input.RequestedDeliveryDate", earliest.ToString("yyyy-MM-dd")), new("Input.IdempotencyKey", Guid.NewGuid().ToString("N")), new("Input.PoNumber", "BENCH")]);
        var ok = placed.StatusCode == HttpStatusCode.Redirect && Regex.IsMatch(placed.Headers.Location?.ToString() ?? "", "^/orders/SO-");
        if (ok) Interlocked.Increment(ref submitted);
        return ok;
    });
    Console.WriteLine(submit with { Name = "order submission" });
    Console.WriteLine($"{"orders submitted",-22} {submitted,8:N0} orders of 10 lines {submitted / submit.Seconds,9:N1} orders/s (quick order + checkout per order)");

    // mail: what the submission run queued (a confirmation per order), how much of it went out during the run, and how long the rest took
    var mail = await MailFigures.ReadAsync(data.Options, submitStart);
    Console.WriteLine($"{"mail during the run",-22} {mail.Sent,8:N0} of {mail.Queued:N0} sent {mail.Sent / submit.Seconds,9:N1} mails/s   {mail.Queued - mail.Sent:N0} waiting when the run ended");
    var drain = System.Diagnostics.Stopwatch.StartNew();
    while (mail.Sent < mail.Queued && drain.Elapsed < TimeSpan.FromSeconds(120))
    {
        await Task.Delay(100);
        mail = await MailFigures.ReadAsync(data.Options, submitStart);
    }
    Console.WriteLine($"{"mail drained",-22} {mail.Sent,8:N0} of {mail.Queued:N0} sent {mail.Sent / (submit.Seconds + drain.Elapsed.TotalSeconds),9:N1} mails/s   the rest took {drain.Elapsed.TotalSeconds:N1} s after the run");
}
finally
{
    peak = Math.Max(peak, Memory.PeakBytes(process.Id));
    Console.WriteLine($"{"portal peak memory",-22} {peak / 1024.0 / 1024.0,8:N0} MB (VmHWM of the portal process)");
    if (!process.HasExited) process.Kill(entireProcessTree: true);
}
return 0;

sealed record Args(int Users, int Seconds, int Products, int Accounts, int Lines, bool Rebuild)
{
    public static Args Parse(string[] args)
    {
        int Get(string name, int fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var v) ? v : fallback;
        return new(Get("--users", 32), Get("--seconds", 20), Get("--products", 100_000), Get("--accounts", 200), Get("--lines", 1_000_000), args.Contains("--rebuild"));
    }
}

/// <summary>The outbox rows queued since an instant, and how many of them are sent.</summary>
static class MailFigures
{
    public sealed class Progress
    {
        public long Queued { get; init; }
        public long Sent { get; init; }
    }

    public static async Task<Progress> ReadAsync(Portal.Data.Db.DatabaseOptions options, DateTimeOffset since)
    {
        Portal.Data.Db.TypeHandlers.Register();
        var sql = new Portal.Data.Mail.MailSql(Portal.Data.Db.SqlDialect.For(options.Provider));
        await using var c = await Portal.Data.Db.ConnectionFactory.For(options).OpenAsync();
        return await Dapper.SqlMapper.QuerySingleAsync<Progress>(c, sql.Progress, new { Since = since });
    }
}

static class Memory
{
    /// <summary>The peak resident set (VmHWM) of a process, from /proc.</summary>
    public static long PeakBytes(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:"));
            return line is null ? 0 : long.Parse(Regex.Match(line, "\\d+").Value) * 1024;
        }
        catch (IOException) { return 0; }
    }
}
