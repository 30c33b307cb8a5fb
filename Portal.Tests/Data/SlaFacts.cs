using Dapper;
using Portal.Data.Db;
using Portal.Data.Ordering;
using Portal.Data.Service;
using static Portal.Tests.Data.ServiceDeskSeed;

namespace Portal.Tests.Data;

/// <summary>
/// The clock around the requests on a real database: escalation (warnings at 80%, breaches, once each however often the
/// job runs), closing after seven days, ratings once per resolution, and the supplier calendar in delivery dates.
/// The clock starts on Tue 24 Nov 2026 09:00 UTC (GMT in London: 09:00 local, opening time).
/// </summary>
public sealed class SlaFacts : IAsyncLifetime
{
    private readonly SqliteDatabase db = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => db.InitializeAsync();
    public ValueTask DisposeAsync() => db.DisposeAsync();

    private SlaEscalation Escalation => db.Get<SlaEscalation>();

    private async Task<IReadOnlyList<(string Target, string Kind)>> AlertsAsync(Guid ticketId)
    {
        await using var c = await db.Get<ConnectionFactory>().OpenAsync(Ct);
        return (await c.QueryAsync<(string, string)>("SELECT Target, Kind FROM TicketSlaAlerts WHERE TicketId = @Id ORDER BY Target, Kind", new { Id = ticketId })).ToList();
    }

    [Fact]
    public async Task The_escalation_job_run_twice_warns_the_assignee_once_at_80_percent()
    {
        var customer = await DataSeed.CustomerAsync(db);
        var agent = await StaffAsync(db, "DeskAgent");
        // Urgent: first response within one business hour
        var (id, number) = await RequestAsync(db, customer.AccountId, customer.UserId, TicketPriority.Urgent, agent.Id);

        db.Clock.Advance(TimeSpan.FromMinutes(47));
        Assert.Equal(0, (await Escalation.RunAsync(Ct)).Warnings); // 78%: nothing yet
        db.Clock.Advance(TimeSpan.FromMinutes(1));
        var first = await Escalation.RunAsync(Ct);
        var second = await Escalation.RunAsync(Ct);

        Assert.Equal(1, first.Warnings);
        Assert.Equal(0, second.Warnings);
        var mails = await MailsToAsync(db, agent.Email);
        Assert.Equal([$"{number}: first response due Tue 24 Nov 10:00 (Europe/London)"], mails);
        Assert.Equal([(SlaTarget.FirstResponse, SlaAlertKind.Warning)], await AlertsAsync(id));
    }

    [Fact]
    public async Task An_unassigned_request_at_80_percent_warns_every_desk_agent_once()
    {
        var customer = await DataSeed.CustomerAsync(db);
        var (first, second, gone) = (await StaffAsync(db, "DeskAgent"), await StaffAsync(db, "DeskAgent"), await StaffAsync(db, "DeskAgent"));
        var manager = await StaffAsync(db, "AccountManager");
        await using (var c = await db.Get<ConnectionFactory>().OpenAsync(Ct))
            await c.ExecuteAsync("UPDATE Users SET IsDisabled = 1 WHERE Id = @Id", new { gone.Id });
        var (_, number) = await RequestAsync(db, customer.AccountId, customer.UserId, TicketPriority.Urgent, assigneeId: null);

        db.Clock.Advance(TimeSpan.FromMinutes(48));
        var runs = new[] { await Escalation.RunAsync(Ct), await Escalation.RunAsync(Ct) };

        Assert.Equal(1, runs.Sum(r => r.Warnings));
        foreach (var agent in new[] { first, second })
            Assert.Equal([$"{number}: first response due Tue 24 Nov 10:00 (Europe/London) (unassigned)"], await MailsToAsync(db, agent.Email));
        Assert.Empty(await MailsToAsync(db, gone.Email));
        Assert.Empty(await MailsToAsync(db, manager.Email));
    }

    [Fact]
    public async Task Two_escalation_runs_at_once_send_one_warning()
    {
        var customer = await DataSeed.CustomerAsync(db);
        var agent = await StaffAsync(db, "DeskAgent");
        await RequestAsync(db, customer.AccountId, customer.UserId, TicketPriority.Urgent, agent.Id);
        db.Clock.Advance(TimeSpan.FromMinutes(50));

        var runs = await DataSeed.AllAtOnceAsync(4, _ => Escalation.RunAsync(Ct));

        Assert.Equal(1, runs.Sum(r => r.Warnings));
        Assert.Single(await MailsToAsync(db, agent.Email));
    }

