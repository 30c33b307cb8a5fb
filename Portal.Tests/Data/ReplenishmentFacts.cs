using Dapper;
using Portal.Data;
using Portal.Data.Accounts;
using Portal.Data.Catalog;
using Portal.Data.Db;
using Portal.Data.Mail;
using Portal.Data.Ordering;
using Portal.Data.Replenishment;

namespace Portal.Tests.Data;

/// <summary>
/// Reorder schedules and the replenishment job on a real database, time moved by hand (FakeTimeProvider): every due
/// occurrence gives exactly one order through the placement core, whatever runs at once, stops or comes back late.
/// Each fact has its own database, because its clock only moves forward.
/// </summary>
public sealed class ReplenishmentFacts : IAsyncLifetime
{
    private readonly SqliteDatabase db = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => db.InitializeAsync();
    public ValueTask DisposeAsync() => db.DisposeAsync();

    private Schedules Schedules => db.Get<Schedules>();
    private ReplenishmentRun Run => db.Get<ReplenishmentRun>();

    private sealed record Shop(Guid AccountId, Guid SiteId, Guid OwnerId, Guid AdminId, string OwnerEmail, string AdminEmail, IReadOnlyList<Product> Products)
    {
        public ScheduleViewer Owner => new(AccountId, OwnerId, SeesAll: false);
        public ScheduleViewer Admin => new(AccountId, AdminId, SeesAll: true);
    }

    private static DateTimeOffset Utc(int y, int mo, int d, int h, int mi) => new(y, mo, d, h, mi, 0, TimeSpan.Zero);

    private async Task<Shop> ShopAsync(string zone = "Europe/London", int products = 2)
    {
        var accounts = db.Get<AccountStore>();
        var tag = DataSeed.Tag();
        var account = (await accounts.CreateAccountAsync(new NewAccount("Shop " + tag, null, zone), Ct)).Value!;
        var site = (await accounts.AddSiteAsync(account.Id, new NewSite("S1", "Main", "1 High St", null, "York", "YO1 1AA", "United Kingdom"), Ct)).Value!;
        await using var c = await db.Get<ConnectionFactory>().OpenAsync(Ct);
        async Task<(Guid, string)> UserAsync(string who, string role)
        {
            var id = Guid.NewGuid();
            var email = $"{who}-{tag.ToLowerInvariant()}@shop.test";
            await c.ExecuteAsync("""
                INSERT INTO Users (Id, AccountId, SiteId, DisplayName, UserName, NormalizedUserName, Email, NormalizedEmail, EmailConfirmed, CreatedUtc)
                VALUES (@Id, @AccountId, NULL, @Name, @Email, @Normal, @Email, @Normal, 1, @Now)
                """, new { Id = id, AccountId = account.Id, Name = who, Email = email, Normal = email.ToUpperInvariant(), Now = db.Clock.GetUtcNow() });
            await c.ExecuteAsync("INSERT INTO UserRoles (UserId, RoleId) SELECT @UserId, Id FROM Roles WHERE Name = @Role", new { UserId = id, Role = role });
            return (id, email);
        }
        var (owner, ownerEmail) = await UserAsync("Olive Owner", Roles.Buyer);
        var (admin, adminEmail) = await UserAsync("Ada Admin", Roles.CustomerAdmin);
        return new Shop(account.Id, site.Id, owner, admin, ownerEmail, adminEmail, await DataSeed.ProductsAsync(db, products, 5m));
    }

    private async Task<ReorderSchedule> ScheduleAsync(Shop shop, string cron, DateOnly? start = null, DateOnly? end = null, int interval = 1, int lead = 24)
    {
        var made = await Schedules.CreateAsync(shop.Owner, new ScheduleInput
        {
            Name = "Weekly basics", SiteId = shop.SiteId, Cron = cron, IntervalWeeks = interval, StartDate = start ?? new DateOnly(2026, 11, 24), EndDate = end,
            LeadNoticeHours = lead, Lines = shop.Products.Select((p, i) => new ScheduleLineInput(p.Sku, i + 1)).ToList(),
        }, Ct);
        Assert.True(made.Succeeded, string.Join(" ", made.Errors.Values));
        return made.Value!;
    }

