using System.Globalization;
using Portal.Data.Catalog;

namespace Portal.Web.Pages.Catalog;

/// <summary>Create a product, or edit or deactivate one (by SKU). Goes through the same import rules as a CSV row.</summary>
public sealed class ProductEditor(CatalogStore catalog, CatalogImport import) : PageModel
{
    public sealed class InputModel
    {
        public string Sku { get; set; } = "";
        public string Name { get; set; } = "";
        public string? Description { get; set; }
        public string Category { get; set; } = "";
        public string Unit { get; set; } = "each";
        public string PackSize { get; set; } = "1";
        public string MinQuantity { get; set; } = "1";
        public string LeadTimeDays { get; set; } = "1";
        public string ListPrice { get; set; } = "";
        public bool Active { get; set; } = true;
    }

    [BindProperty] public InputModel Input { get; set; } = new();
    public Product? Existing { get; private set; }
    public IReadOnlyList<Category> Categories { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string? sku, CancellationToken ct)
    {
        Categories = await catalog.CategoriesAsync(ct);
        if (sku is null) return Page();
        if (await catalog.BySkuAsync(sku, ct) is not { } product) return NotFound();
        Existing = product;
        Input = new InputModel
        {
            Sku = product.Sku, Name = product.Name, Description = product.Description, Category = product.CategoryName, Unit = product.Unit,
            PackSize = product.PackSize.ToString(CultureInfo.InvariantCulture), MinQuantity = product.MinQuantity.ToString(CultureInfo.InvariantCulture),
            LeadTimeDays = product.LeadTimeDays.ToString(CultureInfo.InvariantCulture), ListPrice = product.ListPrice.ToString("0.00##", CultureInfo.InvariantCulture), Active = product.IsActive,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? sku, CancellationToken ct)
    {
        Categories = await catalog.CategoriesAsync(ct);
        if (sku is not null && (Existing = await catalog.BySkuAsync(sku, ct)) is null) return NotFound();
        if (Existing is not null) Input.Sku = Existing.Sku;
        else if (await catalog.BySkuAsync(Input.Sku ?? "", ct) is not null)
        {
            ModelState.AddModelError("Input.Sku", $"A product with SKU {Input.Sku?.Trim().ToUpperInvariant()} exists already; edit it instead.");
            return Page();
        }
        // one row of CSV, checked by the import's own rules
        var csv = string.Join(",", CatalogImport.ProductHeader) + "\n" + string.Join(",", new[]
        {
            Input.Sku, Input.Name, Input.Description, Input.Category, Input.Unit, Input.PackSize, Input.MinQuantity, Input.LeadTimeDays, Input.ListPrice, Input.Active ? "true" : "false",
        }.Select(Quote));
        var rows = CatalogImport.ParseProducts(csv);
        if (!await import.ApplyProductsAsync(rows, ct))
        {
            // the import's columns are the form's fields (Sku, PackSize, ListPrice, ...): each message goes next to its field
            foreach (var row in rows)
                for (var i = 0; i < row.Problems.Count; i++)
                    ModelState.AddModelError(row.ColumnOf(i) is { Length: > 0 } column && typeof(InputModel).GetProperty(column) is not null ? $"Input.{column}" : "", row.Problems[i]);
            return Page();
        }
        TempData["Status"] = $"{(Input.Sku ?? "").Trim().ToUpperInvariant()} was saved.";
        return Redirect("/desk/catalog");
    }

    private static string Quote(string? value) => "\"" + (value ?? "").Replace("\"", "\"\"") + "\"";
}
