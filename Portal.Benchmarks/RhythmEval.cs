using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using CsvHelper;
using CsvHelper.Configuration;
using Portal.Data.Replenishment;

namespace Portal.Benchmarks;

/// <summary>
/// dotnet run -c Release --project Portal.Benchmarks -- rhythm-eval [--days 14] [--file path]
///
/// Replays the Online Retail year (../shared/data/online-retail.csv.gz, not part of the repository) at month-end cut dates
/// from 2011-01-31 to 2011-06-30: at each cut the portal's own <see cref="RhythmRule"/> sees only the purchases up to that
/// day and names the items it says are due; then the next N days show whether the customer bought them (precision) and
/// how many of the items they bought again in those days had been suggested (recall). Two naive baselines: "every regular
/// item" (bought on 3+ days in the last year, due or not) and "the last order again". The due thresholds are tuned on these
/// cut dates only (a grid, best F1), and the defaults of <see cref="RhythmRule"/> are the tuned ones.
/// </summary>
public static class RhythmEval
{
    public static readonly DateOnly[] Cuts = Enumerable.Range(1, 6).Select(m => new DateOnly(2011, m, 1).AddMonths(1).AddDays(-1)).ToArray();

    public static async Task<int> RunAsync(string[] args)
    {
        var days = Get(args, "--days", 14);
        var file = Path.GetFullPath(GetText(args, "--file") ?? FindData());
        if (!File.Exists(file))
        {
            Console.WriteLine($"rhythm-eval: skipped. The Online Retail file is not here ({file}); it lives in ../shared/data beside the project " +
                              "on the build machine, not in the repository. Pass --file <path to online-retail.csv.gz> to use a copy of your own.");
            return 0;
        }
        var watch = Stopwatch.StartNew();
        var customers = await ReadAsync(file);
        Console.WriteLine($"rhythm-eval: {customers.Count:N0} customers, {customers.Values.Sum(p => p.Length):N0} purchases (customer, day, stock code) read from {Path.GetFileName(file)} in {watch.Elapsed.TotalSeconds:F1} s");
        Console.WriteLine($"Cut dates {string.Join(", ", Cuts.Select(c => c.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))}; an item counts as bought when the customer orders it within {days} days after the cut.");

        // what every customer bought before and after every cut, and the rhythm of each regular item (rule-independent parts)
        var snapshots = new List<Snapshot>();
        foreach (var cut in Cuts)
            foreach (var (_, purchases) in customers)
            {
                var before = purchases.Where(p => p.Date <= cut).ToList();
                if (before.Count == 0) continue;
                var bought = purchases.Where(p => p.Date > cut && p.Date <= cut.AddDays(days)).Select(p => p.Sku).ToHashSet();
                var earlier = before.Where(p => p.Date > cut.AddDays(-RhythmRule.Default.LookbackDays)).Select(p => p.Sku).ToHashSet();
                var lastDay = before.Max(p => p.Date);
                var lastOrder = before.Where(p => p.Date == lastDay).Select(p => p.Sku).ToHashSet();
                snapshots.Add(new Snapshot(cut, RhythmRule.Default.Regular(before, cut), bought, bought.Where(earlier.Contains).ToHashSet(), lastOrder));
            }

        Console.WriteLine();
        Console.WriteLine($"{"suggests",-44} {"suggested",10} {"bought",8} {"precision",10} {"recall (repeats)",17} {"recall (regular)",17} {"F1",6}");
        var regular = Score(snapshots, s => s.Regular.Select(r => r.Sku));
        Print("baseline: every regular item, due or not", regular);
        Print("baseline: the last order again", Score(snapshots, s => s.LastOrder));

        // the grid (cut dates up to 2011-06-30 only)
        var grid = (from dueAt in new[] { 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2 }
                    from stale in new[] { 1.5, 2.0, 2.5, 3.0, 4.0, 6.0 }
                    from lead in new[] { 0, 3, 7, 14 }
                    let rule = RhythmRule.Default with { DueAt = dueAt, StaleAfter = stale, LeadDays = lead }
                    select (Rule: rule, Score: Score(snapshots, s => s.Regular.Where(r => rule.Says(r.DaysSinceLast, r.IntervalDays)).Select(r => r.Sku)))).ToList();
        var best = grid.MaxBy(g => g.Score.F1);
        var shipped = grid.First(g => g.Rule.DueAt == RhythmRule.Default.DueAt && g.Rule.StaleAfter == RhythmRule.Default.StaleAfter && g.Rule.LeadDays == RhythmRule.Default.LeadDays);
        Print($"rule as shipped: {Describe(RhythmRule.Default)}", shipped.Score);
        Print($"best of the grid: {Describe(best.Rule)}", best.Score);
        Console.WriteLine();
        Console.WriteLine("The grid (due at x interval, stale after x interval), best F1 first:");
        foreach (var (rule, score) in grid.OrderByDescending(g => g.Score.F1).Take(10))
            Print($"  {Describe(rule)}", score);
        Console.WriteLine();
        Console.WriteLine("Per cut date, rule as shipped:");
        foreach (var cut in Cuts)
            Print($"  {cut:yyyy-MM-dd}", Score(snapshots.Where(s => s.Cut == cut).ToList(), s => s.Regular.Where(r => r.IsDue).Select(r => r.Sku)));
        Console.WriteLine($"rhythm-eval took {watch.Elapsed.TotalSeconds:F1} s");
        return 0;
    }