    private async Task<List<(string Number, string Source, string IdempotencyScope, string IdempotencyKey)>> OrdersAsync(Guid accountId)
    {
        await using var c = await db.Get<ConnectionFactory>().OpenAsync(Ct);
        return (await c.QueryAsync<(string, string, string, string)>(
            "SELECT Number, Source, IdempotencyScope, IdempotencyKey FROM Orders WHERE AccountId = @AccountId ORDER BY CreatedUtc, Number", new { AccountId = accountId })).ToList();
    }

    private async Task<List<ScheduleOccurrence>> HistoryAsync(Shop shop, Guid id) =>
        (await Schedules.DetailsAsync(shop.Admin, id, Ct))!.History.OrderBy(h => h.OccurrenceUtc).ToList();

    private async Task<List<(string To, string Subject)>> MailAsync(string to)
    {
        await using var c = await db.Get<ConnectionFactory>().OpenAsync(Ct);
        return (await c.QueryAsync<(string, string)>("SELECT ToAddress, Subject FROM MailOutbox WHERE ToAddress = @To ORDER BY CreatedUtc", new { To = to })).ToList();
    }

    [Fact]
    public async Task A_weekly_schedule_places_one_order_per_occurrence_through_the_placement_core_and_a_second_run_places_none()
    {
        var shop = await ShopAsync();
        var schedule = await ScheduleAsync(shop, "0 9 * * WED");
        Assert.Equal(Utc(2026, 11, 25, 9, 0), schedule.NextRunUtc);
        var details = await Schedules.DetailsAsync(shop.Owner, schedule.Id, Ct);
        Assert.Equal(5, details!.Upcoming.Count);
        Assert.Equal(new DateOnly(2026, 11, 26), details.Upcoming[0].DeliveryDate); // one business day's lead time

        db.Clock.SetUtcNow(Utc(2026, 11, 25, 8, 59));
        Assert.Equal(0, (await Run.RunAsync(Ct)).Placed);
        db.Clock.SetUtcNow(Utc(2026, 11, 25, 9, 0));
        Assert.Equal(1, (await Run.RunAsync(Ct)).Placed);
        Assert.Equal(0, (await Run.RunAsync(Ct)).Placed);
        db.Clock.SetUtcNow(Utc(2026, 12, 2, 9, 1));
        Assert.Equal(1, (await Run.RunAsync(Ct)).Placed);

        var orders = await OrdersAsync(shop.AccountId);
        Assert.Equal(2, orders.Count);
        Assert.All(orders, o => Assert.Equal((OrderSource.Schedule, $"schedule:{schedule.Id}"), (o.Source, o.IdempotencyScope)));
        Assert.Equal(["occurrence:2026-11-25T09:00Z", "occurrence:2026-12-02T09:00Z"], orders.Select(o => o.IdempotencyKey));
        var history = await HistoryAsync(shop, schedule.Id);
        Assert.Equal(orders.Select(o => o.Number), history.Select(h => h.OrderNumber));
        Assert.All(history, h => Assert.Equal(OccurrenceOutcome.Placed, h.Outcome));
        var order = await db.Get<Orders>().GetAsync(shop.AccountId, orders[0].Number, Ct);
        Assert.Equal(new DateOnly(2026, 11, 26), order!.RequestedDeliveryDate);
        Assert.Equal("Weekly basics", (await Schedules.ScheduleOfOrderAsync(shop.AccountId, order.Id, Ct))?.Name);
        Assert.Null(await Schedules.ScheduleOfOrderAsync(Guid.NewGuid(), order.Id, Ct));
        Assert.Equal(Utc(2026, 12, 9, 9, 0), (await Schedules.GetAsync(shop.Owner, schedule.Id, Ct))!.NextRunUtc);
    }

    [Fact]
    public async Task A_monthly_schedule_on_the_last_day_orders_on_28_february_and_day_31_skips_february()
    {
        var shop = await ShopAsync();
        var last = await ScheduleAsync(shop, "0 9 L * *", start: new DateOnly(2027, 2, 1));
        var day31 = await ScheduleAsync(shop, "0 9 31 * *", start: new DateOnly(2027, 2, 1));
        Assert.Equal(Utc(2027, 3, 31, 8, 0), day31.NextRunUtc);
        db.Clock.SetUtcNow(Utc(2027, 2, 28, 9, 0));
        Assert.Equal(1, (await Run.RunAsync(Ct)).Placed);
        Assert.Single(await HistoryAsync(shop, last.Id));
        Assert.Empty(await HistoryAsync(shop, day31.Id));
    }

