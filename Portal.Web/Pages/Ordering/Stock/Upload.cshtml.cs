using System.Globalization;
using System.Text.RegularExpressions;
using Portal.Data.Replenishment;

namespace Portal.Web.Pages.Ordering.Stock;

/// <summary>Counts uploaded as a CSV file (sku,onHand): every row checked, a clear error per bad row, nothing saved if any row is bad.</summary>
[Authorize(Roles = StockAccess.Roles)]
public sealed partial class Upload(CurrentUser me, StockLevels stock, OrderingContext ordering) : PageModel
{
    public Site Site { get; private set; } = null!;
    public string? FileProblem { get; private set; }
    public IReadOnlyList<RowResult> Rows { get; private set; } = [];

    /// <summary>A row of the file as typed, with its problem if it has one.</summary>
    public sealed record RowResult(int Line, string Sku, string OnHand, string? Problem);

    public async Task<IActionResult> OnGetAsync(Guid? site, CancellationToken ct) =>
        await LoadAsync(site, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid site, IFormFile? file, CancellationToken ct)
    {
        if (!await LoadAsync(site, ct)) return NotFound();
        if (file is null || file.Length == 0)
        {
            FileProblem = "Choose a CSV file of counts.";
            return Page();
        }
        if (file.Length > StockCsv.MaxBytes)
        {
            FileProblem = $"The file is larger than {StockCsv.MaxBytes / 1024} KB; split it.";
            return Page();
        }
        using var reader = new StreamReader(file.OpenReadStream(), detectEncodingFromByteOrderMarks: true);
        var (rows, problem) = StockCsv.Read(reader);
        if (problem is not null)
        {
            FileProblem = problem;
            return Page();
        }
        var saved = await stock.RecordCountsAsync(me.StockViewer(), site, rows.Select(r => r.Count).ToList(), CountSource.Csv, blankIsNotCounted: false, ct);
        if (saved is null) return NotFound();
        if (saved.Succeeded)
        {
            TempData["Status"] = $"{saved.Value} count(s) from {Path.GetFileName(file.FileName)} saved for {Site.Name}.";
            return Redirect(StockAccess.Link(site));
        }
        var byRow = saved.Errors.Where(e => e.Key.Length > 0)
            .GroupBy(e => int.Parse(RowIndex().Match(e.Key).Groups[1].Value, CultureInfo.InvariantCulture))
            .ToDictionary(g => g.Key, g => string.Join(" ", g.Select(e => e.Value)));
        FileProblem = saved.Errors.TryGetValue("", out var whole) ? whole : $"{byRow.Count} row(s) need correcting; nothing was saved. Correct them in the file and upload it again.";
        Rows = rows.Select((r, i) => new RowResult(r.Line, r.Count.Sku ?? "", r.Count.OnHand ?? "", byRow.GetValueOrDefault(i))).ToList();
        return Page();
    }

    private async Task<bool> LoadAsync(Guid? site, CancellationToken ct)
    {
        var (chosen, _, notFound) = await StockAccess.ChooseSiteAsync(ordering, site, ct);
        if (notFound || chosen is null || await stock.SiteAsync(me.StockViewer(), chosen.Id, ct) is null) return false;
        Site = chosen;
        return true;
    }

    [GeneratedRegex(@"^Counts\[(\d+)\]")]
    private static partial Regex RowIndex();
}
