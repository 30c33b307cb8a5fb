using Portal.Data.Ordering;

namespace Portal.Web.Pages.Ordering.Lists;

/// <summary>
/// One standing list of the account, edited in place (name, quantities, lines removed or added by SKU) and put into the
/// cart: into an empty cart at once, into one that holds lines only after the buyer chose to add to it or replace it.
/// Another account's list is not found.
/// </summary>
public sealed class Details(CurrentUser me, StandingLists lists, OrderingContext ordering, Carts carts) : PageModel
{
    /// <summary>A line of the edit form; the quantity is read as typed, so a bad one is shown back, never taken as 0.</summary>
    public sealed record LineInput(Guid ProductId, string? Quantity);

    public const string AddMode = "add";
    public const string ReplaceMode = "replace";

    public StandingList List { get; private set; } = new();
    public IReadOnlyList<StandingListLine> Lines { get; private set; } = [];
    /// <summary>How many lines the buyer's cart holds now (adding asks first when it is not empty).</summary>
    public int CartLines { get; private set; }
    /// <summary>The buyer asked to add the list to a cart that is not empty: the page asks "add to it or replace it".</summary>
    public bool Asking { get; private set; }

    /// <summary>After a refused save: the name and each line's quantity as typed, with the problems by product.</summary>
    public string? TypedName { get; private set; }
    public Dictionary<Guid, (string? Typed, string? Problem)> Typed { get; private set; } = [];
    public string? NameProblem { get; private set; }
    /// <summary>After a refused "add a line": what was typed and why.</summary>
    public string? AddSku { get; private set; }
    public string? AddQuantity { get; private set; }
    public string? AddSkuProblem { get; private set; }
    public string? AddQuantityProblem { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => await ShowAsync(id, ct);

    public async Task<IActionResult> OnPostAddToCartAsync(Guid id, string? mode, CancellationToken ct)
    {
        if (await ordering.BuyerAsync(ct) is not { } buyer) return NotFound();
        var replace = mode == ReplaceMode;
        if (mode is not (AddMode or ReplaceMode) && await carts.LineCountAsync(buyer, ct) > 0)
        {
            // never a silent doubling: a cart that holds lines gets the question first
            Asking = true;
            return await ShowAsync(id, ct);
        }
        if (await lists.AddToCartAsync(buyer, id, replace, ct) is not { } done) return NotFound();
        TempData["Status"] = $"{done.Change.Describe()}{(done.NotSold.Count == 0 ? "" : $" Left out, no longer sold: {string.Join("; ", done.NotSold)}.")}";
        return Redirect("/cart");
    }

    public async Task<IActionResult> OnPostSaveAsync(Guid id, string? name, List<LineInput>? lines, CancellationToken ct)
    {
        lines ??= [];
        var outcome = await lists.SaveAsync(me.RequiredAccountId, id, name, lines.Select(l => (l.ProductId, l.Quantity)).ToList(), ct);
        if (outcome is null) return NotFound();
        if (!outcome.Succeeded)
        {
            TypedName = name ?? "";
            NameProblem = outcome.Errors.GetValueOrDefault("Name");
            Typed = lines.Select((l, i) => (l, i)).GroupBy(x => x.l.ProductId)
                .ToDictionary(g => g.Key, g => (g.First().l.Quantity, outcome.Errors.GetValueOrDefault($"lines[{g.First().i}]")));
            ModelState.AddModelError("", "Nothing was saved: correct what is marked below and save again.");
            return await ShowAsync(id, ct);
        }
        TempData["Status"] = $"The list \"{outcome.Value!.Name}\" was saved.";
        return Redirect($"/lists/{id}");
    }

    public async Task<IActionResult> OnPostRemoveLineAsync(Guid id, Guid productId, CancellationToken ct)
    {
        if (await lists.GetAsync(me.RequiredAccountId, id, ct) is not { } found) return NotFound();
        var line = found.Lines.FirstOrDefault(l => l.ProductId == productId);
        if (line is not null && await lists.RemoveLineAsync(me.RequiredAccountId, id, productId, ct))
            TempData["Status"] = $"{line.Sku} {line.Name} was taken off the list.";
        return Redirect($"/lists/{id}");
    }

    public async Task<IActionResult> OnPostAddLineAsync(Guid id, string? sku, string? quantity, CancellationToken ct)
    {
        var outcome = await lists.AddLineAsync(me.RequiredAccountId, id, sku, quantity, ct);
        if (outcome is null) return NotFound();
        if (!outcome.Succeeded)
        {
            (AddSku, AddQuantity) = (sku, quantity);
            AddSkuProblem = outcome.Errors.GetValueOrDefault("Sku");
            AddQuantityProblem = outcome.Errors.GetValueOrDefault("Quantity");
            return await ShowAsync(id, ct);
        }
        var line = outcome.Value!;
        TempData["Status"] = $"{line.Quantity} × {line.Sku} {line.Name} was added to the list.";
        return Redirect($"/lists/{id}");
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken ct)
    {
        if (!await lists.DeleteAsync(me.RequiredAccountId, id, ct)) return NotFound();
        TempData["Status"] = "The list was deleted.";
        return Redirect("/lists");
    }

    /// <summary>The quantity field's smallest value for a line: the minimum in whole packs.</summary>
    public static int Smallest(StandingListLine line) => OrderQuantities.Smallest(line.MinQuantity, line.PackSize);

    private async Task<IActionResult> ShowAsync(Guid id, CancellationToken ct)
    {
        if (await lists.GetAsync(me.RequiredAccountId, id, ct) is not { } found) return NotFound();
        (List, Lines) = found;
        if (await ordering.BuyerAsync(ct) is { } buyer) CartLines = await carts.LineCountAsync(buyer, ct);
        return Page();
    }
}