    [Fact]
    public async Task A_worker_down_for_several_occurrences_places_one_order_for_the_latest_and_records_the_others_as_missed()
    {
        var shop = await ShopAsync();
        var schedule = await ScheduleAsync(shop, "0 9 * * *");
        db.Clock.SetUtcNow(Utc(2026, 11, 28, 12, 0)); // 25, 26, 27 and 28 Nov at 09:00 have passed
        var run = await Run.RunAsync(Ct);
        Assert.Equal((1, 3), (run.Placed, run.Missed));
        var history = await HistoryAsync(shop, schedule.Id);
        Assert.Equal([OccurrenceOutcome.Missed, OccurrenceOutcome.Missed, OccurrenceOutcome.Missed, OccurrenceOutcome.Placed], history.Select(h => h.Outcome));
        Assert.Equal(Utc(2026, 11, 28, 9, 0), history[^1].OccurrenceUtc);
        Assert.Single(await OrdersAsync(shop.AccountId));
    }

    [Fact]
    public async Task On_the_fall_back_night_a_time_that_happens_twice_orders_once_and_on_the_spring_forward_night_a_missing_time_orders_once()
    {
        var shop = await ShopAsync();
        var schedule = await ScheduleAsync(shop, "30 1 * * *", start: new DateOnly(2027, 3, 27), end: new DateOnly(2027, 11, 1));
        db.Clock.SetUtcNow(Utc(2027, 3, 27, 1, 31));
        var first = await Run.RunAsync(Ct);
        Assert.True(first.Placed == 1, $"{first} {string.Join("; ", (await HistoryAsync(shop, schedule.Id)).Select(h => h.Reason))}");
        db.Clock.SetUtcNow(Utc(2027, 3, 28, 1, 0)); // 01:30 does not exist on 28 March: it runs at 02:00 BST
        var second = await Run.RunAsync(Ct);
        Assert.True(second.Placed == 1, $"{second} {string.Join("; ", (await HistoryAsync(shop, schedule.Id)).Select(h => $"{h.OccurrenceUtc} {h.Outcome} {h.Reason}"))}");
        db.Clock.SetUtcNow(Utc(2027, 3, 28, 1, 45));
        Assert.Equal(0, (await Run.RunAsync(Ct)).Placed);

        await Schedules.PauseAsync(shop.Owner, schedule.Id, Ct);
        db.Clock.SetUtcNow(Utc(2027, 10, 30, 12, 0));
        await Schedules.ResumeAsync(shop.Owner, schedule.Id, Ct);
        db.Clock.SetUtcNow(Utc(2027, 10, 31, 0, 31)); // 01:30 BST, the first of the two
        Assert.Equal(1, (await Run.RunAsync(Ct)).Placed);
        db.Clock.SetUtcNow(Utc(2027, 10, 31, 1, 31)); // 01:30 GMT, the second: no order
        Assert.Equal(0, (await Run.RunAsync(Ct)).Placed);
        Assert.Equal(3, (await OrdersAsync(shop.AccountId)).Count);
    }

    [Fact]
    public async Task A_schedule_past_its_end_date_places_nothing_more_and_says_it_has_ended()
    {
        var shop = await ShopAsync();
        var schedule = await ScheduleAsync(shop, "0 9 * * *", end: new DateOnly(2026, 11, 25));
        db.Clock.SetUtcNow(Utc(2026, 11, 25, 9, 0));
        Assert.Equal(1, (await Run.RunAsync(Ct)).Placed);
        db.Clock.SetUtcNow(Utc(2026, 11, 27, 9, 0));
        Assert.Equal(0, (await Run.RunAsync(Ct)).Placed);
        var after = await Schedules.GetAsync(shop.Owner, schedule.Id, Ct);
        Assert.Equal((ScheduleStatus.Ended, (DateTimeOffset?)null), (after!.Status, after.NextRunUtc));
    }

