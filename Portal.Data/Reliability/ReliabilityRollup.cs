using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using Portal.Data.Fulfilment;

namespace Portal.Data.Reliability;

/// <summary>
/// Derives the line figures (<see cref="LineReliability"/>) and their roll-ups from the promise ledger and the deliveries:
/// in full (the nightly job: every line of every account, in one transaction, so pages never see half a rebuild), or for
/// one order (on each delivery: the order's old figures are taken out of the roll-ups and its new ones added).
/// </summary>
public sealed class ReliabilityRollup(ConnectionFactory db, ReliabilitySql sql, TimeProvider clock)
{
    /// <summary>
    /// Measures every line of the ledger again and brings the stored figures and roll-ups to what it finds, writing only
    /// what differs (a night changes few: lines whose promised date passed, lines still waiting, deliveries the per-order
    /// refresh missed, a renamed account). The order lines, promises and deliveries are read as three streams in order id
    /// order and merged order by order (memory stays flat), each line compared with its stored figures by fingerprint; a
    /// roll-up row is written again, from the totals of every line, when a line counting in it (before or now) changed.
    /// </summary>
    public async Task<RollupSummary> RefreshAllAsync(CancellationToken ct = default)
    {
        var watch = Stopwatch.StartNew();
        await using var c = await db.OpenAsync(ct);
        await using var tx = await db.BeginWriteAsync(c, ct);
        await c.ExecuteAsync(new CommandDefinition(sql.TakeTurns, new { ReliabilitySql.Resource }, tx, cancellationToken: ct));
        var names = await ReadNamesAsync(c, tx, ct);
        var storedLines = await c.ExecuteScalarAsync<int>(new CommandDefinition(sql.StoredLineCount, transaction: tx, cancellationToken: ct));

        // The ledger is read on connections of its own, before anything is written: on SQLite the write lock taken above
        // keeps every other writer out, so they read exactly what this transaction sees. On SQLite (ids as text, compared
        // byte by byte) the orders are split by the first character of their id into one part per core, merged side by side.
        var parts = db.Provider == DatabaseProvider.Sqlite ? Math.Clamp(Environment.ProcessorCount, 1, 16) : 1;
        var results = await Task.WhenAll(Enumerable.Range(0, parts).Select(part => Task.Run(() => MergePartAsync(names, part, parts, ct), ct)));

        // A roll-up row's totals are the sum of its parts' (summed only for the rows written; the parts' keys overlap: an SKU's
        // month counts lines of orders of both parts). Every part's first total is taken over (each row is summed once).
        RowTotals? TotalOf(RollupKey key)
        {
            RowTotals? sum = null;
            foreach (var r in results)
                if (r.Totals.TryGetValue(key, out var t))
                {
                    if (sum is not { } first) first = t; // named as the first part named it
                    else first.Sums.Add(t.Sums);
                    sum = first;
                }
            return sum;
        }
        var rollupRows = results.Select((r, i) => r.Totals.Keys.Count(k => !results.Take(i).Any(earlier => earlier.Totals.ContainsKey(k)))).Sum();
        var affected = results[0].Affected;
        foreach (var other in results.Skip(1)) affected.UnionWith(other.Affected);
        var changed = results.SelectMany(r => r.Changed).ToList();
        var added = results.SelectMany(r => r.Added).OrderBy(l => Key(l.OrderId), StringComparer.Ordinal).ThenBy(l => l.LineNumber).ToList();
        var gone = results.SelectMany(r => r.Gone).ToList();
        var matched = results.Sum(r => r.Matched);

        // the lines: what is stored and still right stays; the rest is deleted, changed or added
        foreach (var key in gone)
            await c.ExecuteAsync(new CommandDefinition(sql.DeleteLine, new { key.OrderId, key.LineNumber }, tx, cancellationToken: ct));
        var orphans = 0;
        if (storedLines > matched) // figures of order lines that no longer exist (their roll-up rows are rebuilt below)
        {
            foreach (var old in await c.QueryAsync<StoredLine>(new CommandDefinition(sql.OrphanLines, transaction: tx, cancellationToken: ct)))
                foreach (var k in KeysOf(old)) affected.Add(k.Key);
            orphans = await c.ExecuteAsync(new CommandDefinition(sql.DeleteOrphanLines, transaction: tx, cancellationToken: ct));
        }
        await WriteAsync(c, tx, sql.UpdateLine, LineColumns, changed, ct);
        await WriteAsync(c, tx, sql.InsertLine, LineColumns, added, ct); // in key order: the table is appended to, not split page by page

        // the roll-up rows those lines count in (before or now), from the totals of every line
        var totals = affected.Select(k => (Key: k, Total: TotalOf(k))).ToList();
        var rows = totals.Where(t => t.Total is not null).Select(t => t.Total!.Value.Row(t.Key)).OrderBy(r => r.Dimension, StringComparer.Ordinal)
            .ThenBy(r => r.Grain, StringComparer.Ordinal).ThenBy(r => r.PeriodStart).ThenBy(r => r.DimensionKey, StringComparer.Ordinal).ToList();
        foreach (var (key, _) in totals.Where(t => t.Total is null))
            await c.ExecuteAsync(new CommandDefinition(sql.DeleteRollup, new { key.Dimension, DimensionKey = key.Key, key.Grain, PeriodStart = key.Period }, tx, cancellationToken: ct));
        await WriteAsync(c, tx, sql.SetRollup, RollupColumns, rows, ct);
        await tx.CommitAsync(ct);
        return new RollupSummary(results.Sum(r => r.Counted), rollupRows, watch.Elapsed)
        {
            LinesWritten = gone.Count + orphans + changed.Count + added.Count,
            RollupRowsWritten = affected.Count,
        };
    }