    [Fact]
    public async Task A_breach_marks_the_request_and_tells_the_account_manager_and_the_supplier_admins_once()
    {
        var customer = await DataSeed.CustomerAsync(db);
        var agent = await StaffAsync(db, "DeskAgent");
        var manager = await StaffAsync(db, "AccountManager");
        var admin = await StaffAsync(db, "SupplierAdmin");
        await using (var c = await db.Get<ConnectionFactory>().OpenAsync(Ct))
            await c.ExecuteAsync("UPDATE CustomerAccounts SET AccountManagerUserId = @Manager WHERE Id = @AccountId", new { Manager = manager.Id, customer.AccountId });
        var (id, number) = await RequestAsync(db, customer.AccountId, customer.UserId, TicketPriority.Urgent, agent.Id);

        // straight past the first-response target (one business hour): the warning is moot, the breach is told
        db.Clock.Advance(TimeSpan.FromMinutes(61));
        var first = await Escalation.RunAsync(Ct);
        db.Clock.Advance(TimeSpan.FromMinutes(1));
        var again = await Escalation.RunAsync(Ct);

        Assert.Equal((1, 0), (first.Breaches, again.Breaches));
        Assert.Single(await MailsToAsync(db, manager.Email), s => s.StartsWith($"SLA breached: first response of {number}"));
        Assert.Single(await MailsToAsync(db, admin.Email), s => s.StartsWith($"SLA breached: first response of {number}"));
        Assert.Empty(await MailsToAsync(db, agent.Email));
        Assert.Equal([(SlaTarget.FirstResponse, SlaAlertKind.Breach), (SlaTarget.FirstResponse, SlaAlertKind.Warning)], await AlertsAsync(id));
        await using var check = await db.Get<ConnectionFactory>().OpenAsync(Ct);
        Assert.Equal(1, await check.ExecuteScalarAsync<int>("SELECT FirstResponseBreached FROM Tickets WHERE Id = @Id", new { Id = id }));
        Assert.Equal(0, await check.ExecuteScalarAsync<int>("SELECT ResolutionBreached FROM Tickets WHERE Id = @Id", new { Id = id }));
    }