    [Fact]
    public async Task A_paused_schedule_places_nothing_and_on_resume_orders_only_from_then_on()
    {
        var shop = await ShopAsync();
        var schedule = await ScheduleAsync(shop, "0 9 * * *");
        Assert.True((await Schedules.PauseAsync(shop.Owner, schedule.Id, Ct))!.Succeeded);
        db.Clock.SetUtcNow(Utc(2026, 11, 27, 10, 0));
        Assert.Equal(RunSummary.None, await Run.RunAsync(Ct));
        var resumed = (await Schedules.ResumeAsync(shop.Owner, schedule.Id, Ct))!.Value!;
        Assert.Equal(Utc(2026, 11, 28, 9, 0), resumed.NextRunUtc);
        Assert.Equal(0, (await Run.RunAsync(Ct)).Placed);
        Assert.Empty(await HistoryAsync(shop, schedule.Id));
        db.Clock.SetUtcNow(Utc(2026, 11, 28, 9, 0));
        Assert.Equal(1, (await Run.RunAsync(Ct)).Placed);
    }

    [Fact]
    public async Task A_skipped_occurrence_places_nothing_and_the_one_after_it_orders()
    {
        var shop = await ShopAsync();
        var schedule = await ScheduleAsync(shop, "0 9 * * WED");
        var skipped = await Schedules.SkipNextAsync(shop.Owner, schedule.Id, Ct);
        Assert.Equal(Utc(2026, 12, 2, 9, 0), skipped!.Value!.NextRunUtc);
        db.Clock.SetUtcNow(Utc(2026, 11, 25, 9, 5));
        Assert.Equal(0, (await Run.RunAsync(Ct)).Placed);
        db.Clock.SetUtcNow(Utc(2026, 12, 2, 9, 0));
        Assert.Equal(1, (await Run.RunAsync(Ct)).Placed);
        var history = await HistoryAsync(shop, schedule.Id);
        Assert.Equal([OccurrenceOutcome.Skipped, OccurrenceOutcome.Placed], history.Select(h => h.Outcome));
        Assert.Contains("Olive Owner", history[0].Reason);
    }

    private async Task<ReorderSchedule> ScheduleWithLinesAsync(Shop shop, string name, params (Product Product, int Quantity)[] lines)
    {
        var made = await Schedules.CreateAsync(shop.Owner, new ScheduleInput
        {
            Name = name, SiteId = shop.SiteId, Cron = "0 9 * * WED", IntervalWeeks = 1, StartDate = new DateOnly(2026, 11, 24), LeadNoticeHours = 24,
            Lines = lines.Select(l => new ScheduleLineInput(l.Product.Sku, l.Quantity)).ToList(),
        }, Ct);
        Assert.True(made.Succeeded, string.Join(" ", made.Errors.Values));
        return made.Value!;
    }

    private async Task<List<string>> StatusesAsync(Guid accountId)
    {
        await using var c = await db.Get<ConnectionFactory>().OpenAsync(Ct);
        return (await c.QueryAsync<string>("SELECT Status FROM Orders WHERE AccountId = @AccountId ORDER BY Number", new { AccountId = accountId })).ToList();
    }

    [Fact]
    public async Task Orders_placed_by_one_run_count_against_the_credit_limit_one_after_another()
    {
        // three schedules of 15.00 each (5.00 a unit) due at once; open orders may reach 40.00: the third goes on credit hold
        var shop = await ShopAsync(products: 1);
        for (var i = 0; i < 3; i++) await ScheduleWithLinesAsync(shop, $"Weekly {i}", (shop.Products[0], 3));
        Assert.True((await db.Get<OrderingSettings>().SetTermsAsync(shop.AccountId, 40m, requirePoNumber: false, Ct)).Succeeded);
        db.Clock.SetUtcNow(Utc(2026, 11, 25, 9, 0));

        Assert.Equal(3, (await Run.RunAsync(Ct)).Placed);

        Assert.Equal([OrderStatus.Submitted, OrderStatus.Submitted, OrderStatus.CreditHold], await StatusesAsync(shop.AccountId));
    }

