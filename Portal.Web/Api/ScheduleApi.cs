using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Data.Replenishment;

namespace Portal.Web.Api;

public sealed record ScheduleLineRequest(string? Sku, int Quantity);
public sealed record ScheduleRequest(string? Name, string? SiteCode, string? Cron, int? LeadNoticeHours, DateOnly? StartDate, DateOnly? EndDate,
    IReadOnlyList<ScheduleLineRequest>? Lines, string? PoNumber = null, int? DeliveryBusinessDays = null);
public sealed record ScheduleLineDto(string Sku, string Name, int Quantity, bool Sold);
public sealed record ScheduleOccurrenceDto(DateTimeOffset OccurrenceUtc, string Outcome, string? OrderNumber, string? Reason);
public sealed record ScheduleDto(Guid Id, string Name, string SiteCode, string Owner, string Cron, string TimeZone, string Status, string? StatusReason,
    DateOnly StartDate, DateOnly? EndDate, int LeadNoticeHours, int? DeliveryBusinessDays, string? PoNumber, DateTimeOffset? NextRunUtc, DateTimeOffset? NextRunLocal,
    IReadOnlyList<ScheduleLineDto> Lines, IReadOnlyList<ScheduleOccurrenceDto> Occurrences);

/// <summary>
/// Reorder schedules through the integration API (customer keys). The schedule's owner is the user who made the key: their
/// site rights and approval limit apply to its orders. Another account's schedule is 404.
/// </summary>
public static class ScheduleApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("/reorder-schedules").RequireAuthorization(ApiSetup.CustomerPolicy).WithTags("Reorder schedules");

        group.MapGet("", async Task<Ok<List<ScheduleDto>>> (CurrentUser caller, Schedules schedules, AccountStore accounts, CancellationToken ct) =>
        {
            var result = new List<ScheduleDto>();
            foreach (var s in await schedules.ListAsync(Viewer(caller), ct))
                if (await schedules.DetailsAsync(Viewer(caller), s.Id, ct) is { } details) result.Add(await DtoAsync(details, accounts, ct));
            return TypedResults.Ok(result);
        }).WithName("ListReorderSchedules")
          .WithSummary("The account's reorder schedules, with their lines and recent occurrences");

        group.MapPost("", async Task<Results<Created<ScheduleDto>, ValidationProblem>> (ScheduleRequest? body, CurrentUser caller, Schedules schedules, AccountStore accounts, CancellationToken ct) =>
        {
            if (body is null) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [""] = ["Send a JSON body with name, siteCode, cron, startDate and lines."] });
            if (caller.UserId == Guid.Empty)
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [""] = ["This API key was made without a user; a schedule orders on behalf of the key's creator. Use a key a customer admin made."] });
            var sites = await accounts.GetSitesAsync(caller.RequiredAccountId, ct);
            var site = sites.FirstOrDefault(s => string.Equals(s.Code, body.SiteCode?.Trim(), StringComparison.OrdinalIgnoreCase));
            var made = await schedules.CreateAsync(Viewer(caller), new ScheduleInput
            {
                Name = body.Name, SiteId = site?.Id ?? Guid.Empty, Cron = body.Cron, StartDate = body.StartDate, EndDate = body.EndDate,
                LeadNoticeHours = body.LeadNoticeHours ?? Schedules.DefaultLeadNoticeHours, DeliveryBusinessDays = body.DeliveryBusinessDays, PoNumber = body.PoNumber,
                Lines = (body.Lines ?? []).Select(l => new ScheduleLineInput(l?.Sku, l?.Quantity ?? 0)).ToList(),
            }, ct);
            if (!made.Succeeded) return TypedResults.ValidationProblem(made.Errors.ToDictionary(e => Camel(e.Key), e => new[] { e.Value }));
            var details = (await schedules.DetailsAsync(Viewer(caller), made.Value!.Id, ct))!;
            return TypedResults.Created($"/api/v1/reorder-schedules/{made.Value.Id}", await DtoAsync(details, accounts, ct));
        }).WithName("CreateReorderSchedule")
          .WithSummary("Make a reorder schedule")
          .WithDescription("cron is a five-field expression (minute hour day-of-month month day-of-week) in the account's time zone, with the minute and hour as single numbers, " +
                           "for example \"0 9 * * MON\" or \"30 7 L * *\" (the last day of each month). Lines follow the same rules as an order (products sold, minimums, pack sizes). " +
                           "The answer holds the schedule's id and its next run, in UTC and in the account's zone.");

        group.MapGet("/{id:guid}", async Task<Results<Ok<ScheduleDto>, ProblemHttpResult>> (Guid id, CurrentUser caller, Schedules schedules, AccountStore accounts, CancellationToken ct) =>
            await schedules.DetailsAsync(Viewer(caller), id, ct) is { } details ? TypedResults.Ok(await DtoAsync(details, accounts, ct)) : NotFound(id))
            .WithName("GetReorderSchedule")
            .WithSummary("One reorder schedule with its occurrences and the order numbers they placed")
            .ProducesProblem(StatusCodes.Status404NotFound);

        MapAction(group, "pause", "PauseReorderSchedule", "Pause a schedule: it orders nothing until it is resumed", (s, v, id, ct) => s.PauseAsync(v, id, ct));
        MapAction(group, "resume", "ResumeReorderSchedule", "Resume a paused or suspended schedule from now on", (s, v, id, ct) => s.ResumeAsync(v, id, ct));
        MapAction(group, "skip", "SkipReorderScheduleOccurrence", "Skip the next occurrence of a schedule", (s, v, id, ct) => s.SkipNextAsync(v, id, ct));
    }

    private static void MapAction(RouteGroupBuilder group, string action, string name, string summary,
        Func<Schedules, ScheduleViewer, Guid, CancellationToken, Task<Outcome<ReorderSchedule>?>> act) =>
        group.MapPost($"/{{id:guid}}/{action}", async Task<Results<Ok<ScheduleDto>, ProblemHttpResult>> (Guid id, CurrentUser caller, Schedules schedules, AccountStore accounts, CancellationToken ct) =>
        {
            var outcome = await act(schedules, Viewer(caller), id, ct);
            if (outcome is null) return NotFound(id);
            if (!outcome.Succeeded) return TypedResults.Problem(title: "Not possible now", detail: string.Join(" ", outcome.Errors.Values), statusCode: StatusCodes.Status409Conflict);
            return TypedResults.Ok(await DtoAsync((await schedules.DetailsAsync(Viewer(caller), id, ct))!, accounts, ct));
        }).WithName(name)
          .WithSummary(summary)
          .ProducesProblem(StatusCodes.Status404NotFound)
          .ProducesProblem(StatusCodes.Status409Conflict);

    private static ScheduleViewer Viewer(CurrentUser caller) => new(caller.RequiredAccountId, caller.UserId, SeesAll: true);

    private static ProblemHttpResult NotFound(Guid id) =>
        TypedResults.Problem(title: "No such schedule", detail: $"The account has no reorder schedule {id}.", statusCode: StatusCodes.Status404NotFound);

    private static async Task<ScheduleDto> DtoAsync(ScheduleDetails details, AccountStore accounts, CancellationToken ct)
    {
        var s = details.Schedule;
        var site = await accounts.GetSiteAsync(s.AccountId, s.SiteId, ct);
        var next = s.Status == ScheduleStatus.Active ? s.NextRunUtc : null;
        return new ScheduleDto(s.Id, s.Name, site?.Code ?? "", s.OwnerName, s.Cron, s.TimeZone, s.Status, s.StatusReason, s.StartDate, s.EndDate, s.LeadNoticeHours,
            s.DeliveryBusinessDays, s.PoNumber, next, next is { } n ? s.Recurrence.Local(n) : null,
            details.Lines.Select(l => new ScheduleLineDto(l.Sku, l.Name, l.Quantity, l.IsActive)).ToList(),
            details.History.Select(h => new ScheduleOccurrenceDto(h.OccurrenceUtc, h.Outcome, h.OrderNumber, h.Reason)).ToList());
    }

    private static string Camel(string field) => field switch
    {
        "" => "",
        "SiteId" => "siteCode",
        _ when field.StartsWith("Lines[", StringComparison.Ordinal) => "lines" + field["Lines".Length..].Replace(".Sku", ".sku").Replace(".Quantity", ".quantity"),
        _ => char.ToLowerInvariant(field[0]) + field[1..],
    };
}
