using System.Text;
using Portal.Data.Catalog;

namespace Portal.Web.Pages.Catalog;

/// <summary>The supplier admin's product list (searched by SKU or name, sorted by a column, paged), with CSV exports of products and contract prices.</summary>
public sealed class Products(CatalogStore catalog, CatalogImport import) : PageModel
{
    public const int PageSize = 25;

    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true, Name = "sort")] public string? SortBy { get; set; }
    [BindProperty(SupportsGet = true, Name = "dir")] public string? Direction { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public SortableList<AdminProductSort> List { get; private set; } = new(AdminProductSort.Name, false, null);
    public Page<Product> Result { get; private set; } = new([], 1, PageSize, 0);

    public async Task OnGetAsync(CancellationToken ct)
    {
        List = SortableList<AdminProductSort>.From(SortBy, Direction, Q, AdminProductSort.Name);
        Result = await catalog.AdminProductsAsync(new AdminListQuery<AdminProductSort>(Q, List.Sort, List.Descending, PageNumber, PageSize), ct);
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
