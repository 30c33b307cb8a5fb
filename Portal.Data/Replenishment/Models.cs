namespace Portal.Data.Replenishment;

public static class ScheduleStatus
{
    public const string Active = "Active";
    public const string Paused = "Paused";
    /// <summary>Stopped by the job: the order could not be placed as it stands (no line left, owner disabled, account deactivated).</summary>
    public const string Suspended = "Suspended";
    /// <summary>Past its end date: no more occurrences.</summary>
    public const string Ended = "Ended";

    public static string Label(string status) => status switch
    {
        Active => "Active",
        Paused => "Paused",
        Suspended => "Suspended",
        Ended => "Ended",
        _ => status,
    };
}

public static class OccurrenceOutcome
{
    /// <summary>Claimed by a run that is placing its order now (or stopped half-way: the next run takes it over).</summary>
    public const string Claimed = "Claimed";
    public const string Placed = "Placed";
    public const string Skipped = "Skipped";
    /// <summary>The job was not running at the time; a later occurrence was ordered instead.</summary>
    public const string Missed = "Missed";
    public const string Failed = "Failed";

    public static string Label(string outcome) => outcome switch
    {
        Claimed => "Being placed",
        Placed => "Order placed",
        Skipped => "Skipped",
        Missed => "Missed",
        Failed => "No order",
        _ => outcome,
    };
}

/// <summary>Who looks at schedules: a buyer sees the schedules they own, a customer admin all of the account's.</summary>
public sealed record ScheduleViewer(Guid AccountId, Guid UserId, bool SeesAll);

public sealed record ReorderSchedule
{
    public Guid Id { get; init; }
    public Guid AccountId { get; init; }
    public Guid SiteId { get; init; }
    public string SiteName { get; init; } = "";
    public Guid OwnerUserId { get; init; }
    public string OwnerName { get; init; } = "";
    public string Name { get; init; } = "";
    public string Cron { get; init; } = "";
    public string TimeZone { get; init; } = "UTC";
    public int IntervalWeeks { get; init; } = 1;
    public DateOnly StartDate { get; init; }
    public DateOnly? EndDate { get; init; }
    public int LeadNoticeHours { get; init; } = 24;
    public int? DeliveryBusinessDays { get; init; }
    public string? PoNumber { get; init; }
    public string Status { get; init; } = ScheduleStatus.Active;
    public string? StatusReason { get; init; }
    public DateTimeOffset? NextRunUtc { get; init; }
    public DateTimeOffset CreatedUtc { get; init; }
    public int Version { get; init; }
    public int LineCount { get; init; }

    public Recurrence Recurrence => new(Cron, TimeZone, IntervalWeeks, StartDate, EndDate);
    public RecurrenceFields Fields => RecurrenceFields.FromCron(Cron, IntervalWeeks);
}

public sealed record ScheduleLine
{
    public Guid ProductId { get; init; }
    public string Sku { get; init; } = "";
    public string Name { get; init; } = "";
    public string Unit { get; init; } = "";
    public int Quantity { get; init; }
    public bool IsActive { get; init; }
    public int LeadTimeDays { get; init; }
}

public sealed record ScheduleOccurrence
{
    public DateTimeOffset OccurrenceUtc { get; init; }
    public string Outcome { get; init; } = "";
    public string? OrderNumber { get; init; }
    public string? Reason { get; init; }
    public DateTimeOffset RecordedUtc { get; init; }
}

/// <summary>One of the next occurrences as the schedule page shows it: when (UTC and the account's local time) and the delivery date it will ask for.</summary>
public sealed record UpcomingOccurrence(DateTimeOffset Utc, DateTimeOffset Local, DateOnly DeliveryDate);

public sealed record ScheduleDetails(ReorderSchedule Schedule, IReadOnlyList<ScheduleLine> Lines, IReadOnlyList<UpcomingOccurrence> Upcoming,
    IReadOnlyList<ScheduleOccurrence> History, decimal EstimatedTotal);

public sealed record ScheduleLineInput(string? Sku, int Quantity);

/// <summary>A schedule as a page or the API asks for it. <see cref="Cron"/> is five fields in the account's zone.</summary>
public sealed record ScheduleInput
{
    public string? Name { get; init; }
    public Guid SiteId { get; init; }
    public string? Cron { get; init; }
    public int IntervalWeeks { get; init; } = 1;
    public DateOnly? StartDate { get; init; }
    public DateOnly? EndDate { get; init; }
    public int LeadNoticeHours { get; init; } = Schedules.DefaultLeadNoticeHours;
    public int? DeliveryBusinessDays { get; init; }
    public string? PoNumber { get; init; }
    public IReadOnlyList<ScheduleLineInput> Lines { get; init; } = [];
}

/// <summary>What one replenishment run did, with why each failure placed nothing (<see cref="Problems"/>).</summary>
public sealed record RunSummary(int Placed, int Skipped, int Missed, int Failed, int Reminders)
{
    public static readonly RunSummary None = new(0, 0, 0, 0, 0);

    /// <summary>The schedules and stock rules that placed no order in this run, and why.</summary>
    public IReadOnlyList<RunProblem> Problems { get; init; } = [];

    public RunSummary Plus(RunSummary o) => new(Placed + o.Placed, Skipped + o.Skipped, Missed + o.Missed, Failed + o.Failed, Reminders + o.Reminders)
    {
        Problems = o.Problems.Count == 0 ? Problems : Problems.Count == 0 ? o.Problems : [.. Problems, .. o.Problems],
    };

    /// <summary>Whether the run placed, missed, skipped or failed anything (a run that only looked is not worth keeping).</summary>
    public bool DidSomething => Placed + Skipped + Missed + Failed > 0 || Problems.Count > 0;

    public bool Equals(RunSummary? other) => other is not null && (Placed, Skipped, Missed, Failed, Reminders) == (other.Placed, other.Skipped, other.Missed, other.Failed, other.Reminders)
        && Problems.SequenceEqual(other.Problems);

    public override int GetHashCode() => HashCode.Combine(Placed, Skipped, Missed, Failed, Reminders, Problems.Count);
}
