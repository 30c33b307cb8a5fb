using System.Globalization;
using System.IO.Compression;
using CsvHelper;
using CsvHelper.Configuration;

namespace Portal.Data.Relationships;

/// <summary>The shape of a history file.</summary>
public enum HistoryFormat
{
    /// <summary>
    /// Columns (by header, any order, case and spaces ignored): account reference, order reference, date, SKU, description,
    /// quantity, unit price, and optionally site. Dates ISO (<c>2011-06-01 09:30</c>) or day first (<c>1/6/2011 9:30</c>),
    /// local time of the supplier (Europe/London). An order whose quantities are all negative is a cancellation.
    /// </summary>
    Plain,
    /// <summary>
    /// The UCI "Online Retail" file: <c>InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country</c>;
    /// invoices starting with C are cancellations; postage, fees and adjustments are not products; Country is the site.
    /// </summary>
    OnlineRetail,
}

/// <summary>What an import did, with every skipped row counted by its reason.</summary>
public sealed record HistoryImportResult
{
    public Guid ImportId { get; init; }
    public int RowsRead { get; init; }
    public int AccountsCreated { get; init; }
    public int SitesCreated { get; init; }
    public int ProductsCreated { get; init; }
    public int OrdersCreated { get; init; }
    public int CancelledOrdersCreated { get; init; }
    public int LinesCreated { get; init; }
    public int OrdersAlreadyImported { get; init; }
    /// <summary>Lines imported at a unit price of 0 (free goods, samples): kept, counted.</summary>
    public int ZeroPriceLines { get; init; }
    public IReadOnlyDictionary<string, int> Skipped { get; init; } = new Dictionary<string, int>();
    public int SkippedRows => Skipped.Values.Sum();

    public string Summary()
    {
        var lines = new List<string>
        {
            $"Rows read: {RowsRead:N0}",
            $"Orders created: {OrdersCreated:N0} ({CancelledOrdersCreated:N0} of them cancellations), order lines created: {LinesCreated:N0}",
            $"Accounts created: {AccountsCreated:N0}, sites created: {SitesCreated:N0}, products created: {ProductsCreated:N0} (off sale until the catalog lists them)",
            $"Orders already imported before (left alone): {OrdersAlreadyImported:N0}",
            $"Lines imported at a unit price of 0: {ZeroPriceLines:N0}",
            $"Rows skipped: {SkippedRows:N0}",
        };
        lines.AddRange(Skipped.OrderByDescending(s => s.Value).Select(s => $"  {s.Value,9:N0}  {s.Key}"));
        return string.Join(Environment.NewLine, lines);
    }
}

/// <summary>
/// Imports order history from CSV: accounts by reference (CustomerAccounts.ExternalRef), products by SKU, and orders by
/// reference as delivered historic orders (Source 'History', status Delivered, or Cancelled for cancellations), placed by
/// a disabled "History import" user. An order reference already imported is never imported again, so a re-run adds
/// nothing. Rows are read with CsvHelper and written with prepared commands in a few large transactions.
/// </summary>
public sealed class HistoryImport(ConnectionFactory db, RelationshipsSql sql, TimeProvider clock)
{
    public const string ImportUserName = "history-import";
    public const string CategoryName = "Imported history";
    public const string DefaultTimeZone = "Europe/London";

    /// <summary>Online Retail's codes that are not goods: postage, carriage, manual entries, discounts, samples, fees, adjustments.</summary>
    public static readonly IReadOnlySet<string> NonProductCodes = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        { "POST", "DOT", "C2", "M", "D", "S", "B", "CRUK", "PADS", "BANK CHARGES", "AMAZONFEE", "ADJUST", "ADJUST2", "TEST001", "TEST002" };

