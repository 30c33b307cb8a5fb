using System.Globalization;
using CsvHelper;
using Portal.Data.Catalog;

namespace Portal.Data.Ordering;

/// <summary>The account's order history: filtered, paged, and exported as CSV.</summary>
public sealed class OrderHistory(ConnectionFactory db, OrderingSql sql)
{
    private object HistoryArgs(Guid accountId, OrderFilter f, string timeZone)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZone);
        DateTimeOffset? Utc(DateOnly? d) => d is { } day ? TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue), zone) : null;
        var size = Math.Clamp(f.PageSize, 1, 200);
        return new
        {
            AccountId = accountId, Status = string.IsNullOrWhiteSpace(f.Status) ? null : f.Status, f.SiteId,
            FromUtc = Utc(f.From), ToUtc = Utc(f.To?.AddDays(1)),
            PoNumber = string.IsNullOrWhiteSpace(f.PoNumber) ? null : $"%{Like.Escape(f.PoNumber.Trim())}%",
            Sku = string.IsNullOrWhiteSpace(f.Sku) ? null : CatalogStore.NormalizeSku(f.Sku),
            Skip = (Math.Max(1, f.Page) - 1) * size, Take = size,
        };
    }

    public async Task<Page<Order>> HistoryAsync(Guid accountId, string timeZone, OrderFilter filter, CancellationToken ct = default)
    {
        var args = HistoryArgs(accountId, filter, timeZone);
        await using var c = await db.OpenAsync(ct);
        var items = (await c.QueryAsync<Order>(new CommandDefinition(sql.History, args, cancellationToken: ct))).ToList();
        var total = await c.ExecuteScalarAsync<int>(new CommandDefinition(sql.HistoryCount, args, cancellationToken: ct));
        return new Page<Order>(items, Math.Max(1, filter.Page), Math.Clamp(filter.PageSize, 1, 200), total);
    }

    /// <summary>The filtered history as CSV (one row per order line), written with CsvHelper.</summary>
    public async Task ExportAsync(Guid accountId, string timeZone, OrderFilter filter, TextWriter writer, CancellationToken ct = default)
    {
        var args = HistoryArgs(accountId, filter with { Page = 1, PageSize = 200 }, timeZone);
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<ExportRow>(new CommandDefinition(sql.HistoryExport, args, cancellationToken: ct));
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZone);
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
