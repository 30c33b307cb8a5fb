using System.Diagnostics;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Data.Db;
using Portal.Data.Fulfilment;
using Portal.Data.Ordering;
using Portal.Data.Reliability;

namespace Portal.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project Portal.Benchmarks -- reliability [--lines 1000000]</c>: the nightly reliability
/// roll-up over the benchmark's order lines. Works on a copy of the benchmark's data set (built first if missing), to
/// which it gives a promise ledger once (kept for the next run): every order confirmed, most delivered (on time, early,
/// late, short, some re-promised before or after the date), the last weeks' orders still open. Prints the time of the
/// full refresh (from empty with <c>--from-empty</c>; then as the nightly job finds it: the figures of the night before
/// stored, a day passed), and of one order's refresh after a delivery.
/// </summary>
public static class ReliabilityBench
{
    public static async Task RunAsync(string[] args)
    {
        int Get(string name, int fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var v) ? v : fallback;
        var (products, accounts, lines) = (Get("--products", 100_000), Get("--accounts", 200), Get("--lines", 1_000_000));
        var folder = Path.Combine(Path.GetTempPath(), "portal-bench");
        Directory.CreateDirectory(folder);
        var baseFile = Path.Combine(folder, $"bench-{products}-{accounts}-{lines}.db");
        var file = Path.Combine(folder, $"reliability-{products}-{accounts}-{lines}.db");
        Console.WriteLine($"Reliability roll-up benchmark: {lines:N0} order lines, {accounts} accounts; {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        if (!File.Exists(baseFile))
        {
            Console.WriteLine("Building the benchmark's data set first (kept for the next run):");
            await new DataSet(baseFile, products, accounts, lines).BuildAsync();
        }

        var options = DatabaseOptions.From("Sqlite", $"Data Source={file}", folder);
        if (!File.Exists(file) || args.Contains("--rebuild"))
        {
            foreach (var f in Directory.GetFiles(folder, Path.GetFileName(file) + "*")) File.Delete(f);
            // a consistent copy of the benchmark's data set (SQLite's online backup), so that run's file is never touched
            using (var source = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={baseFile};Mode=ReadOnly"))
            using (var target = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file}"))
            {
                source.Open();
                target.Open();
                source.BackupDatabase(target);
            }
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            new Migrator(options, NullLogger<Migrator>.Instance).Migrate();
            TypeHandlers.Register();
            await AddLedgerAsync(options);
        }
        else
        {
            new Migrator(options, NullLogger<Migrator>.Instance).Migrate();
            TypeHandlers.Register();
        }

        var db = ConnectionFactory.For(options);
        var sql = new ReliabilitySql(SqlDialect.For(options.Provider));
        if (args.Contains("--from-empty"))
        {
            // the first refresh after installing: every line and roll-up row written
            await using (var empty = await db.OpenAsync())
                await empty.ExecuteAsync("DELETE FROM ReliabilityLines; DELETE FROM ReliabilityRollups;");
            await TimeAsync("first refresh (empty)", new ReliabilityRollup(db, sql, TimeProvider.System));
        }
        // the nightly refresh: the figures of the night before are stored; a day has passed since (lines whose promised date
        // went by now count, the waiting ones are a day later); then the same night again (nothing changed)
        await TimeAsync("refresh, a day earlier", new ReliabilityRollup(db, sql, new Shifted(TimeSpan.FromDays(-1))));
        await TimeAsync("nightly refresh", new ReliabilityRollup(db, sql, TimeProvider.System));
        await TimeAsync("nightly, run again", new ReliabilityRollup(db, sql, TimeProvider.System));
        var rollup = new ReliabilityRollup(db, sql, TimeProvider.System);

        await using var c = await db.OpenAsync();
        var orders = (await c.QueryAsync<Guid>("SELECT Id FROM Orders WHERE Status = 'Delivered' LIMIT 50")).ToList();
        var watch = Stopwatch.StartNew();
        foreach (var id in orders) await rollup.RefreshOrderAsync(id);
        Console.WriteLine($"{"one order's refresh",-22} {watch.Elapsed.TotalMilliseconds / orders.Count,8:N1} ms on average over {orders.Count} delivered orders");
    }

    private static async Task TimeAsync(string what, ReliabilityRollup rollup)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var summary = await rollup.RefreshAllAsync();
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        Console.WriteLine($"{what,-24} {summary.Took.TotalSeconds,6:N1} s   {summary.Lines:N0} lines counted ({summary.LinesWritten:N0} written), "
            + $"{summary.RollupRows:N0} roll-up rows ({summary.RollupRowsWritten:N0} written); CPU {cpu.TotalSeconds:N1} s; "
            + $"load average {(File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?")} on {Environment.ProcessorCount} cores");
    }

    /// <summary>The clock of another day (the night before).</summary>
    private sealed class Shifted(TimeSpan by) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + by;
    }