    public static class Reasons
    {
        public const string NoAccount = "no account reference (Online Retail: a walk-in sale without a CustomerID)";
        public const string NoOrder = "no order reference";
        public const string BadDate = "date not readable";
        public const string BadQuantity = "quantity not a whole number";
        public const string BadPrice = "unit price not a number";
        public const string ZeroQuantity = "quantity 0";
        public const string NegativePrice = "negative unit price (an adjustment, not a sale)";
        public const string NonProduct = "not a product (postage, fees, discounts, samples, adjustments, gift vouchers)";
        public const string NoSku = "no SKU";
        public const string Duplicate = "exact duplicate of an earlier line of the same order";
        public const string OtherAccount = "order reference already used by another account in the file";
        public const string NegativeInOrder = "negative quantity in an order that is not a cancellation";
        public const string TooLong = "reference or SKU too long (order and account references up to 60, SKU up to 64 characters)";
        public const string AlreadyImported = "line of an order imported before";
    }

    private sealed record Row(string Account, string Order, DateTime Local, string Sku, string Description, int Quantity, decimal Price, string? Site, int RowNumber);

    public async Task<HistoryImportResult> ImportFileAsync(string path, HistoryFormat format, CancellationToken ct = default)
    {
        await using var file = File.OpenRead(path);
        await using Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
        return await ImportAsync(stream, Path.GetFileName(path), format, ct);
    }