    private sealed record PartResult(Dictionary<RollupKey, RowTotals> Totals, HashSet<RollupKey> Affected, List<StoredLine> Changed, List<StoredLine> Added,
        List<(Guid OrderId, int LineNumber)> Gone, int Counted, int Matched);

    /// <summary>
    /// One part of the orders (all of them when <paramref name="parts"/> is 1): the orders, their lines, promises,
    /// deliveries as four streams in order id order (the lines with their stored figures' fingerprints), merged order by order; each line measured,
    /// added to the totals and compared with its stored figures by fingerprint.
    /// </summary>
    private async Task<PartResult> MergePartAsync(Names names, int part, int parts, CancellationToken ct)
    {
        var (from, to) = (parts == 1 || part == 0 ? "" : "0123456789abcdef"[part * 16 / parts].ToString(), parts == 1 || part == parts - 1 ? "~" : "0123456789abcdef"[(part + 1) * 16 / parts].ToString());
        var sqlite = db.Provider == DatabaseProvider.Sqlite;
        var whole = from == "" && to == "~";
        var connections = new List<DbConnection>();
        var cursors = new List<LedgerCursor>();
        async Task<LedgerCursor> Open(string all, string between)
        {
            var connection = await db.OpenAsync(ct);
            connections.Add(connection);
            await db.ForLongReadAsync(connection, ct);
            // SQLite: read through its own API (no data reader, no value boxed per column); others through their reader
            LedgerCursor cursor = sqlite
                ? SqliteCursor.Open(connection, whole ? all : between, ("@From", from), ("@To", to))
                : await ReaderCursor.OpenAsync(connection, whole ? all : between, new { From = from, To = to }, sqlite, ct);
            cursors.Add(cursor);
            return cursor;
        }
        try
        {
            var orders = await Open(sql.OrdersInOrder, sql.OrdersBetween);
            // SQLite: the order lines and their stored figures as two streams merged here (a LEFT JOIN would search the
            // stored lines' key once per line); others join them in the statement (SQL Server merges the two clustered keys)
            var lines = sqlite
                ? new SqliteLinesCursor((SqliteCursor)await Open(sql.OrderLinesInOrder, sql.OrderLinesBetween), (SqliteCursor)await Open(sql.StoredLinesInOrder, sql.StoredLinesBetween), 6)
                : await Open(sql.LinesInOrder, sql.LinesBetween);
            var promises = await Open(sql.PromisesInOrder, sql.PromisesBetween);
            var deliveries = await Open(sql.DeliveriesInOrder, sql.DeliveriesBetween);

            var totals = new Dictionary<RollupKey, RowTotals>(); // values, not objects: the GC has 700,000 rows less to follow
            // an order's lines mostly count in the same account, site and category rows: summed per order first, then
            // added to the night's totals (a few look-ups in a table of 700,000 rows per order, not nine per line)
            var orderTotals = new Dictionary<RollupKey, RowTotals>();
            var affected = new HashSet<RollupKey>();
            var todays = new Dictionary<string, DateOnly>();
            var (counted, matched) = (0, 0);
            var changed = new List<StoredLine>();
            var added = new List<StoredLine>();
            var gone = new List<(Guid OrderId, int LineNumber)>();
            var orderPromises = new List<(int Line, LedgerPromise Promise)>();
            var orderDeliveries = new List<(int Line, LedgerDelivery Delivery)>();
            var linePromises = new List<LedgerPromise>();
            var lineDeliveries = new List<LedgerDelivery>();
            // statuses and re-promise reasons repeat: each text is made once and shared
            var words = new Dictionary<string, string>();
            var wordsBySpan = words.GetAlternateLookup<ReadOnlySpan<char>>();
            string Word(ReadOnlySpan<char> text)
            {
                if (wordsBySpan.TryGetValue(text, out var kept)) return kept;
                var made = text.ToString();
                return words[made] = made;
            }
            var siteLabels = new Dictionary<Guid, string>();
            // a product's SKU, name and category as its lines last had them (made again only when a line's text differs)
            var products = new Dictionary<Guid, ProductTexts>();

            while (lines.HasRow)
            {
                ct.ThrowIfCancellationRequested();
                // one order: what it is, its promises, its deliveries and its lines' stored figures
                lines.Hold();
                if (!orders.At(lines)) { lines.Next(); continue; } // a line without its order: none (a foreign key)
                var (orderId, accountId, siteId) = (orders.Guid(0), orders.Guid(1), orders.Guid(2));
                var (accountName, timeZone) = names.Accounts.TryGetValue(accountId, out var a) ? a : ("", "UTC");
                if (!siteLabels.TryGetValue(siteId, out var siteLabel))
                    siteLabels[siteId] = siteLabel = $"{accountName} · {names.Sites.GetValueOrDefault(siteId, "")}";
                var (number, finished, requested) = (orders.String(3), ProgressWords.IsFinished(Word(orders.Chars(4))), orders.Date(5));
                orderPromises.Clear();
                for (; promises.At(lines); promises.Next())
                    orderPromises.Add((promises.Int32(1), new LedgerPromise(promises.Date(2), promises.Int32(3), "", promises.IsNull(4) ? null : Word(promises.Chars(4)), promises.Instant(5))));
                orderDeliveries.Clear();
                for (; deliveries.At(lines); deliveries.Next())
                    orderDeliveries.Add((deliveries.Int32(1), new LedgerDelivery(deliveries.Date(2), deliveries.Int32(3))));
                if (!todays.TryGetValue(timeZone, out var today)) todays[timeZone] = today = Today(timeZone);

                for (; lines.In(lines); lines.Next())
                {
                    var lineNumber = lines.Int32(1);
                    long? before = lines.IsNull(6) ? null : lines.Int64(6); // the fingerprint of the line's stored figures
                    if (before is not null) matched++;
                    linePromises.Clear();
                    foreach (var (line, promise) in orderPromises) if (line == lineNumber) linePromises.Add(promise);
                    LineFigures? figures = null;
                    if (linePromises.Count > 0)
                    {
                        lineDeliveries.Clear();
                        foreach (var (line, delivery) in orderDeliveries) if (line == lineNumber) lineDeliveries.Add(delivery);
                        InMadeOrder(linePromises);
                        figures = LineReliability.Measure(new LineLedger(lines.Int32(5), requested, linePromises, lineDeliveries, finished), today);
                    }
                    var same = false;
                    if (figures is { } f)
                    {
                        var productId = lines.Guid(2);
                        ref var product = ref CollectionsMarshal.GetValueRefOrAddDefault(products, productId, out var known);
                        if (!known) product = new ProductTexts(names.ProductCategories.GetValueOrDefault(productId), names);
                        var (sku, name, categoryId) = (lines.Text(3, ref product!.Sku), lines.Text(4, ref product.Name), product.CategoryId);
                        var labels = new Labels(accountName, siteLabel, sku, name, product.CategoryName);
                        var print = StoredLine.Print(orderId, lineNumber, accountId, siteId, number, sku, name, categoryId, f, labels);
                        counted++;
                        foreach (var (key, account, dimension) in KeysOf(accountId, siteId, sku, categoryId, f.ReasonCode, f.CountedOn))
                        {
                            ref var sum = ref CollectionsMarshal.GetValueRefOrAddDefault(orderTotals, key, out var counting);
                            if (!counting) sum = new RowTotals(account, dimension, labels.NameOf(dimension));
                            sum.Sums.Add(f);
                        }
                        same = before == print;
                        if (!same) // the line object is made only for the few lines that are written
                        {
                            var now = StoredLine.From(orderId, lineNumber, accountId, siteId, number, sku, name, categoryId, f, labels);
                            (before is null ? added : changed).Add(now);
                            foreach (var k in KeysOf(now)) affected.Add(k.Key);
                        }
                    }
                    else if (before is not null) gone.Add((orderId, lineNumber));
                    if (before is not null && !same) // the rows the line counted in before (read only for the few that changed)
                        foreach (var k in KeysOf(lines.Guid(7), lines.Guid(8), lines.String(9), lines.IsNull(10) ? null : lines.Guid(10), lines.IsNull(12) ? null : lines.String(12), lines.Date(11)))
                            affected.Add(k.Key);
                }
                foreach (var (key, sum) in orderTotals)
                {
                    ref var total = ref CollectionsMarshal.GetValueRefOrAddDefault(totals, key, out var counting);
                    if (!counting) total = sum;
                    else total.Sums.Add(sum.Sums);
                }
                orderTotals.Clear();
            }
            return new PartResult(totals, affected, changed, added, gone, counted, matched);
        }
        finally
        {
            foreach (var cursor in cursors) await cursor.DisposeAsync();
            foreach (var connection in connections) await connection.DisposeAsync();
        }
    }