    [Fact]
    public async Task An_order_of_a_run_that_breaks_a_rule_places_nothing_for_its_schedule_and_the_others_are_placed()
    {
        var shop = await ShopAsync(products: 1);
        var fine = new[] { await ScheduleWithLinesAsync(shop, "Four a week", (shop.Products[0], 4)), await ScheduleWithLinesAsync(shop, "Six a week", (shop.Products[0], 6)) };
        var tooFew = await ScheduleWithLinesAsync(shop, "One a week", (shop.Products[0], 1));
        // the product is sold from 2 units on since the schedules were made
        await db.Get<CatalogStore>().UpsertAsync([shop.Products[0] with { MinQuantity = 2 }], Ct);
        db.Clock.SetUtcNow(Utc(2026, 11, 25, 9, 0));

        var run = await Run.RunAsync(Ct);

        Assert.Equal((2, 1), (run.Placed, run.Failed));
        Assert.Equal(2, (await OrdersAsync(shop.AccountId)).Count);
        foreach (var s in fine) Assert.Equal(OccurrenceOutcome.Placed, Assert.Single(await HistoryAsync(shop, s.Id)).Outcome);
        var failed = Assert.Single(await HistoryAsync(shop, tooFew.Id));
        Assert.Equal(OccurrenceOutcome.Failed, failed.Outcome);
        Assert.Contains("the minimum order is 2", failed.Reason);
        Assert.Contains(run.Problems, p => p.SubjectId == tooFew.Id && p.Reason.Contains("the minimum order is 2"));
        // not suspended: the next occurrence tries again
        var after = (await Schedules.GetAsync(shop.Admin, tooFew.Id, Ct))!;
        Assert.Equal((ScheduleStatus.Active, Utc(2026, 12, 2, 9, 0)), (after.Status, after.NextRunUtc));
    }

    [Fact]
    public async Task A_product_no_longer_sold_is_left_out_and_the_owner_told()
    {
        var shop = await ShopAsync();
        var schedule = await ScheduleAsync(shop, "0 9 * * WED");
        await db.Get<CatalogStore>().UpsertAsync([shop.Products[1] with { IsActive = false }], Ct);
        db.Clock.SetUtcNow(Utc(2026, 11, 25, 9, 0));
        Assert.Equal(1, (await Run.RunAsync(Ct)).Placed);
        var order = await db.Get<Orders>().GetAsync(shop.AccountId, (await OrdersAsync(shop.AccountId))[0].Number, Ct);
        Assert.Equal(1, order!.LineCount);
        Assert.Contains(shop.Products[1].Sku, (await HistoryAsync(shop, schedule.Id))[0].Reason);
        Assert.Contains(await MailAsync(shop.OwnerEmail), m => m.Subject.Contains("left out products"));
    }

    [Fact]
    public async Task An_owner_who_was_disabled_gets_no_order_the_schedule_is_suspended_and_the_admins_are_told()
    {
        var shop = await ShopAsync();
        var schedule = await ScheduleAsync(shop, "0 9 * * WED");
        await using (var c = await db.Get<ConnectionFactory>().OpenAsync(Ct))
            await c.ExecuteAsync("UPDATE Users SET IsDisabled = 1 WHERE Id = @Id", new { Id = shop.OwnerId });
        db.Clock.SetUtcNow(Utc(2026, 11, 25, 9, 0));
        Assert.Equal(1, (await Run.RunAsync(Ct)).Failed);
        Assert.Empty(await OrdersAsync(shop.AccountId));
        var after = await Schedules.GetAsync(shop.Admin, schedule.Id, Ct);
        Assert.Equal(ScheduleStatus.Suspended, after!.Status);
        Assert.Contains("can no longer sign in", after.StatusReason);
        Assert.Contains(await MailAsync(shop.AdminEmail), m => m.Subject.Contains("is suspended"));
        db.Clock.SetUtcNow(Utc(2026, 12, 2, 9, 0));
        Assert.Equal(RunSummary.None, await Run.RunAsync(Ct));
    }