    public async Task<HistoryImportResult> ImportAsync(Stream csv, string fileName, HistoryFormat format, CancellationToken ct = default)
    {
        var skipped = new Dictionary<string, int>();
        void Skip(string reason) => skipped[reason] = skipped.GetValueOrDefault(reason) + 1;
        var (rows, read) = Read(csv, format, Skip);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(DefaultTimeZone);

        // orders by reference, in file order; cancellations, duplicates and mixed signs sorted out per order
        var orders = new Dictionary<string, List<Row>>(StringComparer.Ordinal);
        var firstOrderOf = new Dictionary<string, DateTime>(StringComparer.OrdinalIgnoreCase);
        var orderList = new List<string>();
        foreach (var row in rows)
        {
            if (!orders.TryGetValue(row.Order, out var list))
            {
                orders[row.Order] = list = [];
                orderList.Add(row.Order);
            }
            else if (list[0].Account != row.Account) { Skip(Reasons.OtherAccount); continue; }
            list.Add(row);
            if (!firstOrderOf.TryGetValue(row.Account, out var since) || row.Local < since) firstOrderOf[row.Account] = row.Local;
        }

        await using var c = await db.OpenAsync(ct);
        var now = clock.GetUtcNow();
        var importId = Guid.NewGuid();
        var accounts = (await c.QueryAsync<(string Id, string ExternalRef)>(new CommandDefinition(sql.AccountsWithExternalRef, cancellationToken: ct)))
            .ToDictionary(a => a.ExternalRef, a => Guid.Parse(a.Id), StringComparer.OrdinalIgnoreCase);
        var names = (await c.QueryAsync<string>(new CommandDefinition(sql.AccountNames, cancellationToken: ct))).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var sites = (await c.QueryAsync<(string Id, string AccountId, string Code)>(new CommandDefinition(sql.SitesOfEveryAccount, cancellationToken: ct)))
            .ToDictionary(s => (Guid.Parse(s.AccountId), s.Code.ToUpperInvariant()), s => Guid.Parse(s.Id));
        var products = (await c.QueryAsync<(string Id, string Sku, string Name, string Unit)>(new CommandDefinition(sql.ProductSkus, cancellationToken: ct)))
            .ToDictionary(p => p.Sku, p => (Id: Guid.Parse(p.Id), p.Name, p.Unit), StringComparer.OrdinalIgnoreCase);
        var imported = (await c.QueryAsync<string>(new CommandDefinition(sql.ImportedOrderNumbers, cancellationToken: ct))).ToHashSet(StringComparer.OrdinalIgnoreCase);

        int accountsCreated = 0, sitesCreated = 0, productsCreated = 0, ordersCreated = 0, cancelled = 0, linesCreated = 0, already = 0, zeroPrice = 0;
        Guid userId, categoryId;

        // 1. the import record, its user, its category, the new accounts, sites and products: one transaction
        await using (var tx = await db.BeginWriteAsync(c, ct))
        {
            userId = await EnsureImportUserAsync(c, tx, now, ct);
            categoryId = await EnsureCategoryAsync(c, tx, ct);
            await c.ExecuteAsync(new CommandDefinition(sql.InsertImport, new { Id = importId, FileName = Cut(fileName, 400), Format = format.ToString(), StartedUtc = now }, tx, cancellationToken: ct));

            using var insertAccount = Prepared(c, tx, sql.InsertAccount, ("Id", DbType.AnsiString), ("Name", DbType.String), ("TimeZone", DbType.String), ("CreatedUtc", DbType.DateTime2), ("ExternalRef", DbType.String));
            using var insertSite = Prepared(c, tx, sql.InsertSite, ("Id", DbType.AnsiString), ("AccountId", DbType.AnsiString), ("Code", DbType.String), ("Name", DbType.String),
                ("AddressLine1", DbType.String), ("City", DbType.String), ("PostalCode", DbType.String), ("Country", DbType.String));
            using var insertProduct = Prepared(c, tx, sql.InsertProduct, ("Id", DbType.AnsiString), ("Sku", DbType.String), ("Name", DbType.String), ("Description", DbType.String),
                ("CategoryId", DbType.AnsiString), ("Unit", DbType.String), ("ListPrice", DbType.Decimal));

            foreach (var reference in orderList)
            {
                var lines = orders[reference];
                var first = lines[0];
                if (!accounts.ContainsKey(first.Account))
                {
                    var id = Guid.NewGuid();
                    var name = UniqueName(format == HistoryFormat.OnlineRetail ? $"Customer {first.Account}" : first.Account, first.Account, names);
                    // a customer since its first order in the file
                    var since = ToUtc(firstOrderOf[first.Account], zone);
                    Run(insertAccount, id.ToString("D"), name, DefaultTimeZone, since.UtcDateTime, first.Account);
                    accounts[first.Account] = id;
                    accountsCreated++;
                }
                var accountId = accounts[first.Account];
                var code = SiteCode(first.Site);
                if (!sites.ContainsKey((accountId, code)))
                {
                    var id = Guid.NewGuid();
                    Run(insertSite, id.ToString("D"), accountId.ToString("D"), code, first.Site is { Length: > 0 } s ? Cut(s, 256) : "Main site",
                        "(imported history)", "", "", format == HistoryFormat.OnlineRetail ? Cut(first.Site ?? "", 128) : "");
                    sites[(accountId, code)] = id;
                    sitesCreated++;
                }
                foreach (var line in lines)
                {
                    if (products.ContainsKey(line.Sku)) continue;
                    var id = Guid.NewGuid();
                    var name = Cut(line.Description.Length > 0 ? line.Description : line.Sku, 256);
                    Run(insertProduct, id.ToString("D"), line.Sku, name, Cut(line.Description, 2000), categoryId.ToString("D"), "each", Math.Max(0m, line.Price));
                    products[line.Sku] = (id, name, "each");
                    productsCreated++;
                }
            }
            if (productsCreated > 0) await c.ExecuteAsync(new CommandDefinition(sql.BumpCatalogVersion, transaction: tx, cancellationToken: ct));
            await tx.CommitAsync(ct);
        }

        // 2. the orders, a few thousand per transaction: an interrupted import keeps what it committed and a re-run adds the rest
        const int OrdersPerTransaction = 5000;
        for (var start = 0; start < orderList.Count; start += OrdersPerTransaction)
        {
            await using var tx = await db.BeginWriteAsync(c, ct);
            using var insertOrder = Prepared(c, tx, sql.InsertHistoricOrder, ("Id", DbType.AnsiString), ("AccountId", DbType.AnsiString), ("Number", DbType.String),
                ("SiteId", DbType.AnsiString), ("PlacedByUserId", DbType.AnsiString), ("Status", DbType.String), ("RequestedDeliveryDate", DbType.Date), ("Total", DbType.Decimal),
                ("LineCount", DbType.Int32), ("IdempotencyKey", DbType.String), ("CreatedUtc", DbType.DateTime2), ("DecidedUtc", DbType.DateTime2),
                ("DecisionReason", DbType.String), ("HistoryImportId", DbType.AnsiString));
            using var insertLine = Prepared(c, tx, sql.InsertHistoricLine, ("OrderId", DbType.AnsiString), ("LineNumber", DbType.Int32), ("ProductId", DbType.AnsiString),
                ("Sku", DbType.String), ("Name", DbType.String), ("Unit", DbType.String), ("Quantity", DbType.Int32), ("UnitPrice", DbType.Decimal), ("LineTotal", DbType.Decimal));
            using var insertEvent = Prepared(c, tx, sql.InsertHistoricEvent, ("Id", DbType.AnsiString), ("OrderId", DbType.AnsiString), ("AtUtc", DbType.DateTime2),
                ("Status", DbType.String), ("UserId", DbType.AnsiString), ("Note", DbType.String));

            foreach (var reference in orderList.Skip(start).Take(OrdersPerTransaction))
            {
                ct.ThrowIfCancellationRequested();
                var all = orders[reference];
                var number = "H-" + reference;
                if (imported.Contains(number))
                {
                    already++;
                    for (var i = 0; i < all.Count; i++) Skip(Reasons.AlreadyImported);
                    continue;
                }
                var isCancellation = format == HistoryFormat.OnlineRetail
                    ? reference.StartsWith('C') || reference.StartsWith('c') || all.All(l => l.Quantity < 0)
                    : all.All(l => l.Quantity < 0);
                var kept = new List<Row>(all.Count);
                var seen = new HashSet<(string, int, decimal, string)>();
                foreach (var line in all)
                {
                    if (!isCancellation && line.Quantity < 0) { Skip(Reasons.NegativeInOrder); continue; }
                    if (!seen.Add((line.Sku.ToUpperInvariant(), line.Quantity, line.Price, line.Description))) { Skip(Reasons.Duplicate); continue; }
                    kept.Add(line);
                }
                if (kept.Count == 0) continue;

                var orderId = Guid.NewGuid();
                var first = kept[0];
                var placed = ToUtc(kept.Min(l => l.Local), zone);
                var accountId = accounts[first.Account];
                var siteId = sites[(accountId, SiteCode(first.Site))];
                var total = kept.Sum(l => Math.Abs(l.Quantity) * l.Price);
                var status = isCancellation ? Ordering.OrderStatus.Cancelled : Ordering.OrderStatus.Delivered;
                Run(insertOrder, orderId.ToString("D"), accountId.ToString("D"), number, siteId.ToString("D"), userId.ToString("D"), status,
                    DateOnly.FromDateTime(first.Local), total, kept.Count, reference, placed.UtcDateTime, isCancellation ? placed.UtcDateTime : null,
                    isCancellation ? "Cancelled in the imported history" : null, importId.ToString("D"));
                for (var i = 0; i < kept.Count; i++)
                {
                    var line = kept[i];
                    var product = products[line.Sku];
                    var quantity = Math.Abs(line.Quantity);
                    Run(insertLine, orderId.ToString("D"), i + 1, product.Id.ToString("D"), line.Sku, product.Name, product.Unit, quantity, line.Price, quantity * line.Price);
                    if (line.Price == 0) zeroPrice++;
                }
                Run(insertEvent, Guid.NewGuid().ToString("D"), orderId.ToString("D"), placed.UtcDateTime, status, userId.ToString("D"), "Imported from order history (" + Cut(fileName, 200) + ")");
                imported.Add(number);
                ordersCreated++;
                if (isCancellation) cancelled++;
                linesCreated += kept.Count;
            }
            await tx.CommitAsync(ct);
        }

        var result = new HistoryImportResult
        {
            ImportId = importId, RowsRead = read, AccountsCreated = accountsCreated, SitesCreated = sitesCreated, ProductsCreated = productsCreated,
            OrdersCreated = ordersCreated, CancelledOrdersCreated = cancelled, LinesCreated = linesCreated, OrdersAlreadyImported = already,
            ZeroPriceLines = zeroPrice, Skipped = skipped,
        };
        await c.ExecuteAsync(new CommandDefinition(sql.FinishImport, new
        {
            Id = importId, FinishedUtc = clock.GetUtcNow(), result.AccountsCreated, result.ProductsCreated, result.OrdersCreated, result.LinesCreated,
            Summary = Cut(result.Summary(), 4000),
        }, cancellationToken: ct));
        return result;
    }