    /// <summary>Names and categories, read once and shared (read only) by the parts.</summary>
    private sealed class Names
    {
        public Dictionary<Guid, (string Name, string TimeZone)> Accounts { get; } = [];
        public Dictionary<Guid, string> Sites { get; } = [];
        public Dictionary<Guid, string> Categories { get; } = [];
        public Dictionary<Guid, Guid?> ProductCategories { get; } = [];
    }

    private async Task<Names> ReadNamesAsync(DbConnection c, DbTransaction tx, CancellationToken ct)
    {
        var names = new Names();
        await ScanAsync(c, tx, sql.AllAccounts, r => names.Accounts[Column.Guid(r, 0)] = (r.GetString(1), r.GetString(2)), ct);
        await ScanAsync(c, tx, sql.AllSites, r => names.Sites[Column.Guid(r, 0)] = r.GetString(1), ct);
        await ScanAsync(c, tx, sql.AllCategories, r => names.Categories[Column.Guid(r, 0)] = r.GetString(1), ct);
        await ScanAsync(c, tx, sql.ProductCategories, r => names.ProductCategories[Column.Guid(r, 0)] = r.IsDBNull(1) ? null : Column.Guid(r, 1), ct);
        return names;
    }

    /// <summary>Reads a statement's rows with the data reader itself, no mapping per row.</summary>
    private static async Task ScanAsync(DbConnection c, DbTransaction? tx, string statement, Action<DbDataReader> row, CancellationToken ct)
    {
        await using var command = c.CreateCommand();
        command.Transaction = tx;
        command.CommandText = statement;
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (reader.Read()) row(reader);
        ct.ThrowIfCancellationRequested();
    }

