using System.Globalization;

namespace Portal.Data.Service;

/// <summary>One weekday's hours as the supplier admin sees and types them ("09:00"); closed when not open.</summary>
public sealed class WeekdayHours
{
    public int Weekday { get; set; }
    public bool Open { get; set; }
    public string? Opens { get; set; }
    public string? Closes { get; set; }

    public string Name => ((DayOfWeek)Weekday).ToString();
}

public sealed class Holiday
{
    public DateOnly Date { get; init; }
    public string Name { get; init; } = "";
}

/// <summary>The calendar as stored: zone, a row per weekday (Monday first), holidays from the earliest.</summary>
public sealed record CalendarView(string TimeZone, int Version, IReadOnlyList<WeekdayHours> Days, IReadOnlyList<Holiday> Holidays);

/// <summary>
/// The supplier's calendar as the supplier admin keeps it: time zone, working hours per weekday (a day without hours is
/// closed) and holidays. It is what SLA clocks count in and what delivery dates skip. A change moves the due instants of
/// open requests, so their stored clocks are recomputed after it.
/// </summary>
public sealed class CalendarAdmin(ConnectionFactory db, SlaSql sql, TicketClocks clocks, TimeProvider clock)
{
    public const int MaxHolidayName = TextLimits.BusinessHolidays.Name;

    /// <summary>Monday to Sunday, the order a week is read in the supplier's office.</summary>
    public static readonly IReadOnlyList<int> WeekOrder = [1, 2, 3, 4, 5, 6, 0];

    private sealed class ZoneRow { public string TimeZone { get; init; } = "UTC"; public int Version { get; init; } }
    private sealed class HoursRow { public int Weekday { get; init; } public int OpensMinute { get; init; } public int ClosesMinute { get; init; } }

    /// <summary>The stored calendar for business-day and business-time arithmetic (delivery dates, SLA clocks).</summary>
    public Task<BusinessCalendar> CurrentAsync(CancellationToken ct = default) => clocks.CalendarAsync(ct);

