namespace Portal.Data.Relationships;

/// <summary>What a follow-up task asks the account manager to do.</summary>
public static class FollowUpKind
{
    public const string Call = "Call";
    public const string Visit = "Visit";
    public const string Review = "Review";

    public static readonly IReadOnlyList<string> All = [Call, Visit, Review];
    public static bool IsKnown(string? kind) => kind is not null && All.Contains(kind);
    public static string Label(string kind) => kind switch { Call => "Call", Visit => "Visit", Review => "Review", _ => kind };
}

/// <summary>Why a task exists: made by a person, or by the follow-up job for one of three reasons.</summary>
public static class FollowUpSource
{
    public const string Manual = "Manual";
    public const string TurnedSilent = "TurnedSilent";
    public const string ScoreDropped = "ScoreDropped";
    public const string ComplaintResolved = "ComplaintResolved";

    public static readonly IReadOnlyList<string> All = [Manual, TurnedSilent, ScoreDropped, ComplaintResolved];

    public static string Label(string source) => source switch
    {
        Manual => "Added by hand",
        TurnedSilent => "Account turned silent",
        ScoreDropped => "Score fell",
        ComplaintResolved => "Complaint resolved a week ago",
        _ => source,
    };
}

public sealed class FollowUpTask
{
    public Guid Id { get; init; }
    public Guid AccountId { get; init; }
    public string AccountName { get; init; } = "";
    public string Kind { get; init; } = "";
    public DateOnly DueDate { get; init; }
    public string Notes { get; init; } = "";
    public Guid? AssignedUserId { get; init; }
    public string? AssignedName { get; init; }
    public string Source { get; init; } = "";
    public string? SourceKey { get; init; }
    public Guid? TicketId { get; init; }
    public Guid? CreatedByUserId { get; init; }
    public DateTimeOffset CreatedUtc { get; init; }
    public DateTimeOffset? CompletedUtc { get; init; }
    public string? CompletedByName { get; init; }
    public string? Outcome { get; init; }
    public int Version { get; init; }

    public bool IsOpen => CompletedUtc is null;
}

/// <summary>A task as a person types it: text as typed, checked by <see cref="FollowUps.CreateAsync"/>.</summary>
public sealed record FollowUpInput(string? Kind, DateOnly? DueDate, string? Notes);

/// <summary>
/// When the follow-up job makes a task by itself. <c>Relationships:FollowUps:ScoreDropPoints</c> in the configuration
/// (appsettings.json or the environment, e.g. <c>Relationships__FollowUps__ScoreDropPoints=10</c>) sets the fall in score,
/// against the account's previous score, that makes a review task; default 15.
/// </summary>
public sealed record FollowUpOptions
{
    /// <summary>A score this many points below the account's previous one makes a review task.</summary>
    public int ScoreDropPoints { get; init; } = 15;
    /// <summary>A complaint resolved this many days ago makes a call task.</summary>
    public int DaysAfterComplaint { get; init; } = 7;
    /// <summary>Only scores as of this many days back count (older history, e.g. from an import, makes no tasks).</summary>
    public int ScoresWithinDays { get; init; } = 14;
    /// <summary>Complaints resolved longer ago than this (before the job first ran) make no task.</summary>
    public int ComplaintsWithinDays { get; init; } = 30;
}

/// <summary>What one run of the follow-up job made.</summary>
public sealed record FollowUpRunResult(int TurnedSilent, int ScoreDropped, int ComplaintResolved)
{
    public int Total => TurnedSilent + ScoreDropped + ComplaintResolved;
}

