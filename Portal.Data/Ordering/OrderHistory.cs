using System.Globalization;
using CsvHelper;
using Portal.Data.Accounts;
using Portal.Data.Catalog;

namespace Portal.Data.Ordering;

/// <summary>The history filters a statement holds a condition for (<see cref="OrderingSql.History"/>).</summary>
[Flags]
public enum HistoryFilters
{
    None = 0,
    Status = 1,
    Site = 2,
    From = 4,
    To = 8,
    PoNumber = 16,
    Sku = 32,
    /// <summary>Every condition a status filter can be combined with (<see cref="Open"/> takes the place of <see cref="Status"/>).</summary>
    All = Status | Site | From | To | PoNumber | Sku,
    /// <summary>"Open": placed and not yet delivered, closed, cancelled or rejected (<see cref="OrderStatus.Open"/>); instead of <see cref="Status"/>.</summary>
    Open = 64,
}

/// <summary>What the history page shows: the account's time zone, the sites the user may filter by, and one page of orders.</summary>
public sealed record HistoryView(TimeZoneInfo Zone, IReadOnlyList<Site> Sites, Page<Order> Orders);

/// <summary>
/// The account's order history: filtered, paged, and exported as CSV. A user limited to one site (<c>onlySite</c>) sees
/// that site's orders only, whatever site filter they send. Everything one view needs is read on one connection, the
/// statements hold only the conditions of the filters given, and the count is skipped when the page itself tells it.
/// </summary>
public sealed class OrderHistory(ConnectionFactory db, OrderingSql sql)
{
    public const int MaxPageSize = 200;

    private sealed record Args(HistoryFilters Filters, object Parameters, int Page, int Size, long Skip);

    private static Args HistoryArgs(Guid accountId, OrderFilter f, TimeZoneInfo zone)
    {
        DateTimeOffset? Utc(DateOnly? d)
        {
            if (d is not { } day) return null;
            var local = day.ToDateTime(TimeOnly.MinValue);
            while (zone.IsInvalidTime(local)) local = local.AddMinutes(30); // midnight skipped by a clock change: the day starts later
            return TimeZoneInfo.ConvertTimeToUtc(local, zone);
        }
        var size = Math.Clamp(f.PageSize, 1, MaxPageSize);
        var page = Math.Max(1, f.Page);
        var skip = (long)(page - 1) * size;
        var status = string.IsNullOrWhiteSpace(f.Status) ? null : f.Status;
        var open = status == OrderFilter.OpenStatus;
        if (open) status = null;
        var po = string.IsNullOrWhiteSpace(f.PoNumber) ? null : $"%{Like.Escape(f.PoNumber.Trim())}%";
        var sku = string.IsNullOrWhiteSpace(f.Sku) ? null : CatalogStore.NormalizeSku(f.Sku);
        var (from, to) = (Utc(f.From), Utc(f.To?.AddDays(1)));
        var filters = (status is null ? 0 : HistoryFilters.Status) | (open ? HistoryFilters.Open : 0) | (f.SiteId is null ? 0 : HistoryFilters.Site)
            | (from is null ? 0 : HistoryFilters.From) | (to is null ? 0 : HistoryFilters.To)
            | (po is null ? 0 : HistoryFilters.PoNumber) | (sku is null ? 0 : HistoryFilters.Sku);
        return new Args(filters, new
        {
            AccountId = accountId, Status = status, f.SiteId, FromUtc = from, ToUtc = to, PoNumber = po, Sku = sku, Skip = skip, Take = size,
        }, page, size, skip);
    }

    /// <summary>A user limited to one site filters by that site, whatever they asked for.</summary>
    private static OrderFilter Limit(OrderFilter filter, Guid? onlySite) => onlySite is null ? filter : filter with { SiteId = onlySite };

    private sealed class SiteRow
    {
        public string TimeZone { get; init; } = "";
        public Guid? Id { get; init; }
        public string? Code { get; init; }
        public string? Name { get; init; }
    }

    /// <summary>The account's time zone and the sites the user may see (null when the account does not exist).</summary>
    private async Task<(TimeZoneInfo Zone, IReadOnlyList<Site> Sites)?> ContextAsync(DbConnection c, Guid accountId, Guid? onlySite, CancellationToken ct)
    {
        var rows = (await c.QueryAsync<SiteRow>(new CommandDefinition(sql.HistorySites, new { AccountId = accountId, SiteId = onlySite }, cancellationToken: ct))).AsList();
        if (rows.Count == 0) return null;
        var sites = rows.Where(r => r.Id is not null).Select(r => new Site { Id = r.Id!.Value, AccountId = accountId, Code = r.Code!, Name = r.Name! }).ToList();
        return (TimeZoneInfo.FindSystemTimeZoneById(rows[0].TimeZone), sites);
    }