    public async Task<CalendarView> GetAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var zone = await c.QuerySingleAsync<ZoneRow>(new CommandDefinition(sql.Calendar, cancellationToken: ct));
        var hours = (await c.QueryAsync<HoursRow>(new CommandDefinition(sql.HoursList, cancellationToken: ct))).ToDictionary(h => h.Weekday);
        var holidays = (await c.QueryAsync<Holiday>(new CommandDefinition(sql.HolidayList, cancellationToken: ct))).ToList();
        var days = WeekOrder.Select(d => hours.TryGetValue(d, out var h)
            ? new WeekdayHours { Weekday = d, Open = true, Opens = Clock(h.OpensMinute), Closes = h.ClosesMinute >= 1440 ? "00:00" : Clock(h.ClosesMinute) }
            : new WeekdayHours { Weekday = d, Open = false }).ToList();
        return new CalendarView(zone.TimeZone, zone.Version, days, holidays);
    }

    /// <summary>Minutes after midnight as "HH:mm" ("24:00" for midnight at the end of the day).</summary>
    public static string Clock(int minutes) => $"{minutes / 60:00}:{minutes % 60:00}";

    /// <summary>"HH:mm" as minutes after midnight ("24:00" is the end of the day); null when it is not a time of day.</summary>
    public static int? Minutes(string? text)
    {
        text = text?.Trim();
        if (string.IsNullOrEmpty(text)) return null;
        if (text is "24:00" or "24:00:00") return 1440;
        return TimeOnly.TryParseExact(text, ["HH:mm", "H:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)
            ? t.Hour * 60 + t.Minute : null;
    }

    public static bool IsKnownZone(string? zone)
    {
        if (string.IsNullOrWhiteSpace(zone) || zone.Trim().Length > TextLimits.SupplierCalendar.TimeZone) return false;
        try { TimeZoneInfo.FindSystemTimeZoneById(zone.Trim()); return true; }
        catch (TimeZoneNotFoundException) { return false; }
        catch (InvalidTimeZoneException) { return false; }
    }

    /// <summary>
    /// Saves the zone and the weekly hours, all or nothing. Errors are keyed <c>TimeZone</c> and <c>Days[i].Opens</c> /
    /// <c>Days[i].Closes</c> (i: the position in <paramref name="days"/>).
    /// </summary>
    public async Task<Outcome<CalendarView>> SaveHoursAsync(string? timeZone, IReadOnlyList<WeekdayHours> days, int version, CancellationToken ct = default)
    {
        var errors = new FieldErrors()
            .Add(!IsKnownZone(timeZone), "TimeZone", "Choose a time zone from the list (for example Europe/London).");
        var rows = new List<(int Weekday, int Opens, int Closes)>();
        for (var i = 0; i < days.Count; i++)
        {
            var d = days[i];
            if (d.Weekday is < 0 or > 6 || rows.Any(r => r.Weekday == d.Weekday)) { errors.Add(true, "", "The week was sent twice or not at all; load the page again."); continue; }
            if (!d.Open) continue;
            var name = ((DayOfWeek)d.Weekday).ToString();
            var opens = Minutes(d.Opens);
            var closes = Minutes(d.Closes);
            errors.Add(opens is null or >= 1440, $"Days[{i}].Opens", $"{name}: enter the opening time as hours and minutes, for example 09:00.");
            errors.Add(closes is null, $"Days[{i}].Closes", $"{name}: enter the closing time as hours and minutes, for example 17:30.");
            if (opens is { } o && closes is { } cl)
            {
                if (cl == 0) cl = 1440; // closing at midnight: the end of the day
                errors.Add(cl <= o, $"Days[{i}].Closes", $"{name}: the closing time must be after the opening time.");
                rows.Add((d.Weekday, o, cl));
            }
        }
        if (!errors.Any && rows.Count == 0) errors.Add(true, "", "Open on at least one day of the week: SLA clocks and delivery dates need working days.");
        if (errors.Any) return Outcome<CalendarView>.Failed(errors);

        await using (var c = await db.OpenAsync(ct))
        await using (var tx = await db.BeginWriteAsync(c, ct))
        {
            if (await c.ExecuteAsync(new CommandDefinition(sql.SetZone, new { TimeZone = timeZone!.Trim(), Version = version }, tx, cancellationToken: ct)) == 0)
                return Outcome<CalendarView>.Failed("", "Someone else changed the calendar after you opened this page. Look at it as it is now and make your change again.");
            await c.ExecuteAsync(new CommandDefinition(sql.ClearHours, transaction: tx, cancellationToken: ct));
            await c.ExecuteAsync(new CommandDefinition(sql.InsertHours, rows.Select(r => new { r.Weekday, OpensMinute = r.Opens, ClosesMinute = r.Closes }).ToList(), tx, cancellationToken: ct));
            await tx.CommitAsync(ct);
        }
        await RecomputeOpenAsync(ct);
        return Outcome<CalendarView>.Ok(await GetAsync(ct));
    }

    /// <summary>Adds a holiday (errors keyed <c>Date</c>, <c>Name</c>); a date that is already a holiday is refused.</summary>
    public async Task<Outcome<Holiday>> AddHolidayAsync(DateOnly? date, string? name, CancellationToken ct = default)
    {
        name = name?.Trim();
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var errors = new FieldErrors()
            .Add(date is null, "Date", "Enter the holiday's date.")
            .Add(date is { } d && (d < today.AddYears(-1) || d > today.AddYears(5)), "Date", "Enter a date from a year ago to five years ahead.")
            .Add(string.IsNullOrEmpty(name), "Name", "Give the holiday a name, for example Christmas Day.")
            .Text("Name", name, "The name", MaxHolidayName);
        if (errors.Any) return Outcome<Holiday>.Failed(errors);
        await using (var c = await db.OpenAsync(ct))
        {
            if (await c.ExecuteAsync(new CommandDefinition(sql.AddHoliday, new { Date = date!.Value, Name = name }, cancellationToken: ct)) == 0)
                return Outcome<Holiday>.Failed("Date", $"{date.Value:ddd d MMM yyyy} is already a holiday.");
        }
        await RecomputeOpenAsync(ct);
        return Outcome<Holiday>.Ok(new Holiday { Date = date.Value, Name = name! });
    }

    public async Task<bool> RemoveHolidayAsync(DateOnly date, CancellationToken ct = default)
    {
        int removed;
        await using (var c = await db.OpenAsync(ct))
            removed = await c.ExecuteAsync(new CommandDefinition(sql.RemoveHoliday, new { Date = date }, cancellationToken: ct));
        if (removed > 0) await RecomputeOpenAsync(ct);
        return removed > 0;
    }

    /// <summary>
    /// Recomputes the stored clocks of every open request, a page at a time, each in its own short transaction: a change
    /// of calendar or policy moves their due and warning instants (what the queues sort by and the escalation job selects by).
    /// </summary>
    public async Task<int> RecomputeOpenAsync(CancellationToken ct = default)
    {
        const int pageSize = 200;
        var after = Guid.Empty;
        var done = 0;
        await using var c = await db.OpenAsync(ct);
        var calendar = await clocks.CalendarAsync(c, null, ct);
        while (true)
        {
            var ids = (await c.QueryAsync<Guid>(new CommandDefinition(sql.OpenTicketIds, new { After = after, Skip = 0, Take = pageSize }, cancellationToken: ct))).ToList();
            if (ids.Count == 0) return done;
            foreach (var id in ids)
            {
                await using var tx = await db.BeginWriteAsync(c, ct);
                await clocks.RecomputeAsync(c, tx, id, calendar, ct);
                await tx.CommitAsync(ct);
                done++;
            }
            after = ids[^1];
        }
    }
}