/// <summary>
/// Follow-up tasks: the account manager (or a supplier admin) adds them by hand and completes them with an outcome;
/// the follow-up job (<see cref="CreateDueAsync"/>) makes them by itself when an account turns silent, when its score
/// falls by <see cref="FollowUpOptions.ScoreDropPoints"/>, and seven days after one of its complaints is resolved —
/// once each: a unique key per (account, reason, trigger) means a re-run makes no second task.
/// </summary>
public sealed class FollowUps(ConnectionFactory db, WorkspaceSql sql, Workspace workspace, FollowUpOptions options, TimeProvider clock)
{
    public async Task<Outcome<FollowUpTask>?> CreateAsync(WorkspaceViewer viewer, Guid accountId, FollowUpInput input, CancellationToken ct = default)
    {
        if (await workspace.AccountAsync(viewer, accountId, ct) is not { } account) return null;
        var notes = input.Notes?.Trim() ?? "";
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var errors = new FieldErrors()
            .Add(!FollowUpKind.IsKnown(input.Kind), "Kind", "Choose call, visit or review.")
            .Add(input.DueDate is null, "DueDate", "Enter the date the task is due, such as " + today.AddDays(7).ToString("d MMM yyyy", System.Globalization.CultureInfo.InvariantCulture) + ".")
            .Add(input.DueDate is { } d && d < today.AddDays(-1), "DueDate", "The due date is in the past: choose today or a later day.")
            .Add(input.DueDate is { } d2 && d2 > today.AddYears(2), "DueDate", "The due date is more than two years away.")
            .Add(notes.Length > TextLimits.FollowUpTasks.Notes, "Notes", TextLimits.TooLong("The notes", TextLimits.FollowUpTasks.Notes))
            .Add(TextRules.HasControlCharacters(notes, multiLine: true), "Notes", "The notes contain characters that cannot be stored.");
        if (errors.Any) return Outcome<FollowUpTask>.Failed(errors);
        var id = Guid.NewGuid();
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(sql.InsertTask, new
        {
            Id = id, AccountId = accountId, input.Kind, input.DueDate, Notes = notes,
            AssignedUserId = account.AccountManagerUserId ?? viewer.UserId, Source = FollowUpSource.Manual, CreatedByUserId = viewer.UserId, Now = clock.GetUtcNow(),
        }, cancellationToken: ct));
        return Outcome<FollowUpTask>.Ok((await TaskAsync(c, accountId, id, ct))!);
    }

    /// <summary>Completes an open task with its outcome (required); null when the task or its account is not the viewer's.</summary>
    public async Task<Outcome<FollowUpTask>?> CompleteAsync(WorkspaceViewer viewer, Guid accountId, Guid taskId, int version, string? outcome, CancellationToken ct = default)
    {
        if (await workspace.AccountAsync(viewer, accountId, ct) is null) return null;
        await using var c = await db.OpenAsync(ct);
        if (await TaskAsync(c, accountId, taskId, ct) is not { } task) return null;
        var text = outcome?.Trim() ?? "";
        var errors = new FieldErrors()
            .Add(text.Length == 0, "Outcome", "Say what came of it: the outcome is needed to complete the task.")
            .Add(text.Length > TextLimits.FollowUpTasks.Outcome, "Outcome", TextLimits.TooLong("The outcome", TextLimits.FollowUpTasks.Outcome))
            .Add(TextRules.HasControlCharacters(text, multiLine: true), "Outcome", "The outcome contains characters that cannot be stored.");
        if (errors.Any) return Outcome<FollowUpTask>.Failed(errors);
        if (!task.IsOpen) return Outcome<FollowUpTask>.Failed("Outcome", "This task was already completed.");
        var changed = await c.ExecuteAsync(new CommandDefinition(sql.CompleteTask,
            new { Id = taskId, AccountId = accountId, Version = version, Outcome = text, viewer.UserId, Now = clock.GetUtcNow() }, cancellationToken: ct));
        if (changed == 0) return Outcome<FollowUpTask>.Failed("Outcome", "Someone changed this task after you opened it. Look at it again, then complete it.");
        return Outcome<FollowUpTask>.Ok((await TaskAsync(c, accountId, taskId, ct))!);
    }

    private Task<FollowUpTask?> TaskAsync(DbConnection c, Guid accountId, Guid id, CancellationToken ct) =>
        c.QuerySingleOrDefaultAsync<FollowUpTask>(new CommandDefinition(sql.Task, new { Id = id, AccountId = accountId }, cancellationToken: ct));

    /// <summary>The tasks of one account, as the job or a test reads them (no viewer: supplier side only).</summary>
    public async Task<IReadOnlyList<FollowUpTask>> OpenTasksOfAccountAsync(Guid accountId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<FollowUpTask>(new CommandDefinition(sql.OpenTasks, new { AccountId = accountId }, cancellationToken: ct))).ToList();
    }

    // ---- the follow-up job -------------------------------------------------------------------------------------------

    private sealed class ScoreRow
    {
        public Guid AccountId { get; init; }
        public DateOnly AsOfDate { get; init; }
        public int Score { get; init; }
        public bool Silent { get; init; }
        public long Recent { get; init; }
        public Guid? AccountManagerUserId { get; init; }
    }

    private sealed class ComplaintRow
    {
        public Guid TicketId { get; init; }
        public Guid AccountId { get; init; }
        public string Number { get; init; } = "";
        public DateTimeOffset ResolvedUtc { get; init; }
        public Guid? AccountManagerUserId { get; init; }
    }

    /// <summary>
    /// Makes the tasks that are due, for every account: turned silent (its latest score silent, the one before not), score
    /// fell (latest at least <see cref="FollowUpOptions.ScoreDropPoints"/> below the one before), complaint resolved seven
    /// days ago. Keyed by the as-of date of the latest score (or the ticket), so running twice makes nothing twice.
    /// </summary>
    public async Task<FollowUpRunResult> CreateDueAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        await using var c = await db.OpenAsync(ct);
        var scores = (await c.QueryAsync<ScoreRow>(new CommandDefinition(sql.LatestTwoScoresForRun,
            new { Since = today.AddDays(-options.ScoresWithinDays) }, cancellationToken: ct))).ToList();
        int silent = 0, dropped = 0, complaints = 0;
        foreach (var account in scores.GroupBy(s => s.AccountId))
        {
            var latest = account.Single(s => s.Recent == 1);
            if (latest.AsOfDate < today.AddDays(-options.ScoresWithinDays)) continue;
            var previous = account.SingleOrDefault(s => s.Recent == 2);
            if (previous is null) continue;
            var key = latest.AsOfDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            if (latest.Silent && !previous.Silent)
                silent += await InsertOnceAsync(c, latest.AccountId, FollowUpSource.TurnedSilent, key, FollowUpKind.Call, today.AddDays(2),
                    $"The account went silent as of {latest.AsOfDate:d MMM yyyy}: call to ask how things are going.", latest.AccountManagerUserId, null, now, ct);
            if (previous.Score - latest.Score >= options.ScoreDropPoints)
                dropped += await InsertOnceAsync(c, latest.AccountId, FollowUpSource.ScoreDropped, key, FollowUpKind.Review, today.AddDays(5),
                    $"The health score fell from {previous.Score} to {latest.Score} as of {latest.AsOfDate:d MMM yyyy}: review the reasons.", latest.AccountManagerUserId, null, now, ct);
        }
        var resolved = await c.QueryAsync<ComplaintRow>(new CommandDefinition(sql.ResolvedComplaintsForRun,
            new { Since = now.AddDays(-options.DaysAfterComplaint - options.ComplaintsWithinDays), Until = now.AddDays(-options.DaysAfterComplaint) }, cancellationToken: ct));
        foreach (var ticket in resolved)
            complaints += await InsertOnceAsync(c, ticket.AccountId, FollowUpSource.ComplaintResolved, ticket.TicketId.ToString("D"), FollowUpKind.Call, today,
                $"Complaint {ticket.Number} was resolved a week ago: call to check the customer is satisfied.", ticket.AccountManagerUserId, ticket.TicketId, now, ct);
        return new FollowUpRunResult(silent, dropped, complaints);
    }

    private async Task<int> InsertOnceAsync(DbConnection c, Guid accountId, string source, string key, string kind, DateOnly due, string notes,
        Guid? assignedUserId, Guid? ticketId, DateTimeOffset now, CancellationToken ct) =>
        await c.ExecuteAsync(new CommandDefinition(sql.InsertTaskOnce, new
        {
            Id = Guid.NewGuid(), AccountId = accountId, Source = source, SourceKey = key, Kind = kind, DueDate = due,
            Notes = TextLimits.Cut(notes, TextLimits.FollowUpTasks.Notes), AssignedUserId = assignedUserId, TicketId = ticketId, Now = now,
        }, cancellationToken: ct)) > 0 ? 1 : 0;
}
