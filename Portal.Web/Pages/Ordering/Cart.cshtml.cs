using Portal.Data.Catalog;
using Portal.Data.Ordering;

namespace Portal.Web.Pages.Ordering;

/// <summary>The buyer's cart for one ship-to site: quantities, quick order by typing, pasting or uploading, and saving as a list.</summary>
public sealed class Cart(OrderingContext ordering, Carts carts, StandingLists lists, Portal.Data.Replenishment.Suggestions suggestions) : PageModel
{
    public const long MaxUploadBytes = 1_000_000;

    /// <summary>A line of the quantities form; the quantity is read as typed, so a bad one is reported, never taken as 0 (remove).</summary>
    public sealed record LineInput(Guid ProductId, string? Quantity);

    /// <summary>After a refused update: what was typed per product and, for the bad ones, what is wrong.</summary>
    public Dictionary<Guid, (string? Typed, string? Problem)> Typed { get; private set; } = [];

    public CartView View { get; private set; } = new(Guid.Empty, Guid.Empty, 0, []);
    public IReadOnlyList<Site> Sites { get; private set; } = [];
    public IReadOnlyList<(int Row, string Text, string Problem)> QuickProblems { get; private set; } = [];
    public string? Quick { get; private set; }
    public string? ListName { get; private set; }
    /// <summary>Items due by the site's buying rhythm and not in the cart (nor on the way, nor on a schedule).</summary>
    public IReadOnlyList<Portal.Data.Replenishment.Suggestion> Suggestions { get; private set; } = [];
    public Suggestions.View SuggestionsView => new(Suggestions, "/cart", Enhanced: false);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await ShowAsync(ct);

    public async Task<IActionResult> OnPostSiteAsync(Guid siteId, CancellationToken ct) =>
        await ordering.ChooseSiteAsync(siteId, ct) ? RedirectToPage() : NotFound();

    public async Task<IActionResult> OnPostUpdateAsync(int version, List<LineInput> lines, CancellationToken ct)
    {
        if (await ordering.BuyerAsync(ct) is not { } buyer) return NotFound();
        var parsed = lines.Select(l => (l.ProductId, l.Quantity, Problem: QuantityProblem(l.Quantity, out var quantity), Value: quantity)).ToList();
        if (parsed.Any(p => p.Problem is not null))
        {
            // nothing changes: every line stays, with what was typed and the message next to the bad ones
            Typed = parsed.GroupBy(p => p.ProductId).ToDictionary(g => g.Key, g => (g.First().Quantity, g.First().Problem));
            ModelState.AddModelError("", "Nothing was changed: correct the quantities marked below and update again.");
            return await ShowAsync(ct);
        }
        if (!await carts.UpdateAsync(buyer, version, parsed.Select(p => (p.ProductId, p.Value)), ct))
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
            ListName = listName;
            foreach (var (field, message) in outcome.Errors) ModelState.AddModelError(field == "Name" ? "listName" : "", message);
            return await ShowAsync(ct);
        }
        TempData["Status"] = $"Saved as the list \"{outcome.Value!.Name}\".";
        return RedirectToPage();
    }

    /// <summary>Why a typed cart quantity cannot be used (0 removes the line); null when it can.</summary>
    public static string? QuantityProblem(string? typed, out int quantity)
    {
        quantity = 0;
        var text = typed?.Trim() ?? "";
        if (text.Length == 0) return "Enter a quantity, or 0 to remove the line.";
        if (!int.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out quantity))
            return text.TrimStart('+').All(char.IsAsciiDigit)
                ? $"At most {QuantityRules.MaxPerLineText} per line."
                : $"\"{Truncate(text)}\" is not a whole number; enter a quantity, or 0 to remove the line.";
        if (quantity < 0) return "A quantity cannot be negative; enter 0 to remove the line.";
        if (quantity > QuantityRules.MaxPerLine) return $"At most {QuantityRules.MaxPerLineText} per line.";
        return null;
    }

    private static string Truncate(string text) => text.Length <= 20 ? text : text[..20] + "…";

    private async Task<IActionResult> ShowAsync(CancellationToken ct)
    {
        if (await ordering.BuyerAsync(ct) is not { } buyer) return RedirectToPage("/Accounts/Sites");
        Sites = await ordering.SitesAsync(ct);
        View = await carts.GetAsync(buyer, ct);
        Suggestions = await suggestions.DueAsync(buyer, ct: ct);
        return Page();
    }
}