    private static string Describe(RhythmRule r) => $"due {r.DueAt:0.0}x-{r.StaleAfter:0.0}x, {r.LeadDays} d ahead";

    private sealed record Snapshot(DateOnly Cut, IReadOnlyList<Rhythm> Regular, HashSet<string> Bought, HashSet<string> Repeats, HashSet<string> LastOrder);

    public sealed record Figures(long Suggested, long Hits, long Repeats, long RepeatsSuggested, long RegularRepeats, long RegularRepeatsSuggested)
    {
        public double Precision => Suggested == 0 ? 0 : (double)Hits / Suggested;
        public double Recall => Repeats == 0 ? 0 : (double)RepeatsSuggested / Repeats;
        public double RegularRecall => RegularRepeats == 0 ? 0 : (double)RegularRepeatsSuggested / RegularRepeats;
        public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);
    }

    private static Figures Score(IReadOnlyList<Snapshot> snapshots, Func<Snapshot, IEnumerable<string>> suggest)
    {
        long suggested = 0, hits = 0, repeats = 0, repeatsSuggested = 0, regularRepeats = 0, regularSuggested = 0;
        foreach (var s in snapshots)
        {
            var set = suggest(s).ToHashSet();
            suggested += set.Count;
            hits += set.Count(s.Bought.Contains);
            repeats += s.Repeats.Count;
            repeatsSuggested += s.Repeats.Count(set.Contains);
            foreach (var r in s.Regular)
            {
                if (!s.Bought.Contains(r.Sku)) continue;
                regularRepeats++;
                if (set.Contains(r.Sku)) regularSuggested++;
            }
        }
        return new Figures(suggested, hits, repeats, repeatsSuggested, regularRepeats, regularSuggested);
    }

    private static void Print(string name, Figures f) =>
        Console.WriteLine($"{name,-44} {f.Suggested,10:N0} {f.Hits,8:N0} {f.Precision,10:P1} {f.Recall,17:P1} {f.RegularRecall,17:P1} {f.F1,6:F3}");

    /// <summary>The purchases of every customer: one per customer, day and stock code (quantities of the day added). Walk-in
    /// sales (no customer), cancellations and negative quantities, and codes that are not products (POST, M, BANK CHARGES...) are left out.</summary>
    public static async Task<Dictionary<string, Purchase[]>> ReadAsync(string file)
    {
        await using var gz = new GZipStream(File.OpenRead(file), CompressionMode.Decompress);
        using var reader = new StreamReader(gz);
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { BadDataFound = null });
        var rows = new Dictionary<(string Customer, DateOnly Day, string Sku), int>();
        await csv.ReadAsync();
        csv.ReadHeader();
        while (await csv.ReadAsync())
        {
            var invoice = csv.GetField("InvoiceNo") ?? "";
            var sku = (csv.GetField("StockCode") ?? "").Trim().ToUpperInvariant();
            var customer = (csv.GetField("CustomerID") ?? "").Trim();
            if (invoice.StartsWith('C') || customer.Length == 0 || sku.Length == 0 || !char.IsAsciiDigit(sku[0])) continue;
            if (!int.TryParse(csv.GetField("Quantity"), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var quantity) || quantity <= 0) continue;
            if (!DateTime.TryParseExact(csv.GetField("InvoiceDate"), "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var when)) continue;
            var key = (customer.EndsWith(".0", StringComparison.Ordinal) ? customer[..^2] : customer, DateOnly.FromDateTime(when), sku);
            rows[key] = rows.GetValueOrDefault(key) + quantity;
        }
        return rows.GroupBy(r => r.Key.Customer).ToDictionary(g => g.Key, g => g.Select(r => new Purchase(r.Key.Day, r.Key.Sku, r.Value)).OrderBy(p => p.Date).ToArray());
    }

    /// <summary>../shared/data/online-retail.csv.gz seen from the repository root (found by walking up to Portal.sln).</summary>
    public static string FindData()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Portal.sln"))) dir = dir.Parent;
        var root = dir?.FullName ?? Directory.GetCurrentDirectory();
        return Path.Combine(root, "..", "shared", "data", "online-retail.csv.gz");
    }

    private static int Get(string[] args, string name, int fallback) =>
        Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var v) ? v : fallback;

    private static string? GetText(string[] args, string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
