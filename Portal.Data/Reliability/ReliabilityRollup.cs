using System.Diagnostics;
using Portal.Data.Fulfilment;

namespace Portal.Data.Reliability;

/// <summary>
/// Derives the line figures (<see cref="LineReliability"/>) and their roll-ups from the promise ledger and the deliveries:
/// in full (the nightly job: every line of every account, in one transaction, so pages never see half a rebuild), or for
/// one order (on each delivery: the order's old figures are taken out of the roll-ups and its new ones added).
/// </summary>
public sealed class ReliabilityRollup(ConnectionFactory db, ReliabilitySql sql, TimeProvider clock)
{
    public async Task<RollupSummary> RefreshAllAsync(CancellationToken ct = default)
    {
        var watch = Stopwatch.StartNew();
        var totals = new Dictionary<RollupKey, Totals>();
        var all = new List<StoredLine>();
        await using var c = await db.OpenAsync(ct);
        await using var tx = await db.BeginWriteAsync(c, ct);
        await c.ExecuteAsync(new CommandDefinition(sql.DeleteAllLines, transaction: tx, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition(sql.DeleteAllRollups, transaction: tx, cancellationToken: ct));
        var accounts = (await c.QueryAsync<Guid>(new CommandDefinition(sql.AccountIds, transaction: tx, cancellationToken: ct))).ToList();
        foreach (var account in accounts)
        {
            var measured = await MeasureAsync(c, tx, sql.LedgerLinesOfAccount, sql.LedgerPromisesOfAccount, sql.LedgerDeliveriesOfAccount, new { AccountId = account }, ct);
            foreach (var m in measured)
            {
                all.Add(m.Stored);
                Add(totals, m.Stored, m.Labels, +1);
            }
        }
        // written in key order: each table is appended to rather than split page by page
        all.Sort((a, b) => string.CompareOrdinal(a.OrderKey, b.OrderKey) is var byOrder and not 0 ? byOrder : a.LineNumber.CompareTo(b.LineNumber));
        await InsertAsync(c, tx, sql.InsertLine, LineColumns, all, ct);
        var rows = totals.OrderBy(t => t.Key.Dimension, StringComparer.Ordinal).ThenBy(t => t.Key.Grain, StringComparer.Ordinal).ThenBy(t => t.Key.Period)
            .ThenBy(t => t.Key.Key, StringComparer.Ordinal).Select(t => t.Value.Row(t.Key)).ToList();
        await InsertAsync(c, tx, sql.InsertRollup, RollupColumns, rows, ct);
        await tx.CommitAsync(ct);
        return new RollupSummary(all.Count, rows.Count, watch.Elapsed);
    }

    /// <summary>Refreshes one order's line figures and moves the roll-ups by the difference.</summary>
    public async Task<RollupSummary> RefreshOrderAsync(Guid orderId, CancellationToken ct = default)
    {
        var watch = Stopwatch.StartNew();
        await using var c = await db.OpenAsync(ct);
        await using var tx = await db.BeginWriteAsync(c, ct);
        var args = new { OrderId = orderId };
        var old = (await c.QueryAsync<StoredLine>(new CommandDefinition(sql.LinesOfOrder, args, tx, cancellationToken: ct))).ToList();
        var measured = await MeasureAsync(c, tx, sql.LedgerLinesOfOrder, sql.LedgerPromisesOfOrder, sql.LedgerDeliveriesOfOrder, args, ct);
        await c.ExecuteAsync(new CommandDefinition(sql.DeleteLinesOfOrder, args, tx, cancellationToken: ct));
        if (measured.Count > 0)
            await c.ExecuteAsync(new CommandDefinition(sql.InsertLine, measured.Select(m => m.Stored).ToList(), tx, cancellationToken: ct));

        var delta = new Dictionary<RollupKey, Totals>();
        var labels = measured.Count > 0 ? measured[0].Labels : null;
        foreach (var m in measured) Add(delta, m.Stored, m.Labels, +1);
        foreach (var line in old) Add(delta, line, labels ?? Labels.Unknown, -1);
        var rows = delta.Select(d => d.Value.Row(d.Key)).ToList();
        foreach (var row in rows)
        {
            await c.ExecuteAsync(new CommandDefinition(sql.AddToRollup, row, tx, cancellationToken: ct));
            await c.ExecuteAsync(new CommandDefinition(sql.DeleteEmptyRollup, row, tx, cancellationToken: ct));
        }
        await tx.CommitAsync(ct);
        return new RollupSummary(measured.Count, rows.Count, watch.Elapsed);
    }

    private static string Key(Guid id) => id.ToString("D");

    private static readonly (string Name, DbType Type, Func<StoredLine, object?> Get)[] LineColumns =
    [
        ("OrderId", DbType.AnsiString, l => l.OrderKey), ("LineNumber", DbType.Int32, l => l.LineNumber), ("AccountId", DbType.AnsiString, l => Key(l.AccountId)),
        ("SiteId", DbType.AnsiString, l => Key(l.SiteId)), ("OrderNumber", DbType.String, l => l.OrderNumber), ("Sku", DbType.String, l => l.Sku),
        ("ProductName", DbType.String, l => l.ProductName), ("CategoryId", DbType.AnsiString, l => l.CategoryId is { } id ? Key(id) : null),
        ("Ordered", DbType.Int32, l => l.Ordered), ("Delivered", DbType.Int32, l => l.Delivered), ("RequestedDate", DbType.Date, l => l.RequestedDate),
        ("FirstDate", DbType.Date, l => l.FirstDate), ("FirstQuantity", DbType.Int32, l => l.FirstQuantity), ("LastDate", DbType.Date, l => l.LastDate),
        ("LastQuantity", DbType.Int32, l => l.LastQuantity), ("CompletedDate", DbType.Date, l => l.CompletedDate), ("CountedOn", DbType.Date, l => l.CountedOn),
        ("OnTimeFirst", DbType.Boolean, l => l.OnTimeFirst), ("OnTimeRequested", DbType.Boolean, l => l.OnTimeRequested), ("OnTimeLast", DbType.Boolean, l => l.OnTimeLast),
        ("IsLate", DbType.Boolean, l => l.IsLate), ("IsShort", DbType.Boolean, l => l.IsShort), ("DaysLate", DbType.Int32, l => l.DaysLate),
        ("Warned", DbType.Boolean, l => l.Warned), ("ReasonCode", DbType.String, l => l.ReasonCode),
    ];

    private static readonly (string Name, DbType Type, Func<RollupRow, object?> Get)[] RollupColumns =
    [
        ("Dimension", DbType.String, r => r.Dimension), ("DimensionKey", DbType.String, r => r.DimensionKey), ("Grain", DbType.String, r => r.Grain),
        ("PeriodStart", DbType.Date, r => r.PeriodStart), ("AccountId", DbType.AnsiString, r => r.AccountId is { } id ? Key(id) : null), ("Label", DbType.String, r => r.Label),
        ("Lines", DbType.Int64, r => r.Lines), ("OnTimeFirst", DbType.Int64, r => r.OnTimeFirst), ("OnTimeRequested", DbType.Int64, r => r.OnTimeRequested),
        ("OnTimeLast", DbType.Int64, r => r.OnTimeLast), ("LateLines", DbType.Int64, r => r.LateLines), ("WarnedLate", DbType.Int64, r => r.WarnedLate),
        ("ShortLines", DbType.Int64, r => r.ShortLines), ("DaysLate", DbType.Int64, r => r.DaysLate), ("Ordered", DbType.Int64, r => r.Ordered),
        ("Delivered", DbType.Int64, r => r.Delivered),
    ];

    /// <summary>
    /// Writes many rows with one prepared statement whose parameters are set row by row (a million rows a night: this is
    /// where the full refresh spends its time). Values are given as the type handlers give them (GUIDs as text).
    /// </summary>
    private static async Task InsertAsync<T>(DbConnection c, DbTransaction tx, string statement, (string Name, DbType Type, Func<T, object?> Get)[] columns, IEnumerable<T> rows, CancellationToken ct)
    {
        await using var command = c.CreateCommand();
        command.Transaction = tx;
        command.CommandText = statement;
        var parameters = columns.Select(col =>
        {
            var p = command.CreateParameter();
            p.ParameterName = "@" + col.Name;
            p.DbType = col.Type;
            if (col.Type == DbType.AnsiString) p.Size = 36;
            command.Parameters.Add(p);
            return p;
        }).ToArray();
        await command.PrepareAsync(ct);
        foreach (var row in rows)
        {
            for (var i = 0; i < columns.Length; i++) parameters[i].Value = columns[i].Get(row) ?? DBNull.Value;
            ct.ThrowIfCancellationRequested();
            command.ExecuteNonQuery(); // synchronous: no task per row, in a job that owns its connection
        }
    }

    private async Task<List<(StoredLine Stored, Labels Labels)>> MeasureAsync(DbConnection c, DbTransaction tx, string linesSql, string promisesSql, string deliveriesSql, object args, CancellationToken ct)
    {
        var lines = (await c.QueryAsync<LedgerLineRow>(new CommandDefinition(linesSql, args, tx, cancellationToken: ct))).ToList();
        if (lines.Count == 0) return [];
        var promises = (await c.QueryAsync<LedgerPromiseRow>(new CommandDefinition(promisesSql, args, tx, cancellationToken: ct)))
            .GroupBy(p => (p.OrderId, p.LineNumber))
            .ToDictionary(g => g.Key, g => (IReadOnlyList<LedgerPromise>)g.OrderBy(p => p.AtUtc).Select(p => new LedgerPromise(p.Date, p.Quantity, p.Kind, p.ReasonCode, p.AtUtc)).ToList());
        var deliveries = (await c.QueryAsync<LedgerDeliveryRow>(new CommandDefinition(deliveriesSql, args, tx, cancellationToken: ct)))
            .GroupBy(d => (d.OrderId, d.LineNumber))
            .ToDictionary(g => g.Key, g => (IReadOnlyList<LedgerDelivery>)g.Select(d => new LedgerDelivery(d.Date, d.Quantity)).ToList());
        var todays = new Dictionary<string, DateOnly>();
        var result = new List<(StoredLine, Labels)>(lines.Count);
        foreach (var l in lines)
        {
            if (!promises.TryGetValue((l.OrderId, l.LineNumber), out var ledger)) continue;
            if (!todays.TryGetValue(l.TimeZone, out var today))
                todays[l.TimeZone] = today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(),
                    TimeZoneInfo.TryFindSystemTimeZoneById(l.TimeZone, out var zone) ? zone : TimeZoneInfo.Utc).DateTime);
            var figures = LineReliability.Measure(new LineLedger(l.Ordered, l.RequestedDate, ledger,
                deliveries.GetValueOrDefault((l.OrderId, l.LineNumber)) ?? [], ProgressWords.IsFinished(l.Status)), today);
            if (figures is null) continue;
            result.Add((StoredLine.From(l, figures), new Labels(l.AccountName, $"{l.AccountName} · {l.SiteName}", $"{l.Sku} {l.ProductName}", l.CategoryName ?? "No category")));
        }
        return result;
    }

    private static void Add(Dictionary<RollupKey, Totals> totals, StoredLine line, Labels labels, int sign)
    {
        var week = LineReliability.WeekStart(line.CountedOn);
        var month = LineReliability.MonthStart(line.CountedOn);
        void To(string dimension, string key, Guid? account, string label)
        {
            foreach (var (grain, period) in new[] { (ReliabilityGrains.Week, week), (ReliabilityGrains.Month, month) })
            {
                // SKUs are many (a hundred thousand): ranked by month only, which halves the rows a night writes
                if (dimension == ReliabilityDimensions.Sku && grain == ReliabilityGrains.Week) continue;
                var k = new RollupKey(dimension, key, grain, period);
                if (!totals.TryGetValue(k, out var t)) totals[k] = t = new Totals(account, label);
                t.Add(line, sign);
            }
        }
        To(ReliabilityDimensions.Account, line.AccountId.ToString(), line.AccountId, labels.Account);
        To(ReliabilityDimensions.Site, line.SiteId.ToString(), line.AccountId, labels.Site);
        To(ReliabilityDimensions.Sku, line.Sku, null, labels.Sku);
        To(ReliabilityDimensions.Category, line.CategoryId?.ToString() ?? "none", null, labels.Category);
        if (line.ReasonCode is { } reason) To(ReliabilityDimensions.Reason, reason, null, RepromiseReasons.Label(reason) is { Length: > 0 } r ? r : reason);
    }

    private sealed record Labels(string Account, string Site, string Sku, string Category)
    {
        public static readonly Labels Unknown = new("", "", "", "");
    }

    private readonly record struct RollupKey(string Dimension, string Key, string Grain, DateOnly Period);

    private sealed class Totals(Guid? account, string label)
    {
        private long lines, first, requested, last, late, warned, shortLines, daysLate, ordered, delivered;

        public void Add(StoredLine l, int sign)
        {
            lines += sign;
            first += sign * (l.OnTimeFirst ? 1 : 0);
            requested += sign * (l.OnTimeRequested ? 1 : 0);
            last += sign * (l.OnTimeLast ? 1 : 0);
            late += sign * (l.IsLate ? 1 : 0);
            warned += sign * (l.IsLate && l.Warned ? 1 : 0);
            shortLines += sign * (l.IsShort ? 1 : 0);
            daysLate += sign * l.DaysLate;
            ordered += sign * l.Ordered;
            delivered += sign * l.Delivered;
        }

        public RollupRow Row(RollupKey k) => new()
        {
            Dimension = k.Dimension, DimensionKey = k.Key, Grain = k.Grain, PeriodStart = k.Period, AccountId = account, Label = TextLimits.Cut(label, 600),
            Lines = lines, OnTimeFirst = first, OnTimeRequested = requested, OnTimeLast = last, LateLines = late, WarnedLate = warned,
            ShortLines = shortLines, DaysLate = daysLate, Ordered = ordered, Delivered = delivered,
        };
    }

    private sealed class LedgerLineRow
    {
        public Guid OrderId { get; init; }
        public int LineNumber { get; init; }
        public Guid AccountId { get; init; }
        public string AccountName { get; init; } = "";
        public string TimeZone { get; init; } = "UTC";
        public Guid SiteId { get; init; }
        public string SiteName { get; init; } = "";
        public string OrderNumber { get; init; } = "";
        public string Status { get; init; } = "";
        public DateOnly RequestedDate { get; init; }
        public string Sku { get; init; } = "";
        public string ProductName { get; init; } = "";
        public Guid? CategoryId { get; init; }
        public string? CategoryName { get; init; }
        public int Ordered { get; init; }
    }

    private sealed class LedgerPromiseRow
    {
        public Guid OrderId { get; init; }
        public int LineNumber { get; init; }
        public DateOnly Date { get; init; }
        public int Quantity { get; init; }
        public string Kind { get; init; } = "";
        public string? ReasonCode { get; init; }
        public DateTimeOffset AtUtc { get; init; }
    }

    private sealed class LedgerDeliveryRow
    {
        public Guid OrderId { get; init; }
        public int LineNumber { get; init; }
        public DateOnly Date { get; init; }
        public int Quantity { get; init; }
    }

    /// <summary>A row of ReliabilityLines.</summary>
    private sealed class StoredLine
    {
        public Guid OrderId { get; init; }
        /// <summary>The order id as the database keeps it (text in SQLite), for writing in key order.</summary>
        public string OrderKey => orderKey ??= OrderId.ToString("D");
        private string? orderKey;
        public int LineNumber { get; init; }
        public Guid AccountId { get; init; }
        public Guid SiteId { get; init; }
        public string OrderNumber { get; init; } = "";
        public string Sku { get; init; } = "";
        public string ProductName { get; init; } = "";
        public Guid? CategoryId { get; init; }
        public int Ordered { get; init; }
        public int Delivered { get; init; }
        public DateOnly RequestedDate { get; init; }
        public DateOnly FirstDate { get; init; }
        public int FirstQuantity { get; init; }
        public DateOnly LastDate { get; init; }
        public int LastQuantity { get; init; }
        public DateOnly? CompletedDate { get; init; }
        public DateOnly CountedOn { get; init; }
        public bool OnTimeFirst { get; init; }
        public bool OnTimeRequested { get; init; }
        public bool OnTimeLast { get; init; }
        public bool IsLate { get; init; }
        public bool IsShort { get; init; }
        public int DaysLate { get; init; }
        public bool Warned { get; init; }
        public string? ReasonCode { get; init; }

        public static StoredLine From(LedgerLineRow l, LineFigures f) => new()
        {
            OrderId = l.OrderId, LineNumber = l.LineNumber, AccountId = l.AccountId, SiteId = l.SiteId, OrderNumber = l.OrderNumber, Sku = l.Sku,
            ProductName = l.ProductName, CategoryId = l.CategoryId, Ordered = f.Ordered, Delivered = f.Delivered, RequestedDate = f.RequestedDate,
            FirstDate = f.FirstDate, FirstQuantity = f.FirstQuantity, LastDate = f.LastDate, LastQuantity = f.LastQuantity, CompletedDate = f.CompletedDate,
            CountedOn = f.CountedOn, OnTimeFirst = f.OnTimeFirst, OnTimeRequested = f.OnTimeRequested, OnTimeLast = f.OnTimeLast, IsLate = f.IsLate,
            IsShort = f.IsShort, DaysLate = f.DaysLate, Warned = f.Warned, ReasonCode = f.ReasonCode,
        };
    }
}
