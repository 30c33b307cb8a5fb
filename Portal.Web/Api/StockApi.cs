using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Data.Replenishment;

namespace Portal.Web.Api;

public sealed record StockCountRequest(string? Sku, long? OnHand);
public sealed record StockCountsRequest(string? SiteCode, IReadOnlyList<StockCountRequest>? Counts);
public sealed record StockCountAnswer(string Sku, int OnHand, int Minimum, int Maximum, int OnOrder, int NextRunQuantity, string NextRun);
public sealed record StockCountsAnswer(string SiteCode, string SiteName, int Saved, IReadOnlyList<StockCountAnswer> Counts);

/// <summary>
/// Stock counts through the integration API (customer keys): a site's counts, all or nothing, answered per SKU with what
/// the next replenishment run will order. Unknown site or SKU, SKUs without a rule, negative or absurd numbers are field
/// errors; another account's site is 404.
/// </summary>
public static class StockApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("/stock-counts").RequireAuthorization(ApiSetup.CustomerPolicy).WithTags("Stock levels");

        group.MapPost("", async Task<Results<Ok<StockCountsAnswer>, ValidationProblem, ProblemHttpResult>> (StockCountsRequest? body, CurrentUser caller,
            StockLevels stock, AccountStore accounts, CancellationToken ct) =>
        {
            if (body is null) return Invalid("", "Send a JSON body with siteCode and counts.");
            var code = body.SiteCode?.Trim() ?? "";
            if (code.Length == 0) return Invalid("siteCode", "Give the code of the site that was counted.");
            var viewer = new StockViewer(caller.RequiredAccountId, caller.UserId, caller.SiteId);
            var site = (await accounts.GetSitesAsync(viewer.AccountId, ct)).FirstOrDefault(s => string.Equals(s.Code, code, StringComparison.OrdinalIgnoreCase));
            if (site is null)
                return await stock.SiteCodeOfAnotherAccountAsync(viewer.AccountId, code, ct)
                    ? NotFound(code)
                    : Invalid("siteCode", $"The account has no site with the code \"{TextLimits.Cut(code, TextLimits.Sites.Code)}\".");
            if (body.Counts is not { Count: > 0 } counts) return Invalid("counts", "Send at least one count: [ { \"sku\": \"...\", \"onHand\": 12 } ].");
            var saved = await stock.RecordCountsAsync(viewer, site.Id,
                counts.Select(c => new CountInput(c.Sku, c.OnHand?.ToString(CultureInfo.InvariantCulture))).ToList(), CountSource.Api, blankIsNotCounted: false, ct);
            if (saved is null) return NotFound(code);
            if (!saved.Succeeded)
                return TypedResults.ValidationProblem(saved.Errors.ToDictionary(e => Camel(e.Key), e => new[] { e.Value }),
                    title: "The counts are not valid", detail: "Nothing was saved. Each field named under errors says what it needs.");
            var view = (await stock.SiteLevelsAsync(viewer, site.Id, ct))!;
            var skus = counts.Select(c => c.Sku?.Trim() ?? "").ToHashSet(StringComparer.OrdinalIgnoreCase);
            var answers = view.Levels.Where(l => skus.Contains(l.Level.Sku)).Select(l => new StockCountAnswer(l.Level.Sku, l.Level.CountedOnHand ?? 0,
                l.Level.MinLevel, l.Level.MaxLevel, l.Level.OnOrder, l.Next.Quantity, l.Next.Explanation)).ToList();
            return TypedResults.Ok(new StockCountsAnswer(site.Code, site.Name, saved.Value, answers));
        }).WithName("RecordStockCounts")
          .WithSummary("Record stock counts of a site and learn what the next replenishment run will order")
          .WithDescription("Counts are on-hand quantities of products that have a stock rule (minimum and maximum) at the site, whole numbers from 0 to 1,000,000, " +
                           "one per SKU. All or nothing: if any count is refused, none is saved. The answer says per SKU what the next run (within a minute) will order: " +
                           "maximum − on hand − on order, in whole packs and at least the minimum order quantity, when the count is at or below the minimum.")
          .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "The counts are not valid", detail: "Nothing was saved.");

    private static ProblemHttpResult NotFound(string code) =>
        TypedResults.Problem(title: "No such site", detail: $"The account has no site {TextLimits.Cut(code, TextLimits.Sites.Code)}.", statusCode: StatusCodes.Status404NotFound);

    /// <summary>"Counts[2].OnHand" becomes "counts[2].onHand", the names the request used.</summary>
    private static string Camel(string field) => field.Length == 0 ? "" : field.Replace("Counts[", "counts[").Replace(".OnHand", ".onHand").Replace(".Sku", ".sku");
}