    /// <summary>Confirms every order, ships and delivers those due, with a realistic mix of early, late, short and re-promised lines.</summary>
    private static async Task AddLedgerAsync(DatabaseOptions options)
    {
        var watch = Stopwatch.StartNew();
        var db = ConnectionFactory.For(options);
        var sql = new FulfilmentSql(SqlDialect.For(options.Provider));
        var random = new Random(1511);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        await using var c = await db.OpenAsync();
        var orders = (await c.QueryAsync<(string Id, string Created, string Requested)>("SELECT Id, CreatedUtc, RequestedDeliveryDate FROM Orders ORDER BY CreatedUtc")).ToList();
        var quantities = (await c.QueryAsync<(string OrderId, long Line, long Quantity)>("SELECT OrderId, LineNumber, Quantity FROM OrderLines"))
            .GroupBy(l => l.OrderId).ToDictionary(g => g.Key, g => g.Select(l => ((int)l.Line, (int)l.Quantity)).ToList());
        Console.WriteLine($"  read {orders.Count:N0} orders in {watch.Elapsed.TotalSeconds:F0} s");
        foreach (var batch in orders.Chunk(2000))
        {
            await using var tx = await c.BeginTransactionAsync();
            var promises = new List<object>();
            var shipments = new List<object>();
            var shipmentLines = new List<object>();
            var deliveries = new List<object>();
            var deliveryLines = new List<object>();
            var statuses = new List<object>();
            foreach (var (idText, createdText, requestedText) in batch)
            {
                var id = Guid.Parse(idText);
                var created = DateTimeOffset.Parse(createdText, System.Globalization.CultureInfo.InvariantCulture);
                var requested = DateOnly.Parse(requestedText, System.Globalization.CultureInfo.InvariantCulture);
                var promised = random.Next(10) < 8 ? requested : DeliveryDates.AddBusinessDays(requested, random.Next(1, 4));
                var confirmedAt = created.AddHours(2);
                // how the order went: most on time, some early, some late
                var offset = random.Next(100) switch { < 70 => 0, < 80 => -1, < 90 => random.Next(1, 4), _ => random.Next(4, 10) };
                var arrives = promised.AddDays(offset);
                var delivered = arrives < today;
                foreach (var (line, quantity) in quantities[idText])
                {
                    promises.Add(new { Id = Guid.NewGuid(), OrderId = id, LineNumber = line, PromisedDate = promised, Quantity = quantity, Kind = "Confirmed", ReasonCode = (string?)null, Note = (string?)null, ByUserId = (Guid?)null, AtUtc = confirmedAt });
                    if (random.Next(100) < 8)
                    {
                        // re-promised: before the date (a warning) or after it
                        var madeBefore = random.Next(2) == 0;
                        var at = (madeBefore ? promised.AddDays(-2) : promised.AddDays(1)).ToDateTime(new TimeOnly(10, 0));
                        promises.Add(new
                        {
                            Id = Guid.NewGuid(), OrderId = id, LineNumber = line, PromisedDate = arrives > promised ? arrives : promised.AddDays(2), Quantity = quantity, Kind = "Repromise",
                            ReasonCode = RepromiseReasons.All[random.Next(RepromiseReasons.All.Count)], Note = (string?)null, ByUserId = (Guid?)null, AtUtc = new DateTimeOffset(at, TimeSpan.Zero),
                        });
                    }
                }
                if (!delivered)
                {
                    statuses.Add(new { OrderId = id, OldStatus = OrderStatus.Submitted, NewStatus = OrderStatus.Confirmed });
                    continue;
                }
                var shipment = Guid.NewGuid();
                var delivery = Guid.NewGuid();
                shipments.Add(new { Id = shipment, OrderId = id, Carrier = "DHL", TrackingRef = (string?)null, ShippedUtc = new DateTimeOffset(arrives.AddDays(-1).ToDateTime(new TimeOnly(8, 0)), TimeSpan.Zero), ByUserId = (Guid?)null });
                deliveries.Add(new { Id = delivery, ShipmentId = shipment, OrderId = id, DeliveredDate = arrives, RecordedUtc = new DateTimeOffset(arrives.ToDateTime(new TimeOnly(17, 0)), TimeSpan.Zero), ByUserId = (Guid?)null });
                foreach (var (line, quantity) in quantities[idText])
                {
                    shipmentLines.Add(new { ShipmentId = shipment, LineNumber = line, Quantity = quantity });
                    var arrived = random.Next(100) < 5 ? Math.Max(0, quantity - random.Next(1, quantity + 1)) : quantity;
                    deliveryLines.Add(new { DeliveryId = delivery, LineNumber = line, Quantity = arrived });
                }
                statuses.Add(new { OrderId = id, OldStatus = OrderStatus.Submitted, NewStatus = OrderStatus.Delivered });
            }
            await c.ExecuteAsync(sql.InsertPromise, promises, tx);
            await c.ExecuteAsync(sql.InsertShipment, shipments, tx);
            await c.ExecuteAsync(sql.InsertShipmentLine, shipmentLines, tx);
            await c.ExecuteAsync(sql.InsertDelivery, deliveries, tx);
            await c.ExecuteAsync(sql.InsertDeliveryLine, deliveryLines, tx);
            await c.ExecuteAsync(sql.SetStatus, statuses, tx);
            await tx.CommitAsync();
        }
        await c.ExecuteAsync("PRAGMA optimize; PRAGMA wal_checkpoint(TRUNCATE);");
        Console.WriteLine($"  promise ledger, shipments and deliveries for {orders.Count:N0} orders in {watch.Elapsed.TotalSeconds:F0} s");
    }
}
