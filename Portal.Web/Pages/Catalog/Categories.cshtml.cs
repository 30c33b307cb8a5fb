using Portal.Data.Catalog;

namespace Portal.Web.Pages.Catalog;

public sealed class Categories(CatalogStore catalog) : PageModel
{
    public IReadOnlyList<Category> All { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => All = await catalog.CategoriesAsync(ct);

    public async Task<IActionResult> OnPostAsync(string? name, CancellationToken ct)
    {
        name = name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 100)
        {
            ModelState.AddModelError("", "Give the category a name of at most 100 characters.");
            All = await catalog.CategoriesAsync(ct);
            return Page();
        }
        await catalog.EnsureCategoryAsync(name, All.Count, ct);
        TempData["Status"] = $"Category {name} is there.";
        return RedirectToPage();
    }
}
