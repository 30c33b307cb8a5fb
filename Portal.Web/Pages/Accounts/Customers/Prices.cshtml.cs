using System.ComponentModel.DataAnnotations;
using Portal.Data.Catalog;

namespace Portal.Web.Pages.Accounts.Customers;

/// <summary>
/// A customer account's contract prices: quantity breaks and validity dates, added one by one or by CSV import; the list is
/// searched by SKU or product, sorted by a column and paged.
/// </summary>
[Authorize(Policy = Policies.SupplierAdmin)]
public sealed class Prices(AccountStore accounts, CatalogStore catalog, CatalogImport import) : PageModel
{
    public const int PageSize = 25;

    /// <summary>A new price as typed (text, so a bad value comes back exactly as typed).</summary>
    public sealed class PriceInput
    {
        [Display(Name = "SKU")] public string? Sku { get; set; }
        [Display(Name = "From quantity")] public string? MinQuantity { get; set; } = "1";
        [Display(Name = "Unit price")] public string? UnitPrice { get; set; }
        [Display(Name = "Valid from")] public string? ValidFrom { get; set; }
        [Display(Name = "Valid to (optional)")] public string? ValidTo { get; set; }
    }

    [BindProperty] public PriceInput Input { get; set; } = new();
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true, Name = "sort")] public string? SortBy { get; set; }
    [BindProperty(SupportsGet = true, Name = "dir")] public string? Direction { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public CustomerAccount Account { get; private set; } = new();
    public SortableList<PriceListSort> List { get; private set; } = new(PriceListSort.Sku, false, null);
    public Page<PriceListRow> Result { get; private set; } = new([], 1, PageSize, 0);

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAddAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        // one row of the price CSV, checked by the import's own rules; each problem goes next to its field
        var csv = string.Join(",", CatalogImport.PriceHeader) + "\n" + string.Join(",",
            new[] { Account.Name, Input.Sku, Input.MinQuantity, Input.UnitPrice, Input.ValidFrom, Input.ValidTo }.Select(v => "\"" + (v ?? "").Replace("\"", "\"\"") + "\""));
        var rows = await import.ParsePricesAsync(csv, ct);
        if (!await import.ApplyPricesAsync(rows, ct))
        {
            foreach (var row in rows)
                for (var i = 0; i < row.Problems.Count; i++)
                    ModelState.AddModelError(row.ColumnOf(i) is { Length: > 0 } column && typeof(PriceInput).GetProperty(column) is not null ? $"Input.{column}" : "", row.Problems[i]);
            return Page();
        }
        TempData["Status"] = $"Price for {Input.Sku?.Trim().ToUpperInvariant()} from {Input.MinQuantity?.Trim()} saved.";
        return Redirect($"/desk/accounts/{id}/prices{List.PageHref(PageNumber)}");
    }

    public async Task<IActionResult> OnPostRemoveAsync(Guid id, Guid priceId, CancellationToken ct)
    {
        if (!await catalog.DeleteContractPriceAsync(id, priceId, ct)) return NotFound();
        TempData["Status"] = "The price was removed.";
        List = SortableList<PriceListSort>.From(SortBy, Direction, Q, PriceListSort.Sku);
        return Redirect($"/desk/accounts/{id}/prices{List.PageHref(PageNumber)}");
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        if (await accounts.GetAccountAsync(id, ct) is not { } account) return false;
        Account = account;
        List = SortableList<PriceListSort>.From(SortBy, Direction, Q, PriceListSort.Sku);
        Result = await catalog.PriceListPageAsync(id, new AdminListQuery<PriceListSort>(Q, List.Sort, List.Descending, PageNumber, PageSize), ct);
        return true;
    }
}