    /// <summary>
    /// The history page of the account (null when there is no such account): its time zone, the sites the user may filter by
    /// (only <paramref name="onlySite"/> for a user limited to it), and the page of orders the filter selects.
    /// </summary>
    public async Task<HistoryView?> ViewAsync(Guid accountId, Guid? onlySite, OrderFilter filter, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        if (await ContextAsync(c, accountId, onlySite, ct) is not { } context) return null;
        var page = await PageAsync(c, HistoryArgs(accountId, Limit(filter, onlySite), context.Zone), ct);
        return new HistoryView(context.Zone, context.Sites, page);
    }

    public async Task<Page<Order>> HistoryAsync(Guid accountId, string timeZone, OrderFilter filter, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await PageAsync(c, HistoryArgs(accountId, filter, TimeZoneInfo.FindSystemTimeZoneById(timeZone)), ct);
    }

    private async Task<Page<Order>> PageAsync(DbConnection c, Args args, CancellationToken ct)
    {
        var items = (await c.QueryAsync<Order>(new CommandDefinition(sql.History(args.Filters), args.Parameters, cancellationToken: ct))).AsList();
        // a page that is neither full nor empty ends the selection, so it tells the count; so does an empty first page
        var total = items.Count > 0 && items.Count < args.Size || items.Count == 0 && args.Page == 1
            ? (int)Math.Min(int.MaxValue, args.Skip + items.Count)
            : await c.ExecuteScalarAsync<int>(new CommandDefinition(sql.HistoryCount(args.Filters), args.Parameters, cancellationToken: ct));
        return new Page<Order>(items, args.Page, args.Size, total);
    }

    /// <summary>The filtered history as CSV (one row per order line), written with CsvHelper; a user limited to a site gets that site's orders only.</summary>
    public async Task ExportAsync(Guid accountId, Guid? onlySite, OrderFilter filter, TextWriter writer, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var zone = (await ContextAsync(c, accountId, onlySite, ct))?.Zone ?? TimeZoneInfo.Utc;
        var args = HistoryArgs(accountId, Limit(filter, onlySite) with { Page = 1, PageSize = MaxPageSize }, zone);
        var rows = await c.QueryAsync<ExportRow>(new CommandDefinition(sql.HistoryExport(args.Filters), args.Parameters, cancellationToken: ct));
        // formula-like cells (a PO number "=HYPERLINK(..)") are escaped with a quote: CsvFiles.Export
        await using var csv = new CsvWriter(writer, CsvFiles.Export, leaveOpen: true);
        foreach (var header in new[] { "Order", "Placed", "Status", "Site", "PO number", "Requested delivery", "Placed by", "Line", "SKU", "Product", "Unit", "Quantity", "Unit price", "Line total" })
            csv.WriteField(header);
        await csv.NextRecordAsync();
        foreach (var r in rows)
        {
            csv.WriteField(r.Number);
            csv.WriteField(TimeZoneInfo.ConvertTime(r.CreatedUtc, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
            csv.WriteField(OrderStatus.Label(r.Status));
            csv.WriteField(r.SiteCode);
            csv.WriteField(r.PoNumber);
            csv.WriteField(r.RequestedDeliveryDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            csv.WriteField(r.PlacedBy);
            csv.WriteField(r.LineNumber);
            csv.WriteField(r.Sku);
            csv.WriteField(r.Name);
            csv.WriteField(r.Unit);
            csv.WriteField(r.Quantity);
            csv.WriteField(r.UnitPrice.ToString("0.00##", CultureInfo.InvariantCulture));
            csv.WriteField(r.LineTotal.ToString("0.00", CultureInfo.InvariantCulture));
            await csv.NextRecordAsync();
        }
        await csv.FlushAsync();
    }

    private sealed record ExportRow
    {
        public string Number { get; init; } = "";
        public DateTimeOffset CreatedUtc { get; init; }
        public string Status { get; init; } = "";
        public string SiteCode { get; init; } = "";
        public string? PoNumber { get; init; }
        public DateOnly RequestedDeliveryDate { get; init; }
        public string PlacedBy { get; init; } = "";
        public int LineNumber { get; init; }
        public string Sku { get; init; } = "";
        public string Name { get; init; } = "";
        public string Unit { get; init; } = "";
        public int Quantity { get; init; }
        public decimal UnitPrice { get; init; }
        public decimal LineTotal { get; init; }
    }
}
