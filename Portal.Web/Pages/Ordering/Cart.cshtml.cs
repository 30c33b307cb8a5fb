using Portal.Data.Ordering;

namespace Portal.Web.Pages.Ordering;

/// <summary>The buyer's cart for one ship-to site: quantities, quick order by typing, pasting or uploading, and saving as a list.</summary>
public sealed class Cart(OrderingContext ordering, Carts carts, StandingLists lists) : PageModel
{
    public const long MaxUploadBytes = 1_000_000;

    public sealed record LineInput(Guid ProductId, int Quantity);

    public CartView View { get; private set; } = new(Guid.Empty, Guid.Empty, 0, []);
    public IReadOnlyList<Site> Sites { get; private set; } = [];
    public IReadOnlyList<(int Row, string Text, string Problem)> QuickProblems { get; private set; } = [];
    public string? Quick { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await ShowAsync(ct);

    public async Task<IActionResult> OnPostSiteAsync(Guid siteId, CancellationToken ct) =>
        await ordering.ChooseSiteAsync(siteId, ct) ? RedirectToPage() : NotFound();

    public async Task<IActionResult> OnPostUpdateAsync(int version, List<LineInput> lines, CancellationToken ct)
    {
        if (await ordering.BuyerAsync(ct) is not { } buyer) return NotFound();
        if (!await carts.UpdateAsync(buyer, version, lines.Select(l => (l.ProductId, l.Quantity)), ct))
        {
            ModelState.AddModelError("", "The cart changed in another window or tab meanwhile. This is how it is now; make your change again.");
            return await ShowAsync(ct);
        }
        TempData["Status"] = "Quantities updated.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRemoveAsync(Guid productId, CancellationToken ct)
    {
        if (await ordering.BuyerAsync(ct) is not { } buyer) return NotFound();
        await carts.RemoveAsync(buyer, productId, ct);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostClearAsync(CancellationToken ct)
    {
        if (await ordering.BuyerAsync(ct) is not { } buyer) return NotFound();
        await carts.ClearAsync(buyer, ct);
        TempData["Status"] = "The cart is empty.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostQuickOrderAsync(string? quick, CancellationToken ct)
    {
        if (await ordering.BuyerAsync(ct) is not { } buyer) return NotFound();
        QuickProblems = await carts.AddQuickOrderAsync(buyer, quick, ct);
        if (QuickProblems.Count == 0)
        {
            TempData["Status"] = "All lines were added to the cart.";
            return RedirectToPage();
        }
        Quick = string.Join("\n", QuickProblems.Where(p => p.Text.Length > 0).Select(p => p.Text));
        return await ShowAsync(ct);
    }

    public async Task<IActionResult> OnPostUploadAsync(IFormFile? file, CancellationToken ct)
    {
        if (await ordering.BuyerAsync(ct) is not { } buyer) return NotFound();
        if (file is null || file.Length == 0)
        {
            ModelState.AddModelError("", "Choose a CSV file to upload.");
            return await ShowAsync(ct);
        }
        if (file.Length > MaxUploadBytes)
        {
            ModelState.AddModelError("", "The file is larger than 1 MB; split it into smaller files.");
            return await ShowAsync(ct);
        }
        using var reader = new StreamReader(file.OpenReadStream());
        return await OnPostQuickOrderAsync(await reader.ReadToEndAsync(ct), ct);
    }

    public async Task<IActionResult> OnPostSaveListAsync(string? listName, CancellationToken ct)
    {
        if (await ordering.BuyerAsync(ct) is not { } buyer) return NotFound();
        var outcome = await lists.SaveCartAsync(buyer, listName, ct);
        if (!outcome.Succeeded)
        {
            foreach (var message in outcome.Errors.Values) ModelState.AddModelError("", message);
            return await ShowAsync(ct);
        }
        TempData["Status"] = $"Saved as the list \"{outcome.Value!.Name}\".";
        return RedirectToPage();
    }

    private async Task<IActionResult> ShowAsync(CancellationToken ct)
    {
        if (await ordering.BuyerAsync(ct) is not { } buyer) return RedirectToPage("/Accounts/Sites");
        Sites = await ordering.SitesAsync(ct);
        View = await carts.GetAsync(buyer, ct);
        return Page();
    }
}
