using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Data.Reliability;

namespace Portal.Web.Api;

public sealed record ReliabilityWeekDto(
    DateOnly WeekStart, long Lines, decimal? OnTimeInFullFirstPromise, decimal? OnTimeInFullRequestedDate, decimal? OnTimeInFullLatestPromise,
    decimal? FillRate, long LateLines, long ShortLines, long LateLinesWarnedInAdvance, decimal? WarnedInAdvanceShare, decimal? AverageDaysLate)
{
    public static ReliabilityWeekDto From(DateOnly week, ReliabilitySums s) => new(week, s.Lines, s.OtifFirst, s.OtifRequested, s.OtifLast, s.FillRate,
        s.LateLines, s.ShortLines, s.WarnedLate, s.Warned, s.AverageDaysLate);
}

public sealed record AccountReliabilityDto(Guid AccountId, string AccountName, IReadOnlyList<ReliabilityWeekDto> Weeks);
public sealed record ReliabilityDto(DateOnly From, DateOnly To, IReadOnlyList<AccountReliabilityDto> Accounts);

/// <summary>
/// Delivery reliability by week: a customer key gets its own account's figures (every week of the range, empty ones
/// with no lines); a supplier key gets every account's (the weeks with lines). Shares are percentages (0-100) or null
/// where no line counted. Read from the roll-ups.
/// </summary>
public static class ReliabilityApi
{
    /// <summary>The longest range one request may ask for.</summary>
    public const int MaxDays = 3 * 366;

    public static void Map(RouteGroupBuilder api)
    {
        var either = new AuthorizationPolicyBuilder(ApiKeyAuthentication.SchemeName)
            .RequireRole(ApiKeyAuthentication.CustomerRole, ApiKeyAuthentication.SupplierRole).Build();
        api.MapGet("/reliability", async Task<Results<Ok<ReliabilityDto>, ValidationProblem>> (
            string? from, string? to, CurrentUser caller, ReliabilityStore store, AccountStore accounts, TimeProvider clock, CancellationToken ct) =>
        {
            var errors = new Dictionary<string, string[]>();
            var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            var last = Parse(to, "to", errors) ?? today;
            var first = Parse(from, "from", errors) ?? LineReliability.WeekStart(last).AddDays(-7 * 12);
            if (errors.Count == 0 && first > last) errors["from"] = ["from must be on or before to."];
            else if (errors.Count == 0 && last.DayNumber - first.DayNumber > MaxDays) errors["to"] = [$"Ask for at most {MaxDays} days (about three years) at a time."];
            if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "The request is not valid", detail: "from and to are dates written yyyy-mm-dd, from on or before to.");

            if (caller.AccountId is { } account)
            {
                var name = (await accounts.GetAccountAsync(account, ct))?.Name ?? "";
                var weeks = await store.WeeksAsync(account, first, last, ct);
                return TypedResults.Ok(new ReliabilityDto(first, last, [new AccountReliabilityDto(account, name, weeks.Select(w => ReliabilityWeekDto.From(w.PeriodStart, w.Sums)).ToList())]));
            }
            var rows = await store.WeeksOfEveryAccountAsync(first, last, ct);
            return TypedResults.Ok(new ReliabilityDto(first, last, rows.GroupBy(r => (r.AccountId, r.Label))
                .Select(g => new AccountReliabilityDto(g.Key.AccountId ?? Guid.Empty, g.Key.Label, g.Select(r => ReliabilityWeekDto.From(r.PeriodStart, r)).ToList()))
                .ToList()));
        }).RequireAuthorization(either)
          .WithTags("Reliability")
          .WithName("GetReliability")
          .WithSummary("On time in full (against the first promise, the requested date and the latest promise), fill rate, late and short lines and the share of late lines warned about in advance, by week (Monday); from and to are dates (yyyy-mm-dd), by default the last 13 weeks");
    }

    private static DateOnly? Parse(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) && date.Year is >= 2000 and <= 2100) return date;
        errors[field] = [$"\"{text}\" is not a date written yyyy-mm-dd between 2000 and 2100."];
        return null;
    }
}
