using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Data.Db;
using Portal.Data.Mail;
using Portal.Data.Relationships;

namespace Portal.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project Portal.Benchmarks -- health-eval [--data FILE] [--rebuild] [--tune]</c>:
/// imports the Online Retail file once (timed; kept for the next run), then for each cut date (none later than
/// 2011-06-30) scores every account that had ordered by then, using only what was known then, and labels it by whether
/// it ordered in the following three months. Prints precision and recall of <c>silent</c>, ROC AUC of <c>risk</c> and
/// of the baseline (a logistic regression on recency, frequency and spend, fitted on the very data it is scored on,
/// which flatters it), per cut date and pooled; and the time to score every account as of a date.
/// </summary>
public static class HealthEval
{
    public static readonly DateOnly[] Cuts = [new(2011, 3, 31), new(2011, 4, 30), new(2011, 5, 31), new(2011, 6, 30)];

    public static async Task<int> RunAsync(string[] args)
    {
        string? Option(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        var data = Option("--data") is { } given ? Path.GetFullPath(given) : DefaultData();
        if (data is null || !File.Exists(data))
        {
            Console.WriteLine($"health-eval: the Online Retail file is not here ({data ?? "../shared/data/online-retail.csv.gz next to the repository"}); " +
                              "nothing to evaluate. Pass --data FILE or put the file at ../shared/data/online-retail.csv.gz.");
            return 0;
        }

        var folder = Path.Combine(Path.GetTempPath(), "portal-bench");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, "health-eval.db");
        if (args.Contains("--rebuild"))
            foreach (var f in Directory.GetFiles(folder, "health-eval.db*")) File.Delete(f);
        var fresh = !File.Exists(file);
        var options = DatabaseOptions.From("Sqlite", $"Data Source={file}", folder);
        var services = new ServiceCollection().AddLogging().AddPortalData(options, new MailOptions()).BuildServiceProvider();
        services.GetRequiredService<Migrator>().Migrate();
        Console.WriteLine($"Relationship health evaluation on {data}");
        if (fresh)
        {
            var watch = Stopwatch.StartNew();
            var result = await services.GetRequiredService<HistoryImport>().ImportFileAsync(data, HistoryFormat.OnlineRetail);
            Console.WriteLine($"Imported in {watch.Elapsed.TotalSeconds:0.0} s (kept in {file}; --rebuild imports again):");
            Console.WriteLine(result.Summary());
        }

        var health = services.GetRequiredService<RelationshipHealth>();
        var sets = new List<(DateOnly Cut, List<(AccountFacts Facts, bool Churned)> Rows, double Seconds)>();
        foreach (var cut in Cuts)
        {
            var watch = Stopwatch.StartNew();
            var facts = await health.FactsAsync(cut);
            var scoredCount = facts.Select(f => HealthScoring.Score(f, cut)).Count();
            var seconds = watch.Elapsed.TotalSeconds;
            var later = (await health.FactsAsync(cut.AddMonths(3))).ToDictionary(f => f.AccountId);
            var from = new DateTimeOffset(cut.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            var rows = facts.Where(f => f.Orders.Any(o => o.IsPurchase))
                .Select(f => (f, !later[f.AccountId].Orders.Any(o => o.IsPurchase && o.PlacedUtc >= from)))
                .ToList();
            sets.Add((cut, rows, seconds));
            Console.WriteLine($"Scored {scoredCount:N0} accounts as of {cut:yyyy-MM-dd} in {seconds:0.00} s (facts read from the database and scored)");
        }

        if (args.Contains("--tune")) Tune(sets.Select(s => (s.Cut, s.Rows)).ToList());

        Console.WriteLine();
        Console.WriteLine("Label: no order in the three months after the cut date (the account stopped buying, for now).");
        Console.WriteLine($"{"cut date",-10} {"accounts",8} {"stopped",8} {"silent",7} {"precision",9} {"recall",7} {"AUC risk",9} {"AUC RFM logistic",16} {"AUC rhythm only",15}");
        var pooled = new List<(double Risk, double Baseline, double Rhythm, bool Silent, bool Churned)>();
        var rhythmOnly = HealthModel.Default with { Weights = [0, 1, 0, 0, 0, 0, 0, 0, 0, 0] };
        foreach (var (cut, rows, _) in sets)
        {
            var scored = rows.Select(r => (Health: HealthScoring.Score(r.Facts, cut), r.Churned, Features: Baseline.Features(r.Facts, cut))).ToList();
            var weights = Baseline.Fit(scored.Select(s => (s.Features, s.Churned)).ToList());
            var list = scored.Select((s, i) => (s.Health.Risk, Baseline.Predict(weights, s.Features), HealthScoring.Score(rows[i].Facts, cut, rhythmOnly).Risk, s.Health.Silent, s.Churned)).ToList();
            pooled.AddRange(list);
            Print(cut.ToString("yyyy-MM-dd"), list);
        }
        Print("pooled", pooled);
        Console.WriteLine("AUC RFM logistic: the baseline, a logistic regression on log recency, log order days and log spend of the last year, fitted per cut date on the very accounts it is scored on (which flatters it).");
        Console.WriteLine("AUC rhythm only: the score's BG/NBD-style core alone (the account's own rate and a common dropout), before the fitted weights.");
        return 0;
    }

    private static void Print(string label, List<(double Risk, double Baseline, double Rhythm, bool Silent, bool Churned)> rows)
    {
        var silent = rows.Count(r => r.Silent);
        var hits = rows.Count(r => r.Silent && r.Churned);
        var churned = rows.Count(r => r.Churned);
        Console.WriteLine($"{label,-10} {rows.Count,8:N0} {churned,8:N0} {silent,7:N0} {Ratio(hits, silent),9:0.000} {Ratio(hits, churned),7:0.000} " +
                          $"{Auc(rows.Select(r => (r.Risk, r.Churned))),9:0.000} {Auc(rows.Select(r => (r.Baseline, r.Churned))),16:0.000} {Auc(rows.Select(r => (r.Rhythm, r.Churned))),15:0.000}");
    }

    private static double Ratio(int a, int b) => b == 0 ? 0 : (double)a / b;

    /// <summary>ROC AUC as the Mann-Whitney statistic: the chance a stopped account ranks above one that kept buying (ties count half).</summary>
    public static double Auc(IEnumerable<(double Score, bool Positive)> rows)
    {
        var sorted = rows.OrderBy(r => r.Score).ToList();
        double positives = sorted.Count(r => r.Positive), negatives = sorted.Count - positives, rankSum = 0;
        for (var i = 0; i < sorted.Count;)
        {
            var j = i;
            while (j < sorted.Count && sorted[j].Score == sorted[i].Score) j++;
            var rank = (i + 1 + j) / 2.0; // average rank of the tie group (1-based)
            for (var k = i; k < j; k++) if (sorted[k].Positive) rankSum += rank;
            i = j;
        }
        return positives == 0 || negatives == 0 ? double.NaN : (rankSum - positives * (positives + 1) / 2) / (positives * negatives);
    }

    private static void Tune(List<(DateOnly Cut, List<(AccountFacts Facts, bool Churned)> Rows)> sets)
    {
        Console.WriteLine("Tuning on the cut dates:");
        var rhythmOnly = HealthModel.Default with { Weights = [0, 1, 0, 0, 0, 0, 0, 0, 0, 0] };
        var best = (Auc: 0.0, Model: rhythmOnly);
        foreach (var shape in new[] { 0.1, 0.3, 0.6, 1.0 })
        foreach (var scale in new[] { 30.0, 60.0, 120.0 })
        foreach (var dropout in new[] { 0.02, 0.05, 0.1, 0.2 })
        {
            var model = rhythmOnly with { RateShape = shape, RateScale = scale, Dropout = dropout };
            var auc = Auc(sets.SelectMany(s => s.Rows.Select(r => (HealthScoring.Score(r.Facts, s.Cut, model).Risk, r.Churned))));
            if (auc > best.Auc) best = (auc, model);
        }
        Console.WriteLine($"  rhythm (BG/NBD-style) alone: best pooled AUC {best.Auc:0.0000} with shape {best.Model.RateShape}, scale {best.Model.RateScale}, dropout {best.Model.Dropout}");

        var bestFit = (Auc: 0.0, Weights: Array.Empty<double>(), Gap: 0.0);
        foreach (var prior in new[] { 30.0, 60.0, 90.0 })
        {
            var model = best.Model with { PriorGapDays = prior };
            var rows = sets.SelectMany(s => s.Rows.Select(r => (HealthScoring.Features(Rhythm.Of(r.Facts.Orders, At(s.Cut)), Cancelled(r.Facts, s.Cut), model), r.Churned))).ToList();
            var fit = Baseline.Fit(rows);
            // back from standardised features to the raw ones the scorer multiplies
            var weights = new double[fit.Weights.Length];
            weights[0] = fit.Weights[0];
            for (var j = 0; j < fit.Mean.Length; j++)
            {
                weights[j + 1] = fit.Weights[j + 1] / fit.Sd[j];
                weights[0] -= fit.Weights[j + 1] * fit.Mean[j] / fit.Sd[j];
            }
            var fitted = model with { Weights = weights, RhythmShare = 0 };
            var auc = Auc(sets.SelectMany(s => s.Rows.Select(r => (HealthScoring.Score(r.Facts, s.Cut, fitted).Risk, r.Churned))));
            Console.WriteLine($"  prior gap {prior} days: fitted AUC {auc:0.0000}, weights [{string.Join(", ", weights.Select(w => w.ToString("0.####", CultureInfo.InvariantCulture)))}]");
            if (auc > bestFit.Auc) bestFit = (auc, weights, prior);
        }

        var final = best.Model with { Weights = bestFit.Weights, PriorGapDays = bestFit.Gap };
        foreach (var share in new[] { 0.0, 0.25, 0.5, 0.75 })
            Console.WriteLine($"  rhythm share {share}: pooled AUC {Auc(sets.SelectMany(s => s.Rows.Select(r => (HealthScoring.Score(r.Facts, s.Cut, final with { RhythmShare = share }).Risk, r.Churned)))):0.0000}");
        foreach (var gaps in new[] { 1.0, 1.5, 2.0, 2.5, 3.0 })
        foreach (var min in new[] { 30.0, 45.0, 60.0, 90.0 })
        {
            var model = final with { SilentGaps = gaps, SilentMinDays = min };
            var rows = sets.SelectMany(s => s.Rows.Select(r => (HealthScoring.Score(r.Facts, s.Cut, model).Silent, r.Churned))).ToList();
            var flagged = rows.Count(r => r.Silent);
            var hits = rows.Count(r => r.Silent && r.Churned);
            double precision = Ratio(hits, flagged), recall = Ratio(hits, rows.Count(r => r.Churned));
            Console.WriteLine($"  silent after {gaps} gaps and {min} days: precision {precision:0.000}, recall {recall:0.000}, F1 {(precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)):0.000}");
        }
    }

    private static DateTimeOffset At(DateOnly cut) => new(cut.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    private static int Cancelled(AccountFacts facts, DateOnly cut) =>
        facts.Orders.Count(o => !o.IsPurchase && o.PlacedUtc >= At(cut).AddDays(-HealthScoring.RecentDays) && o.PlacedUtc < At(cut));

    private static string? DefaultData()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Portal.sln"))) dir = dir.Parent;
        return dir is null ? null : Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data", "online-retail.csv.gz"));
    }
}

/// <summary>The baseline: logistic regression on recency, frequency and monetary value (standardised), by gradient descent.</summary>
public static class Baseline
{
    public static double[] Features(AccountFacts facts, DateOnly cut)
    {
        var rhythm = Rhythm.Of(facts.Orders, new DateTimeOffset(cut.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
        return [Math.Log(1 + rhythm.Recency), Math.Log(rhythm.Days), Math.Log(1 + Math.Max(0, rhythm.LastYearSpend))];
    }

    public static (double[] Weights, double[] Mean, double[] Sd) Fit(List<(double[] X, bool Y)> rows)
    {
        var n = rows[0].X.Length;
        var mean = Enumerable.Range(0, n).Select(j => rows.Average(r => r.X[j])).ToArray();
        var sd = Enumerable.Range(0, n).Select(j => Math.Sqrt(rows.Average(r => Math.Pow(r.X[j] - mean[j], 2))) is var s && s > 0 ? s : 1).ToArray();
        var w = new double[n + 1];
        for (var iteration = 0; iteration < 2000; iteration++)
        {
            var gradient = new double[n + 1];
            foreach (var (x, y) in rows)
            {
                var error = Sigmoid(Linear(w, x, mean, sd)) - (y ? 1 : 0);
                gradient[0] += error;
                for (var j = 0; j < n; j++) gradient[j + 1] += error * (x[j] - mean[j]) / sd[j];
            }
            for (var j = 0; j <= n; j++) w[j] -= 0.5 * gradient[j] / rows.Count;
        }
        return (w, mean, sd);
    }

    public static double Predict((double[] Weights, double[] Mean, double[] Sd) model, double[] x) => Sigmoid(Linear(model.Weights, x, model.Mean, model.Sd));

    private static double Linear(double[] w, double[] x, double[] mean, double[] sd)
    {
        var z = w[0];
        for (var j = 0; j < x.Length; j++) z += w[j + 1] * (x[j] - mean[j]) / sd[j];
        return z;
    }

    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));
}
