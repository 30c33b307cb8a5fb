using System.Text;
using Portal.Data.Catalog;

namespace Portal.Web.Pages.Catalog;

/// <summary>The supplier admin's product list, with CSV exports of products and contract prices.</summary>
public sealed class Products(CatalogStore catalog, CatalogImport import) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    public IReadOnlyList<Product> Shown { get; private set; } = [];
    public int Total { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var all = await catalog.AllAsync(ct);
        var matching = string.IsNullOrWhiteSpace(Q)
            ? all
            : all.Where(p => p.Sku.Contains(Q.Trim(), StringComparison.OrdinalIgnoreCase) || p.Name.Contains(Q.Trim(), StringComparison.OrdinalIgnoreCase)).ToList();
        Total = matching.Count;
        Shown = matching.Take(200).ToList();
    }

    public Task<IActionResult> OnGetExportProductsAsync(CancellationToken ct) => CsvAsync("products", w => import.ExportProductsAsync(w, ct));
    public Task<IActionResult> OnGetExportPricesAsync(CancellationToken ct) => CsvAsync("prices", w => import.ExportPricesAsync(w, ct));

    private async Task<IActionResult> CsvAsync(string name, Func<TextWriter, Task> write)
    {
        var buffer = new StringWriter();
        await write(buffer);
        return File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(buffer.ToString())).ToArray(), "text/csv; charset=utf-8", $"{name}-{DateTime.UtcNow:yyyyMMdd}.csv");
    }
}