    [Fact]
    public async Task A_request_waiting_on_the_customer_is_not_escalated_and_the_night_does_not_count()
    {
        var customer = await DataSeed.CustomerAsync(db);
        var agent = await StaffAsync(db, "DeskAgent");
        // Tue 17:00: half an hour of business time left today
        db.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 24, 17, 0, 0, TimeSpan.Zero));
        var (id, _) = await RequestAsync(db, customer.AccountId, customer.UserId, TicketPriority.Urgent, agent.Id);

        db.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 25, 8, 59, 0, TimeSpan.Zero)); // Wed before opening: 30 minutes used
        Assert.Equal(0, (await Escalation.RunAsync(Ct)).Warnings);
        await ChangeStatusAsync(db, id, TicketStatus.New, TicketStatus.WaitingOnCustomer);
        db.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero)); // a day later, still waiting
        Assert.Equal(EscalationSummary.None, await Escalation.RunAsync(Ct));
        Assert.Empty(await AlertsAsync(id));
    }

    [Fact]
    public async Task A_request_resolved_seven_days_ago_is_closed_once_with_its_status_change()
    {
        var customer = await DataSeed.CustomerAsync(db);
        var (id, _) = await RequestAsync(db, customer.AccountId, customer.UserId, TicketPriority.Normal);
        await ChangeStatusAsync(db, id, TicketStatus.New, TicketStatus.Resolved);

        db.Clock.Advance(TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1));
        Assert.Equal(0, await Escalation.AutoCloseAsync(Ct));
        db.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await Escalation.AutoCloseAsync(Ct));
        Assert.Equal(0, await Escalation.AutoCloseAsync(Ct));

        await using var c = await db.Get<ConnectionFactory>().OpenAsync(Ct);
        var row = await c.QuerySingleAsync<(string Status, string? ClosedUtc)>("SELECT Status, ClosedUtc FROM Tickets WHERE Id = @Id", new { Id = id });
        Assert.Equal(TicketStatus.Closed, row.Status);
        Assert.NotNull(row.ClosedUtc);
        Assert.Equal(1, await c.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM TicketStatusChanges WHERE TicketId = @Id AND FromStatus = 'Resolved' AND ToStatus = 'Closed'", new { Id = id }));
    }

    [Fact]
    public async Task A_request_reopened_after_resolution_is_not_closed()
    {
        var customer = await DataSeed.CustomerAsync(db);
        var (id, _) = await RequestAsync(db, customer.AccountId, customer.UserId, TicketPriority.Normal);
        await ChangeStatusAsync(db, id, TicketStatus.New, TicketStatus.Resolved);
        db.Clock.Advance(TimeSpan.FromDays(3));
        await ChangeStatusAsync(db, id, TicketStatus.Resolved, TicketStatus.Open);
        db.Clock.Advance(TimeSpan.FromDays(8));
        Assert.Equal(0, await Escalation.AutoCloseAsync(Ct));
    }

    [Fact]
    public async Task A_resolution_is_rated_once_by_its_requester_and_again_after_a_second_resolution()
    {
        var customer = await DataSeed.CustomerAsync(db);
        var (id, number) = await RequestAsync(db, customer.AccountId, customer.UserId, TicketPriority.Normal);
        var rater = new Rater(customer.AccountId, customer.UserId, IsCustomerAdmin: false);
        var satisfaction = db.Get<Satisfaction>();

        var early = await satisfaction.RateAsync(rater, number, 5, null, Ct);
        Assert.Contains("not resolved yet", early!.Errors[""]);

        await ChangeStatusAsync(db, id, TicketStatus.New, TicketStatus.Resolved);
        var rated = await satisfaction.RateAsync(rater, number, 4, "  Quick and polite.  ", Ct);
        Assert.True(rated!.Succeeded);
        Assert.Equal((4, "Quick and polite."), (rated.Value!.Score, rated.Value.Comment));

        var twice = await satisfaction.RateAsync(rater, number, 1, "changed my mind", Ct);
        Assert.Contains("already rated (4 out of 5)", twice!.Errors[""]);

        db.Clock.Advance(TimeSpan.FromHours(1));
        await ChangeStatusAsync(db, id, TicketStatus.Resolved, TicketStatus.Open);
        db.Clock.Advance(TimeSpan.FromHours(1));
        await ChangeStatusAsync(db, id, TicketStatus.Open, TicketStatus.Resolved);
        Assert.True((await satisfaction.RateAsync(rater, number, 2, null, Ct))!.Succeeded);

        await using var c = await db.Get<ConnectionFactory>().OpenAsync(Ct);
        Assert.Equal([4, 2], (await c.QueryAsync<int>("SELECT Score FROM TicketRatings WHERE TicketId = @Id ORDER BY CreatedUtc", new { Id = id })).ToList());
    }

    [Fact]
    public async Task Only_the_requester_or_the_customer_admin_may_rate_and_another_account_finds_nothing()
    {
        var customer = await DataSeed.CustomerAsync(db);
        var other = await DataSeed.CustomerAsync(db);
        var (id, number) = await RequestAsync(db, customer.AccountId, customer.UserId, TicketPriority.Normal);
        await ChangeStatusAsync(db, id, TicketStatus.New, TicketStatus.Resolved);
        var satisfaction = db.Get<Satisfaction>();

        Assert.Null(await satisfaction.RateAsync(new Rater(other.AccountId, other.UserId, true), number, 5, null, Ct));
        var colleague = await CustomerUserAsync(db, customer.AccountId);
        Assert.Null(await satisfaction.RateAsync(new Rater(customer.AccountId, colleague, false), number, 5, null, Ct));
        var bad = await satisfaction.RateAsync(new Rater(customer.AccountId, colleague, true), number, 6, null, Ct);
        Assert.Contains("from 1 (poor) to 5", bad!.Errors["Score"]);
        Assert.True((await satisfaction.RateAsync(new Rater(customer.AccountId, colleague, true), number, 3, null, Ct))!.Succeeded);
    }

    [Fact]
    public async Task The_rating_invitation_goes_to_the_requester_with_a_link_to_the_form()
    {
        var customer = await DataSeed.CustomerAsync(db);
        var (id, number) = await RequestAsync(db, customer.AccountId, customer.UserId, TicketPriority.Normal);
        await using var c = await db.Get<ConnectionFactory>().OpenAsync(Ct);

        var message = await db.Get<Satisfaction>().RatingInvitationAsync(c, null, id, Ct);

        var mail = await c.QuerySingleAsync<(string ToAddress, string Subject, string HtmlBody)>("SELECT ToAddress, Subject, HtmlBody FROM MailOutbox WHERE Id = @Id", new { Id = message });
        Assert.StartsWith("buyer-", mail.ToAddress);
        Assert.Equal($"{number} is resolved: how did we do?", mail.Subject);
        Assert.Contains($"/service/rate/{number}?score=5", mail.HtmlBody);
    }

    [Fact]
    public async Task A_holiday_moves_the_earliest_delivery_date_and_is_refused_as_a_delivery_date()
    {
        var customer = await DataSeed.CustomerAsync(db);
        var product = (await DataSeed.ProductsAsync(db, 1))[0]; // one business day's lead time
        var calendars = db.Get<CalendarAdmin>();
        var now = db.Clock.GetUtcNow(); // Tue 24 Nov
        Assert.Equal(new DateOnly(2026, 11, 25), DeliveryDates.Earliest(now, "UTC", 1, await calendars.CurrentAsync(Ct)));

        Assert.True((await calendars.AddHolidayAsync(new DateOnly(2026, 11, 25), "Stocktaking day", Ct)).Succeeded);

        Assert.Equal(new DateOnly(2026, 11, 26), DeliveryDates.Earliest(now, "UTC", 1, await calendars.CurrentAsync(Ct)));
        var placed = await db.Get<OrderPlacement>().PlaceAsync(new Placer(customer.AccountId, customer.UserId), new OrderDraft
        {
            SiteId = customer.SiteId, Lines = [new DraftLine(product.Id, product.MinQuantity)], RequestedDeliveryDate = new DateOnly(2026, 11, 25),
            IdempotencyScope = "test", IdempotencyKey = Guid.NewGuid().ToString("N"),
        }, Ct);
        Assert.False(placed.Succeeded);
        Assert.Contains("The earliest possible delivery is Thu 26 Nov 2026", placed.Errors["RequestedDeliveryDate"]);
    }

    [Fact]
    public async Task A_closed_weekday_is_no_delivery_day_and_a_delivery_date_on_a_holiday_says_so()
    {
        var calendars = db.Get<CalendarAdmin>();
        var view = await calendars.GetAsync(Ct);
        var days = view.Days.Select(d => new WeekdayHours { Weekday = d.Weekday, Open = d.Open && d.Weekday != (int)DayOfWeek.Wednesday, Opens = d.Opens, Closes = d.Closes }).ToList();
        Assert.True((await calendars.SaveHoursAsync(view.TimeZone, days, view.Version, Ct)).Succeeded);
        await calendars.AddHolidayAsync(new DateOnly(2026, 12, 3), "Founders' day", Ct);
        var calendar = await calendars.CurrentAsync(Ct);

        Assert.Equal(new DateOnly(2026, 11, 26), DeliveryDates.Earliest(db.Clock.GetUtcNow(), "UTC", 1, calendar)); // Wed closed: Thu
        Assert.Equal("Deliveries are made on Monday, Tuesday, Thursday, Friday; choose one of those days, for example Thu 26 Nov 2026.",
            DeliveryDates.NotADeliveryDay(new DateOnly(2026, 11, 25), calendar));
        Assert.StartsWith("Thu 3 Dec 2026 is a holiday", DeliveryDates.NotADeliveryDay(new DateOnly(2026, 12, 3), calendar));
    }

    [Fact]
    public async Task Calendar_and_policy_changes_are_validated_field_by_field()
    {
        var calendars = db.Get<CalendarAdmin>();
        var view = await calendars.GetAsync(Ct);
        var days = view.Days.Select(d => new WeekdayHours { Weekday = d.Weekday, Open = d.Open, Opens = d.Opens, Closes = d.Closes }).ToList();
        days[0].Closes = "08:00"; // Monday closes before it opens
        days[1].Opens = "nine";
        var refused = await calendars.SaveHoursAsync("Mars/Olympus", days, view.Version, Ct);
        Assert.Equal(["Days[0].Closes", "Days[1].Opens", "TimeZone"], refused.Errors.Keys.Order());
        Assert.Equal("Monday: the closing time must be after the opening time.", refused.Errors["Days[0].Closes"]);
        Assert.Contains("already a holiday", (await AddTwiceAsync(calendars)).Errors["Date"]);

        var policies = db.Get<SlaPolicies>();
        var bad = await policies.SaveAsync(new SlaPolicyInput { Priority = "High", FirstResponseHours = 5, FirstResponseMinutes = 75, ResolutionHours = 1, ResolutionMinutes = 0 }, Ct);
        Assert.Equal("The first response minutes must be a whole number from 0 to 59.", bad.Errors["FirstResponseMinutes"]);
        var shorter = await policies.SaveAsync(new SlaPolicyInput { Priority = "High", FirstResponseHours = 5, ResolutionHours = 1 }, Ct);
        Assert.Equal("The resolution target cannot be shorter than the first-response target.", shorter.Errors["ResolutionHours"]);
    }

    private static async Task<Portal.Data.Outcome<Holiday>> AddTwiceAsync(CalendarAdmin calendars)
    {
        await calendars.AddHolidayAsync(new DateOnly(2026, 12, 25), "Christmas Day", Ct);
        return await calendars.AddHolidayAsync(new DateOnly(2026, 12, 25), "Christmas", Ct);
    }

    [Fact]
    public async Task A_queue_policy_wins_for_its_queue_and_moves_the_due_instants_of_open_requests()
    {
        var customer = await DataSeed.CustomerAsync(db);
        var (id, _) = await RequestAsync(db, customer.AccountId, customer.UserId, TicketPriority.High, queue: TicketQueueCode.Finance);
        var policies = db.Get<SlaPolicies>();
        var finance = (await policies.QueuesAsync(Ct)).Single(q => q.Code == TicketQueueCode.Finance);

        var saved = await policies.SaveAsync(new SlaPolicyInput { Priority = "High", QueueId = finance.Id, FirstResponseHours = 0, FirstResponseMinutes = 30, ResolutionHours = 2 }, Ct);

        Assert.True(saved.Succeeded);
        await using var c = await db.Get<ConnectionFactory>().OpenAsync(Ct);
        Assert.Equal(db.Clock.GetUtcNow().AddMinutes(30), await c.ExecuteScalarAsync<DateTimeOffset>("SELECT FirstResponseDueUtc FROM Tickets WHERE Id = @Id", new { Id = id }));
        Assert.Equal((30, 120), (saved.Value!.FirstResponseMinutes, saved.Value.ResolutionMinutes));
        // the general High target stays as it was
        Assert.Equal(240, (await policies.ListAsync(Ct)).Single(p => p.Priority == "High" && p.QueueId is null).FirstResponseMinutes);
    }

    [Fact]
    public async Task The_dashboard_counts_business_hours_medians_breaches_by_week_and_ratings()
    {
        var customer = await DataSeed.CustomerAsync(db);
        var agent = await StaffAsync(db, "DeskAgent");
        // three requests answered after 1, 2 and 10 business hours (the last across a night)
        var answered = new List<Guid>();
        var monday = new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero); // Mon 09:00
        db.Clock.SetUtcNow(monday);
        foreach (var hours in new[] { 1, 2, 10 })
        {
            var (id, _) = await RequestAsync(db, customer.AccountId, customer.UserId, TicketPriority.Normal, agent.Id, monday);
            var at = BusinessCalendar.Default().AddBusinessTime(monday, TimeSpan.FromHours(hours));
            await using var c = await db.Get<ConnectionFactory>().OpenAsync(Ct);
            await c.ExecuteAsync("UPDATE Tickets SET FirstRespondedUtc = @At, Status = 'Open' WHERE Id = @Id", new { Id = id, At = at });
            await c.ExecuteAsync("INSERT INTO TicketStatusChanges (Id, TicketId, FromStatus, ToStatus, AtUtc) VALUES (@Id, @TicketId, 'New', 'Open', @At)", new { Id = Guid.NewGuid(), TicketId = id, At = at });
            answered.Add(id);
        }
        db.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero)); // Wed
        await Escalation.RunAsync(Ct); // the 10-hour answer came after the 8.5-hour target: no alert now, it has stopped
        await ChangeStatusAsync(db, answered[0], TicketStatus.Open, TicketStatus.Resolved);
        await db.Get<Satisfaction>().RateAsync(new Rater(customer.AccountId, customer.UserId, false),
            (await NumberAsync(answered[0])), 5, "Sorted the same morning", Ct);

        var figures = await db.Get<DeskDashboard>().LoadAsync(30, Ct);

        Assert.Equal(3, figures.FirstResponse.Count);
        Assert.Equal(TimeSpan.FromHours(2), figures.FirstResponse.Median);
        Assert.Equal(TimeSpan.FromHours(10), figures.FirstResponse.P90);
        Assert.Equal(2, figures.FirstResponse.WithinTarget);
        Assert.Equal(1, figures.Resolution.Count);
        Assert.Equal(2, figures.OpenByQueue.Single(q => q.QueueName == "General").OpenCount);
        Assert.Equal((1, 5.0), (figures.Satisfaction.Count, figures.Satisfaction.Average));
        Assert.Equal([0, 0, 0, 0, 1], figures.Satisfaction.Distribution);
        Assert.Equal("Sorted the same morning", figures.Satisfaction.RecentComments.Single().Comment);
        Assert.Equal(5, figures.BreachesByWeek.Count); // 30 days touch five Monday-weeks
    }

    private async Task<string> NumberAsync(Guid id)
    {
        await using var c = await db.Get<ConnectionFactory>().OpenAsync(Ct);
        return await c.ExecuteScalarAsync<string>("SELECT Number FROM Tickets WHERE Id = @Id", new { Id = id }) ?? "";
    }
}
