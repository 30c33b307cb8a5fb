using System.Globalization;
using Portal.Data.Catalog;

namespace Portal.Web.Pages.Accounts.Customers;

/// <summary>A customer account's contract prices: quantity breaks and validity dates, added one by one or by CSV import.</summary>
[Authorize(Policy = Policies.SupplierAdmin)]
public sealed class Prices(AccountStore accounts, CatalogStore catalog, CatalogImport import) : PageModel
{
    public CustomerAccount Account { get; private set; } = new();
    public IReadOnlyList<PriceListRow> Rows { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAddAsync(Guid id, string? sku, string? minQuantity, string? unitPrice, string? validFrom, string? validTo, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        // one row of the price CSV, checked by the import's own rules
        var csv = string.Join(",", CatalogImport.PriceHeader) + "\n" + string.Join(",", new[] { Account.Name, sku, minQuantity, unitPrice, validFrom, validTo }.Select(v => "\"" + (v ?? "").Replace("\"", "\"\"") + "\""));
        var rows = await import.ParsePricesAsync(csv, ct);
        if (!await import.ApplyPricesAsync(rows, ct))
        {
            foreach (var problem in rows.SelectMany(r => r.Problems)) ModelState.AddModelError("", problem);
            return Page();
        }
        TempData["Status"] = $"Price for {sku?.Trim().ToUpperInvariant()} from {minQuantity} added.";
        return Redirect($"/desk/accounts/{id}/prices");
    }

    public async Task<IActionResult> OnPostRemoveAsync(Guid id, Guid priceId, CancellationToken ct)
    {
        if (!await catalog.DeleteContractPriceAsync(id, priceId, ct)) return NotFound();
        TempData["Status"] = "The price was removed.";
        return Redirect($"/desk/accounts/{id}/prices");
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        if (await accounts.GetAccountAsync(id, ct) is not { } account) return false;
        Account = account;
        Rows = await catalog.PriceListAsync(id, ct);
        return true;
    }
}