    private static string SiteCode(string? site) => string.IsNullOrWhiteSpace(site) ? "MAIN" : Cut(site.Trim(), 128).ToUpperInvariant();

    private static DateTimeOffset ToUtc(DateTime local, TimeZoneInfo zone)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        // a time that does not exist (the hour skipped in spring) is read as the hour after
        if (zone.IsInvalidTime(unspecified)) unspecified = unspecified.AddHours(1);
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(unspecified, zone), TimeSpan.Zero);
    }

    private static string UniqueName(string wanted, string reference, HashSet<string> names)
    {
        var name = Cut(wanted, 256);
        if (names.Add(name)) return name;
        name = Cut($"{wanted} ({reference})", 256);
        for (var i = 2; !names.Add(name); i++) name = Cut($"{wanted} ({reference}) {i}", 256);
        return name;
    }

    private static string Cut(string text, int length) => text.Length <= length ? text : text[..length];

    private async Task<Guid> EnsureImportUserAsync(DbConnection c, DbTransaction tx, DateTimeOffset now, CancellationToken ct)
    {
        var normalized = ImportUserName.ToUpperInvariant();
        var found = await c.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(sql.UserByNormalizedName, new { NormalizedUserName = normalized }, tx, cancellationToken: ct));
        if (found is { } id) return id;
        id = Guid.NewGuid();
        await c.ExecuteAsync(new CommandDefinition(sql.InsertImportUser, new
        {
            Id = id, DisplayName = "History import", UserName = ImportUserName, NormalizedUserName = normalized, SecurityStamp = Guid.NewGuid().ToString("N"), Now = now,
        }, tx, cancellationToken: ct));
        return id;
    }

    private async Task<Guid> EnsureCategoryAsync(DbConnection c, DbTransaction tx, CancellationToken ct)
    {
        var found = await c.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(sql.CategoryByName, new { Name = CategoryName }, tx, cancellationToken: ct));
        if (found is { } id) return id;
        id = Guid.NewGuid();
        await c.ExecuteAsync(new CommandDefinition(sql.InsertCategory, new { Id = id, Name = CategoryName, SortOrder = 1000 }, tx, cancellationToken: ct));
        return id;
    }

    // ---- reading ------------------------------------------------------------------------------------------------------

    private static (List<Row> Rows, int Read) Read(Stream csv, HistoryFormat format, Action<string> skip)
    {
        using var reader = new StreamReader(csv);
        using var parser = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            TrimOptions = TrimOptions.Trim,
            BadDataFound = null,
            MissingFieldFound = null,
            DetectColumnCountChanges = false,
        });
        if (!parser.Read() || !parser.ReadHeader()) return ([], 0);
        var columns = Columns(parser.HeaderRecord!, format);
        var rows = new List<Row>(600_000);
        var read = 0;
        var dayFirst = format != HistoryFormat.OnlineRetail;
        while (parser.Read())
        {
            read++;
            string Field(int index) => index >= 0 && parser.TryGetField<string>(index, out var v) && v is not null ? v.Trim() : "";
            var account = Field(columns.Account);
            var order = Field(columns.Order);
            var sku = Field(columns.Sku);
            if (format == HistoryFormat.OnlineRetail && account.EndsWith(".0", StringComparison.Ordinal)) account = account[..^2];
            if (account.Length == 0) { skip(Reasons.NoAccount); continue; }
            if (order.Length == 0) { skip(Reasons.NoOrder); continue; }
            if (sku.Length == 0) { skip(Reasons.NoSku); continue; }
            if (account.Length > 60 || order.Length > 60 || sku.Length > 64) { skip(Reasons.TooLong); continue; }
            if (format == HistoryFormat.OnlineRetail && (NonProductCodes.Contains(sku) || sku.StartsWith("gift_", StringComparison.OrdinalIgnoreCase))) { skip(Reasons.NonProduct); continue; }
            if (!TryDate(Field(columns.Date), dayFirst, out var date)) { skip(Reasons.BadDate); continue; }
            if (!int.TryParse(Field(columns.Quantity), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var quantity)) { skip(Reasons.BadQuantity); continue; }
            if (quantity == 0) { skip(Reasons.ZeroQuantity); continue; }
            if (!decimal.TryParse(Field(columns.Price).TrimStart('£'), NumberStyles.Number, CultureInfo.InvariantCulture, out var price)) { skip(Reasons.BadPrice); continue; }
            if (price < 0) { skip(Reasons.NegativePrice); continue; }
            var site = Field(columns.Site);
            rows.Add(new Row(account, order, date, sku, Field(columns.Description), quantity, price, site.Length == 0 ? null : site, read + 1));
        }
        return (rows, read);
    }

    private static readonly string[] IsoFormats = ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm"];
    private static readonly string[] DayFirst = ["d/M/yyyy H:mm", "d/M/yyyy H:mm:ss", "d/M/yyyy"];
    private static readonly string[] MonthFirst = ["M/d/yyyy H:mm", "M/d/yyyy H:mm:ss", "M/d/yyyy"];

    /// <summary>ISO dates always; slashed dates day first in the plain format (UK), month first in Online Retail (as UCI's own export writes them).</summary>
    internal static bool TryDate(string text, bool dayFirst, out DateTime date) =>
        DateTime.TryParseExact(text, IsoFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out date)
        || DateTime.TryParseExact(text, dayFirst ? DayFirst : MonthFirst, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    private sealed record ColumnMap(int Account, int Order, int Date, int Sku, int Description, int Quantity, int Price, int Site);

    private static ColumnMap Columns(string[] header, HistoryFormat format)
    {
        var normal = header.Select(h => new string(h.Where(char.IsLetterOrDigit).ToArray()).ToLowerInvariant()).ToArray();
        int Find(bool required, params string[] names)
        {
            var i = Array.FindIndex(normal, n => names.Contains(n));
            if (i < 0 && required)
                throw new InvalidDataException($"The file has no '{names[0]}' column; its columns are: {string.Join(", ", header)}.");
            return i;
        }
        return format == HistoryFormat.OnlineRetail
            ? new ColumnMap(Find(true, "customerid"), Find(true, "invoiceno", "invoice"), Find(true, "invoicedate"), Find(true, "stockcode"),
                Find(false, "description"), Find(true, "quantity"), Find(true, "unitprice", "price"), Find(false, "country"))
            : new ColumnMap(Find(true, "accountreference", "accountref", "account", "customerreference", "customerid", "customer"),
                Find(true, "orderreference", "orderref", "order", "ordernumber", "invoiceno", "invoice"),
                Find(true, "date", "orderdate", "invoicedate", "placed"), Find(true, "sku", "stockcode", "productcode", "code"),
                Find(false, "description", "name", "productname"), Find(true, "quantity", "qty"), Find(true, "unitprice", "price"),
                Find(false, "site", "sitecode", "shipto"));
    }

    // ---- prepared commands ---------------------------------------------------------------------------------------------

    private static DbCommand Prepared(DbConnection c, DbTransaction tx, string text, params (string Name, DbType Type)[] parameters)
    {
        var command = c.CreateCommand();
        command.Transaction = tx;
        command.CommandText = text;
        foreach (var (name, type) in parameters)
        {
            var p = command.CreateParameter();
            p.ParameterName = "@" + name;
            p.DbType = type;
            if (type == DbType.Decimal) { p.Precision = 19; p.Scale = 4; }
            else if (type is DbType.String) p.Size = 4000;
            else if (type is DbType.AnsiString) p.Size = 36;
            command.Parameters.Add(p);
        }
        command.Prepare();
        return command;
    }

    private static void Run(DbCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i] ?? DBNull.Value;
        command.ExecuteNonQuery();
    }
}