    /// <summary>Promises in the order they were made (a stable insertion sort: the lists are a promise or two long).</summary>
    private static void InMadeOrder(List<LedgerPromise> promises)
    {
        for (var i = 1; i < promises.Count; i++)
        {
            var p = promises[i];
            var j = i - 1;
            for (; j >= 0 && promises[j].AtUtc > p.AtUtc; j--) promises[j + 1] = promises[j];
            promises[j + 1] = p;
        }
    }

    private DateOnly Today(string timeZone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(),
        TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var zone) ? zone : TimeZoneInfo.Utc).DateTime);

    /// <summary>
    /// A 64-bit hash (XXH3) of every value a row stores, never 0 (0 marks a row whose fingerprint is not known). Stable
    /// across processes and machines, unlike string.GetHashCode.
    /// </summary>
    private sealed class Fingerprint
    {
        [ThreadStatic] private static Fingerprint? current;
        private readonly XxHash3 hash = new();

        public static Fingerprint Start()
        {
            var f = current ??= new Fingerprint();
            f.hash.Reset();
            return f;
        }

        public Fingerprint Add(long value)
        {
            Span<byte> bytes = stackalloc byte[8];
            BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
            hash.Append(bytes);
            return this;
        }

        public Fingerprint Add(bool value) => Add(value ? 1 : 0);
        public Fingerprint Add(DateOnly value) => Add(value.DayNumber);
        public Fingerprint Add(DateOnly? value) => value is { } d ? Add(1).Add(d) : Add(0);

        public Fingerprint Add(Guid value)
        {
            Span<byte> bytes = stackalloc byte[16];
            value.TryWriteBytes(bytes);
            hash.Append(bytes);
            return this;
        }

        public Fingerprint Add(Guid? value) => value is { } g ? Add(1).Add(g) : Add(0);

        public Fingerprint Add(string? value)
        {
            if (value is null) return Add(-1);
            Add(value.Length);
            hash.Append(MemoryMarshal.AsBytes(value.AsSpan()));
            return this;
        }

        public long Value => unchecked((long)hash.GetCurrentHashAsUInt64()) is var v and not 0 ? v : 1;
    }

    /// <summary>Refreshes one order's line figures and moves the roll-ups by the difference.</summary>
    public async Task<RollupSummary> RefreshOrderAsync(Guid orderId, CancellationToken ct = default)
    {
        var watch = Stopwatch.StartNew();
        await using var c = await db.OpenAsync(ct);
        await using var tx = await db.BeginWriteAsync(c, ct);
        await c.ExecuteAsync(new CommandDefinition(sql.TakeTurns, new { ReliabilitySql.Resource }, tx, cancellationToken: ct));
        var args = new { OrderId = orderId };
        var old = (await c.QueryAsync<StoredLine>(new CommandDefinition(sql.LinesOfOrder, args, tx, cancellationToken: ct))).ToList();
        var measured = await MeasureAsync(c, tx, sql.LedgerLinesOfOrder, sql.LedgerPromisesOfOrder, sql.LedgerDeliveriesOfOrder, args, ct);
        await c.ExecuteAsync(new CommandDefinition(sql.DeleteLinesOfOrder, args, tx, cancellationToken: ct));
        if (measured.Count > 0)
            await c.ExecuteAsync(new CommandDefinition(sql.InsertLine, measured.Select(m => m.Stored).ToList(), tx, cancellationToken: ct));

        var delta = new Dictionary<RollupKey, Totals>();
        Labels? labels = measured.Count > 0 ? measured[0].Labels : null;
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
        ("OrderId", DbType.AnsiString, l => Key(l.OrderId)), ("LineNumber", DbType.Int32, l => l.LineNumber), ("AccountId", DbType.AnsiString, l => Key(l.AccountId)),
        ("SiteId", DbType.AnsiString, l => Key(l.SiteId)), ("OrderNumber", DbType.String, l => l.OrderNumber), ("Sku", DbType.String, l => l.Sku),
        ("ProductName", DbType.String, l => l.ProductName), ("CategoryId", DbType.AnsiString, l => l.CategoryId is { } id ? Key(id) : null),
        ("Ordered", DbType.Int32, l => l.Ordered), ("Delivered", DbType.Int32, l => l.Delivered), ("RequestedDate", DbType.Date, l => l.RequestedDate),
        ("FirstDate", DbType.Date, l => l.FirstDate), ("FirstQuantity", DbType.Int32, l => l.FirstQuantity), ("LastDate", DbType.Date, l => l.LastDate),
        ("LastQuantity", DbType.Int32, l => l.LastQuantity), ("CompletedDate", DbType.Date, l => l.CompletedDate), ("CountedOn", DbType.Date, l => l.CountedOn),
        ("OnTimeFirst", DbType.Boolean, l => l.OnTimeFirst), ("OnTimeRequested", DbType.Boolean, l => l.OnTimeRequested), ("OnTimeLast", DbType.Boolean, l => l.OnTimeLast),
        ("IsLate", DbType.Boolean, l => l.IsLate), ("IsShort", DbType.Boolean, l => l.IsShort), ("DaysLate", DbType.Int32, l => l.DaysLate),
        ("Warned", DbType.Boolean, l => l.Warned), ("ReasonCode", DbType.String, l => l.ReasonCode), ("Fingerprint", DbType.Int64, l => l.Fingerprint),
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
    /// Writes many rows with one prepared statement whose parameters are set row by row (a first refresh writes a million).
    /// Values are given as the type handlers give them (GUIDs as text).
    /// </summary>
    private static async Task WriteAsync<T>(DbConnection c, DbTransaction tx, string statement, (string Name, DbType Type, Func<T, object?> Get)[] columns, IEnumerable<T> rows, CancellationToken ct)
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
            if (!todays.TryGetValue(l.TimeZone, out var today)) todays[l.TimeZone] = today = Today(l.TimeZone);
            var figures = LineReliability.Measure(new LineLedger(l.Ordered, l.RequestedDate, ledger,
                deliveries.GetValueOrDefault((l.OrderId, l.LineNumber)) ?? [], ProgressWords.IsFinished(l.Status)), today);
            if (figures is not { } f) continue;
            var labels = new Labels(l.AccountName, $"{l.AccountName} · {l.SiteName}", l.Sku, l.ProductName, l.CategoryName);
            result.Add((StoredLine.From(l.OrderId, l.LineNumber, l.AccountId, l.SiteId, l.OrderNumber, l.Sku, l.ProductName, l.CategoryId, f, labels), labels));
        }
        return result;
    }

    private static void Add(Dictionary<RollupKey, Totals> totals, StoredLine line, Labels labels, int sign)
    {
        var keys = KeysOf(line);
        foreach (var (key, account, kind) in keys)
        {
            Totals.For(totals, key, account, kind, labels).Add(line, sign);
        }
    }

    private static KeyList KeysOf(StoredLine line) => KeysOf(line.AccountId, line.SiteId, line.Sku, line.CategoryId, line.ReasonCode, line.CountedOn);

    /// <summary>The roll-up rows a line counts in, with the account they belong to and which of its names they carry.</summary>
    private static KeyList KeysOf(Guid accountId, Guid siteId, string sku, Guid? categoryId, string? reasonCode, DateOnly countedOn)
    {
        var keys = new KeyList();
        var week = LineReliability.WeekStart(countedOn);
        var month = LineReliability.MonthStart(countedOn);
        void To(string dimension, string key, Guid? account)
        {
            // SKUs are many (a hundred thousand): ranked by month only, which halves the rows a night writes
            if (dimension != ReliabilityDimensions.Sku) keys.Add(new(new RollupKey(dimension, key, ReliabilityGrains.Week, week), account, dimension));
            keys.Add(new(new RollupKey(dimension, key, ReliabilityGrains.Month, month), account, dimension));
        }
        To(ReliabilityDimensions.Account, Text(accountId), accountId);
        To(ReliabilityDimensions.Site, Text(siteId), accountId);
        To(ReliabilityDimensions.Sku, sku, null);
        To(ReliabilityDimensions.Category, categoryId is { } c ? Text(c) : "none", null);
        if (reasonCode is { } reason) To(ReliabilityDimensions.Reason, reason, null);
        return keys;
    }

    private readonly record struct KeyOf(RollupKey Key, Guid? Account, string Dimension);

    /// <summary>At most nine keys (four dimensions by week and month, SKUs by month), without a list per line.</summary>
    [System.Runtime.CompilerServices.InlineArray(9)]
    private struct Nine { private KeyOf first; }

    private struct KeyList
    {
        private Nine items;
        private int count;
        public void Add(KeyOf key) => items[count++] = key;
        public readonly Enumerator GetEnumerator() => new(this);

        public struct Enumerator(KeyList list)
        {
            private int at = -1;
            public bool MoveNext() => ++at < list.count;
            public readonly KeyOf Current => list.items[at];
        }
    }

    /// <summary>A GUID as roll-up keys hold it; the few thousand accounts, sites and categories are formatted once.</summary>
    private static string Text(Guid id)
    {
        var texts = guidTexts ??= [];
        if (texts.TryGetValue(id, out var text)) return text;
        if (texts.Count > 100_000) texts.Clear();
        return texts[id] = id.ToString();
    }

    [ThreadStatic] private static Dictionary<Guid, string>? guidTexts;

    /// <summary>What the roll-up rows a line counts in are called.</summary>
    private readonly record struct Labels(string Account, string Site, string Sku, string ProductName, string? Category)
    {
        public static readonly Labels Unknown = new("", "", "", "", "");

        /// <summary>The name a new roll-up row of the dimension gets (built only then).</summary>
        public string Of(string dimension, string key) => Of(dimension, key, NameOf(dimension));

        /// <summary>What a row of the dimension is named after (an SKU's row: the product's name, after its key).</summary>
        public string? NameOf(string dimension) => dimension switch
        {
            ReliabilityDimensions.Account => Account,
            ReliabilityDimensions.Site => Site,
            ReliabilityDimensions.Sku => ProductName,
            ReliabilityDimensions.Category => Category,
            _ => null,
        };

        public static string Of(string dimension, string key, string? name) => dimension switch
        {
            ReliabilityDimensions.Account or ReliabilityDimensions.Site => name ?? "",
            ReliabilityDimensions.Sku => $"{key} {name}",
            ReliabilityDimensions.Category => name ?? "No category",
            _ => RepromiseReasons.Label(key) is { Length: > 0 } reason ? reason : key,
        };
    }

    private readonly record struct RollupKey(string Dimension, string Key, string Grain, DateOnly Period)
    {
        // a night's refresh looks keys up ten million times: the key's text hashed with XXH3 (not the randomised string hash,
        // three strings a key), the dimension and grain (a handful of words) by their length and first letter
        public override int GetHashCode() => HashCode.Combine(unchecked((int)XxHash3.HashToUInt64(MemoryMarshal.AsBytes(Key.AsSpan()))),
            Dimension.Length, Dimension.Length > 0 ? Dimension[0] : ' ', Grain.Length, Period.DayNumber);
    }

    /// <summary>The sums of a roll-up row (of the lines counted so far).</summary>
    private struct Sums
    {
        private long lines, first, requested, last, late, warned, shortLines, daysLate, ordered, delivered;

        public void Add(StoredLine l, int sign) =>
            Add(sign, l.OnTimeFirst, l.OnTimeRequested, l.OnTimeLast, l.IsLate, l.Warned, l.IsShort, l.DaysLate, l.Ordered, l.Delivered);

        public void Add(LineFigures f) =>
            Add(1, f.OnTimeFirst, f.OnTimeRequested, f.OnTimeLast, f.IsLate, f.Warned, f.IsShort, f.DaysLate, f.Ordered, f.Delivered);

        private void Add(int sign, bool onTimeFirst, bool onTimeRequested, bool onTimeLast, bool isLate, bool isWarned, bool isShort, int days, int orderedUnits, int deliveredUnits)
        {
            lines += sign;
            first += sign * (onTimeFirst ? 1 : 0);
            requested += sign * (onTimeRequested ? 1 : 0);
            last += sign * (onTimeLast ? 1 : 0);
            late += sign * (isLate ? 1 : 0);
            warned += sign * (isLate && isWarned ? 1 : 0);
            shortLines += sign * (isShort ? 1 : 0);
            daysLate += sign * days;
            ordered += sign * orderedUnits;
            delivered += sign * deliveredUnits;
        }

        public void Add(in Sums other)
        {
            lines += other.lines; first += other.first; requested += other.requested; last += other.last; late += other.late;
            warned += other.warned; shortLines += other.shortLines; daysLate += other.daysLate; ordered += other.ordered; delivered += other.delivered;
        }

        public readonly RollupRow Row(RollupKey k, Guid? account, string label) => new()
        {
            Dimension = k.Dimension, DimensionKey = k.Key, Grain = k.Grain, PeriodStart = k.Period, AccountId = account, Label = TextLimits.Cut(label, 600),
            Lines = lines, OnTimeFirst = first, OnTimeRequested = requested, OnTimeLast = last, LateLines = late, WarnedLate = warned,
            ShortLines = shortLines, DaysLate = daysLate, Ordered = ordered, Delivered = delivered,
        };
    }

    /// <summary>A roll-up row's sums, with its account and the name its label is made of (the label made only for a row written).</summary>
    private struct RowTotals(Guid? account, string dimension, string? name)
    {
        public Sums Sums;
        public readonly RollupRow Row(RollupKey k) => Sums.Row(k, account, Labels.Of(dimension, k.Key, name));
    }

    private sealed class Totals(Guid? account, string label)
    {
        private Sums sums;

        /// <summary>The totals of a roll-up row, made (with the row's name) the first time the row is counted in.</summary>
        public static Totals For(Dictionary<RollupKey, Totals> totals, RollupKey key, Guid? account, string dimension, Labels labels)
        {
            if (!totals.TryGetValue(key, out var t)) totals[key] = t = new Totals(account, labels.Of(dimension, key.Key));
            return t;
        }

        public void Add(StoredLine l, int sign) => sums.Add(l, sign);
        public void Add(in Sums other) => sums.Add(other);
        public void Add(Totals other) => sums.Add(other.sums);
        public RollupRow Row(RollupKey k) => sums.Row(k, account, label);
    }

    /// <summary>A product's texts as its order lines carry them, and its category (the nightly refresh reads a million lines of 100,000 products).</summary>
    private sealed class ProductTexts(Guid? categoryId, Names names)
    {
        public CachedText? Sku, Name;
        public Guid? CategoryId { get; } = categoryId;
        public string? CategoryName { get; } = categoryId is { } id ? names.Categories.GetValueOrDefault(id) : null;
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

    /// <summary>A row of ReliabilityLines (compared by value with what is stored).</summary>
    private sealed record StoredLine
    {
        public Guid OrderId { get; init; }
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

        /// <summary>
        /// The hash of every value above and of the names of the roll-up rows the line counts in (a renamed account or
        /// category changes it, so its rows get the new name); 0 when read back from the table.
        /// </summary>
        public long Fingerprint { get; private set; }

        public static StoredLine From(Guid orderId, int lineNumber, Guid accountId, Guid siteId, string orderNumber, string sku, string productName, Guid? categoryId,
            LineFigures f, Labels labels)
        {
            var line = From(orderId, lineNumber, accountId, siteId, orderNumber, sku, productName, categoryId, f);
            line.Fingerprint = Print(orderId, lineNumber, accountId, siteId, orderNumber, sku, productName, categoryId, f, labels);
            return line;
        }

        /// <summary>The fingerprint of a line's figures as <see cref="From(Guid, int, Guid, Guid, string, string, string, Guid?, LineFigures, Labels)"/> stores them.</summary>
        public static long Print(Guid orderId, int lineNumber, Guid accountId, Guid siteId, string orderNumber, string sku, string productName, Guid? categoryId,
            LineFigures f, Labels labels) =>
            Reliability.ReliabilityRollup.Fingerprint.Start().Add(orderId).Add(lineNumber).Add(accountId).Add(siteId).Add(orderNumber).Add(sku).Add(productName)
                .Add(categoryId).Add(f.Ordered).Add(f.Delivered).Add(f.RequestedDate).Add(f.FirstDate)
                .Add(f.FirstQuantity).Add(f.LastDate).Add(f.LastQuantity).Add(f.CompletedDate).Add(f.CountedOn).Add(f.OnTimeFirst).Add(f.OnTimeRequested)
                .Add(f.OnTimeLast).Add(f.IsLate).Add(f.IsShort).Add(f.DaysLate).Add(f.Warned).Add(f.ReasonCode).Add(labels.Account).Add(labels.Site)
                .Add(labels.Category).Value;

        private static StoredLine From(Guid orderId, int lineNumber, Guid accountId, Guid siteId, string orderNumber, string sku, string productName, Guid? categoryId, LineFigures f) => new()
        {
            OrderId = orderId, LineNumber = lineNumber, AccountId = accountId, SiteId = siteId, OrderNumber = orderNumber, Sku = sku,
            ProductName = productName, CategoryId = categoryId, Ordered = f.Ordered, Delivered = f.Delivered, RequestedDate = f.RequestedDate,
            FirstDate = f.FirstDate, FirstQuantity = f.FirstQuantity, LastDate = f.LastDate, LastQuantity = f.LastQuantity, CompletedDate = f.CompletedDate,
            CountedOn = f.CountedOn, OnTimeFirst = f.OnTimeFirst, OnTimeRequested = f.OnTimeRequested, OnTimeLast = f.OnTimeLast, IsLate = f.IsLate,
            IsShort = f.IsShort, DaysLate = f.DaysLate, Warned = f.Warned, ReasonCode = f.ReasonCode,
        };
    }
}
