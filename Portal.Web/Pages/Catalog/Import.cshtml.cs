using Portal.Data.Catalog;

namespace Portal.Web.Pages.Catalog;

public sealed record PreviewRow(int Row, string Key, bool Ok, IReadOnlyList<string> Problems);

/// <summary>CSV import of products or contract prices: preview every row, then apply all or nothing.</summary>
public sealed class Import(CatalogImport import) : PageModel
{
    public const long MaxBytes = 5_000_000;

    public string Kind { get; private set; } = "products";
    public string? FileText { get; private set; }
    public IReadOnlyList<PreviewRow>? Rows { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostPreviewAsync(string? kind, IFormFile? file, CancellationToken ct)
    {
        Kind = kind == "prices" ? "prices" : "products";
        if (file is null || file.Length == 0) { ModelState.AddModelError("", "Choose a CSV file."); return Page(); }
        if (file.Length > MaxBytes) { ModelState.AddModelError("", "The file is larger than 5 MB; split it."); return Page(); }
        using var reader = new StreamReader(file.OpenReadStream());
        FileText = await reader.ReadToEndAsync(ct);
        Rows = await PreviewAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostApplyAsync(string? kind, string? content, CancellationToken ct)
    {
        Kind = kind == "prices" ? "prices" : "products";
        FileText = content ?? "";
        var applied = Kind == "prices"
            ? await import.ApplyPricesAsync(await import.ParsePricesAsync(FileText, ct), ct)
            : await import.ApplyProductsAsync(CatalogImport.ParseProducts(FileText), ct);
        if (!applied)
        {
            // the catalog changed between preview and apply (a SKU or account went away): show the new preview
            ModelState.AddModelError("", "The file no longer applies cleanly; nothing was changed. See the preview below.");
            Rows = await PreviewAsync(ct);
            return Page();
        }
        TempData["Status"] = $"The {Kind} file was applied.";
        return Redirect("/desk/catalog");
    }

    private async Task<IReadOnlyList<PreviewRow>> PreviewAsync(CancellationToken ct) => Kind == "prices"
        ? (await import.ParsePricesAsync(FileText!, ct)).Select(r => new PreviewRow(r.Row, r.Key, r.Ok, r.Problems)).ToList()
        : CatalogImport.ParseProducts(FileText!).Select(r => new PreviewRow(r.Row, r.Key, r.Ok, r.Problems)).ToList();
}
