using Portal.Data.Catalog;

namespace Portal.Web.Pages.Catalog;

/// <summary>
/// CSV import of products or contract prices: preview, then apply all or nothing. The previewed file is kept in the
/// database under a token, so applying never posts the file again and works on any node of a farm.
/// </summary>
public sealed class Import(CatalogImport import, CurrentUser me) : PageModel
{
    public const long MaxBytes = 5_000_000;

    public string Kind { get; private set; } = ImportKinds.Products;
    public ImportPreview? Preview { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostPreviewAsync(string? kind, IFormFile? file, CancellationToken ct)
    {
        Kind = kind == ImportKinds.Prices ? ImportKinds.Prices : ImportKinds.Products;
        if (file is null || file.Length == 0) { ModelState.AddModelError("file", "Choose a CSV file."); return Page(); }
        if (file.Length > MaxBytes) { ModelState.AddModelError("file", "The file is larger than 5 MB; split it."); return Page(); }
        using var reader = new StreamReader(file.OpenReadStream());
        var text = await reader.ReadToEndAsync(ct);
        Preview = await import.PreviewAsync(Kind, text, file.FileName, me.UserId == Guid.Empty ? null : me.UserId, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostApplyAsync(Guid? token, CancellationToken ct)
    {
        var outcome = token is { } id ? await import.ApplyAsync(id, ct) : null;
        if (outcome is null)
        {
            ModelState.AddModelError("file", "The previewed file is no longer kept (it was applied already, or it is more than a day old); choose it and preview it again.");
            return Page();
        }
        Kind = outcome.Kind;
        if (!outcome.Applied)
        {
            // the file had bad rows, or the catalog changed between preview and apply (a SKU or account went away)
            ModelState.AddModelError("", "The file no longer applies cleanly; nothing was changed. See the preview below.");
            Preview = outcome.Preview;
            return Page();
        }
        var c = outcome.Counts!;
        TempData["Status"] = $"The {(Kind == ImportKinds.Prices ? "price" : "product")} file was applied: {c.Added} added, {c.Updated} updated, {c.Unchanged} unchanged.";
        return Redirect("/desk/catalog");
    }
}
