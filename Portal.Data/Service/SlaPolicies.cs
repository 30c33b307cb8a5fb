namespace Portal.Data.Service;

public sealed class SlaPolicy
{
    public Guid Id { get; init; }
    public string Priority { get; init; } = "";
    public Guid? QueueId { get; init; }
    public string? QueueName { get; init; }
    public int FirstResponseMinutes { get; init; }
    public int ResolutionMinutes { get; init; }

    /// <summary>Business minutes as "8 h 30 min", "2 h", "45 min".</summary>
    public static string Duration(int minutes) => (minutes / 60, minutes % 60) switch
    {
        (0, var m) => $"{m} min",
        (var h, 0) => $"{h} h",
        var (h, m) => $"{h} h {m} min",
    };
}

/// <summary>A target as typed: hours and minutes of business time for first response and for resolution.</summary>
public sealed class SlaPolicyInput
{
    public string Priority { get; set; } = TicketPriority.Normal;
    /// <summary>Null: the general target for the priority; else one queue's own.</summary>
    public Guid? QueueId { get; set; }
    public int? FirstResponseHours { get; set; }
    public int? FirstResponseMinutes { get; set; }
    public int? ResolutionHours { get; set; }
    public int? ResolutionMinutes { get; set; }
}

/// <summary>
/// SLA targets per priority and optionally per queue (a queue's own target wins over the general one), kept by the
/// supplier admin in business hours and minutes. A change moves the due instants of open requests, so their stored
/// clocks are recomputed after it.
/// </summary>
public sealed class SlaPolicies(ConnectionFactory db, SlaSql sql, CalendarAdmin calendar)
{
    /// <summary>The longest target: a year of 40-hour weeks.</summary>
    public const int MaxHours = 2000;

    public async Task<IReadOnlyList<SlaPolicy>> ListAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<SlaPolicy>(new CommandDefinition(sql.PolicyList, cancellationToken: ct))).ToList();
    }

    public async Task<IReadOnlyList<TicketQueue>> QueuesAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<TicketQueue>(new CommandDefinition(sql.Queues, cancellationToken: ct))).ToList();
    }

    /// <summary>The form prefilled with a stored target (or the general one of the priority when the queue has none).</summary>
    public static SlaPolicyInput InputFor(IReadOnlyList<SlaPolicy> policies, string priority, Guid? queueId)
    {
        var p = policies.FirstOrDefault(x => x.Priority == priority && x.QueueId == queueId)
                ?? policies.FirstOrDefault(x => x.Priority == priority && x.QueueId is null);
        return new SlaPolicyInput
        {
            Priority = priority, QueueId = queueId,
            FirstResponseHours = p?.FirstResponseMinutes / 60, FirstResponseMinutes = p?.FirstResponseMinutes % 60,
            ResolutionHours = p?.ResolutionMinutes / 60, ResolutionMinutes = p?.ResolutionMinutes % 60,
        };
    }

    /// <summary>Sets a target (errors keyed by the input's property names).</summary>
    public async Task<Outcome<SlaPolicy>> SaveAsync(SlaPolicyInput input, CancellationToken ct = default)
    {
        var queues = await QueuesAsync(ct);
        var errors = new FieldErrors()
            .Add(!TicketPriority.IsKnown(input.Priority), nameof(input.Priority), "Choose a priority.")
            .Add(input.QueueId is { } q && queues.All(x => x.Id != q), nameof(input.QueueId), "Choose a queue from the list, or all queues.");
        var first = Check(errors, "first response", nameof(input.FirstResponseHours), nameof(input.FirstResponseMinutes), input.FirstResponseHours, input.FirstResponseMinutes);
        var resolution = Check(errors, "resolution", nameof(input.ResolutionHours), nameof(input.ResolutionMinutes), input.ResolutionHours, input.ResolutionMinutes);
        errors.Add(first is { } f && resolution is { } r && r < f, nameof(input.ResolutionHours),
            "The resolution target cannot be shorter than the first-response target.");
        if (errors.Any) return Outcome<SlaPolicy>.Failed(errors);

        var args = new { Id = Guid.NewGuid(), input.Priority, input.QueueId, FirstResponseMinutes = first!.Value, ResolutionMinutes = resolution!.Value };
        await using (var c = await db.OpenAsync(ct))
        await using (var tx = await db.BeginWriteAsync(c, ct))
        {
            if (await c.ExecuteAsync(new CommandDefinition(sql.UpdatePolicy, args, tx, cancellationToken: ct)) == 0)
                await c.ExecuteAsync(new CommandDefinition(sql.InsertPolicy, args, tx, cancellationToken: ct));
            await tx.CommitAsync(ct);
        }
        await calendar.RecomputeOpenAsync(ct);
        return Outcome<SlaPolicy>.Ok((await ListAsync(ct)).First(p => p.Priority == input.Priority && p.QueueId == input.QueueId));
    }

    /// <summary>Removes a queue's own target (its requests fall back to the general one); general targets stay.</summary>
    public async Task<bool> RemoveQueuePolicyAsync(Guid id, CancellationToken ct = default)
    {
        int removed;
        await using (var c = await db.OpenAsync(ct))
            removed = await c.ExecuteAsync(new CommandDefinition(sql.RemoveQueuePolicy, new { Id = id }, cancellationToken: ct));
        if (removed > 0) await calendar.RecomputeOpenAsync(ct);
        return removed > 0;
    }

    private static int? Check(FieldErrors errors, string what, string hoursField, string minutesField, int? hours, int? minutes)
    {
        errors.Add(hours is < 0 or > MaxHours, hoursField, $"The {what} hours must be a whole number from 0 to {MaxHours}.")
              .Add(minutes is < 0 or > 59, minutesField, $"The {what} minutes must be a whole number from 0 to 59.");
        if (hours is < 0 or > MaxHours || minutes is < 0 or > 59) return null;
        var total = (hours ?? 0) * 60 + (minutes ?? 0);
        errors.Add(total == 0, hoursField, $"Give the {what} target some time: at least one minute of business time.");
        return total == 0 ? null : total;
    }
}