    [Fact]
    public async Task A_schedule_whose_lines_are_all_no_longer_sold_is_suspended_with_nothing_placed()
    {
        var shop = await ShopAsync(products: 1);
        var schedule = await ScheduleAsync(shop, "0 9 * * WED");
        await db.Get<CatalogStore>().UpsertAsync([shop.Products[0] with { IsActive = false }], Ct);
        db.Clock.SetUtcNow(Utc(2026, 11, 25, 9, 0));
        await Run.RunAsync(Ct);
        Assert.Empty(await OrdersAsync(shop.AccountId));
        Assert.Equal(ScheduleStatus.Suspended, (await Schedules.GetAsync(shop.Admin, schedule.Id, Ct))!.Status);
        Assert.Equal(OccurrenceOutcome.Failed, (await HistoryAsync(shop, schedule.Id))[0].Outcome);
    }

    [Fact]
    public async Task Two_runs_at_once_over_many_due_schedules_place_exactly_one_order_each()
    {
        var shop = await ShopAsync(products: 1);
        var ids = new List<Guid>();
        for (var i = 0; i < 150; i++) ids.Add((await ScheduleAsync(shop, "0 9 * * WED")).Id);
        db.Clock.SetUtcNow(Utc(2026, 11, 25, 9, 0));
        var runs = await DataSeed.AllAtOnceAsync(2, _ => Run.RunAsync(Ct));
        Assert.Equal(150, runs.Sum(r => r.Placed));
        var orders = await OrdersAsync(shop.AccountId);
        Assert.Equal(150, orders.Count);
        Assert.Equal(ids.Select(id => $"schedule:{id}").Order(), orders.Select(o => o.IdempotencyScope).Order());
    }

    [Fact]
    public async Task A_run_stopped_half_way_and_run_again_places_every_occurrence_once()
    {
        var shop = await ShopAsync(products: 1);
        var schedules = new List<ReorderSchedule>();
        for (var i = 0; i < 9; i++) schedules.Add(await ScheduleAsync(shop, "0 9 * * WED"));
        var occurrence = Utc(2026, 11, 25, 9, 0);
        db.Clock.SetUtcNow(occurrence);
        var sql = db.Get<ReplenishmentSql>();
        await using (var c = await db.Get<ConnectionFactory>().OpenAsync(Ct))
        {
            // the first three finished; the next three were claimed and the run stopped before placing; the last three
            // were claimed and placed, and the run stopped before recording it
            foreach (var s in schedules.Take(3)) await Run.RunScheduleAsync(s.Id, Ct);
            foreach (var s in schedules.Skip(3))
                await c.ExecuteAsync(sql.ClaimOccurrence, new
                {
                    ScheduleId = s.Id, OccurrenceUtc = occurrence, Id = Guid.NewGuid(), s.AccountId, Outcome = OccurrenceOutcome.Claimed,
                    Reason = (string?)null, ClaimedUntilUtc = occurrence + ReplenishmentRun.ClaimFor, Now = occurrence,
                });
            foreach (var s in schedules.Skip(6))
            {
                var placed = await db.Get<OrderPlacement>().PlaceAsync(new Placer(shop.AccountId, shop.OwnerId), new OrderDraft
                {
                    SiteId = shop.SiteId, Lines = [new DraftLine(shop.Products[0].Id, 1)], RequestedDeliveryDate = new DateOnly(2026, 11, 26),
                    IdempotencyScope = ReplenishmentRun.ScopeOf(s.Id), IdempotencyKey = ReplenishmentRun.KeyOf(occurrence), Source = OrderSource.Schedule,
                }, Ct);
                Assert.True(placed.Succeeded);
            }
        }
        // run again at once: the claims still hold, so nothing is placed twice
        Assert.Equal(0, (await Run.RunAsync(Ct)).Placed);
        db.Clock.Advance(ReplenishmentRun.ClaimFor + TimeSpan.FromMinutes(1));
        await Run.RunAsync(Ct);
        Assert.Equal(0, (await Run.RunAsync(Ct)).Placed);

        var orders = await OrdersAsync(shop.AccountId);
        Assert.Equal(9, orders.Count);
        Assert.Equal(9, orders.Select(o => o.IdempotencyScope).Distinct().Count());
        foreach (var s in schedules)
        {
            var history = await HistoryAsync(shop, s.Id);
            Assert.Equal(OccurrenceOutcome.Placed, Assert.Single(history).Outcome);
            Assert.Equal(Utc(2026, 12, 2, 9, 0), (await Schedules.GetAsync(shop.Admin, s.Id, Ct))!.NextRunUtc);
        }
    }

    [Fact]
    public async Task The_owner_is_reminded_once_before_each_occurrence_with_the_lines_and_total()
    {
        var shop = await ShopAsync();
        var schedule = await ScheduleAsync(shop, "0 9 * * WED", lead: 12);
        db.Clock.SetUtcNow(Utc(2026, 11, 24, 20, 59));
        Assert.Equal(0, (await Run.RunAsync(Ct)).Reminders);
        db.Clock.SetUtcNow(Utc(2026, 11, 24, 21, 0));
        Assert.Equal(1, (await Run.RunAsync(Ct)).Reminders);
        Assert.Equal(0, (await Run.RunAsync(Ct)).Reminders);
        await using var c = await db.Get<ConnectionFactory>().OpenAsync(Ct);
        var body = await c.QuerySingleAsync<string>("SELECT HtmlBody FROM MailOutbox WHERE ToAddress = @To", new { To = shop.OwnerEmail });
        Assert.Contains(shop.Products[0].Sku, body);
        Assert.Contains("Total at today's prices: 15.00", body); // 1 x 5 + 2 x 5
        Assert.Contains($"/schedules/{schedule.Id}", body);
    }

    [Fact]
    public async Task Another_accounts_schedule_is_not_found_and_a_buyer_sees_only_their_own()
    {
        var shop = await ShopAsync();
        var other = await ShopAsync();
        var schedule = await ScheduleAsync(shop, "0 9 * * WED");
        Assert.Null(await Schedules.GetAsync(other.Admin, schedule.Id, Ct));
        Assert.Null(await Schedules.SkipNextAsync(other.Admin, schedule.Id, Ct));
        Assert.Null(await Schedules.PauseAsync(other.Admin, schedule.Id, Ct));
        Assert.False(await Schedules.DeleteAsync(other.Admin, schedule.Id, Ct));
        Assert.Null(await Schedules.GetAsync(shop.Owner with { UserId = shop.AdminId, SeesAll = false }, schedule.Id, Ct));
        Assert.Single(await Schedules.ListAsync(shop.Admin, Ct));
        Assert.Empty(await Schedules.ListAsync(other.Admin, Ct));
    }

    [Fact]
    public async Task A_schedule_with_bad_values_is_refused_field_by_field()
    {
        var shop = await ShopAsync();
        var pack = (await DataSeed.ProductsAsync(db, 1))[0] with { PackSize = 6 };
        await db.Get<CatalogStore>().UpsertAsync([pack], Ct);
        var made = await Schedules.CreateAsync(shop.Owner, new ScheduleInput
        {
            Name = "", SiteId = Guid.NewGuid(), Cron = "0 9 * *", StartDate = new DateOnly(2026, 12, 1), EndDate = new DateOnly(2026, 11, 30),
            Lines = [new("NOPE-1", 1), new(pack.Sku, 7)],
        }, Ct);
        Assert.Equal(["Cron", "EndDate", "Lines[0].Sku", "Lines[1].Quantity", "Name", "SiteId"], made.Errors.Keys.Order());
        Assert.Contains("pack", made.Errors["Lines[1].Quantity"], StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_schedule_is_made_from_a_past_order_in_one_step()
    {
        var shop = await ShopAsync();
        var order = await DataSeed.SubmittedOrderAsync(db, new FactCustomer(shop.AccountId, shop.SiteId, shop.OwnerId), [(shop.Products[0], 3), (shop.Products[1], 4)]);
        var lines = await Schedules.LinesFromOrderAsync(new OrderViewer(shop.AccountId, shop.OwnerId, null, false), order.Number, Ct);
        Assert.Equal([new ScheduleLineInput(shop.Products[0].Sku, 3), new ScheduleLineInput(shop.Products[1].Sku, 4)], lines!.OrderBy(l => l.Sku));
        Assert.Null(await Schedules.LinesFromOrderAsync(new OrderViewer(Guid.NewGuid(), shop.OwnerId, null, false), order.Number, Ct));
    }
}
