using Dapper;
using Portal.Data.Db;
using Portal.Data.Fulfilment;
using Portal.Data.Ordering;
using Portal.Data.Reliability;

namespace Portal.Tests.Data;

/// <summary>
/// Delivery reliability through the order desk: a delivery refreshes its order's figures and roll-ups (here at once: no
/// job server is wired), the nightly refresh agrees with them, promises at risk are flagged once with one message, and a
/// re-promise clears the flag. Every test has its own account and products; the clock only moves forward.
/// </summary>
public abstract class ReliabilityFacts(ProviderDatabase db)
{
    private OrderDesk Desk => db.Get<OrderDesk>();
    private ReliabilityStore Store => db.Get<ReliabilityStore>();
    private PromiseRisk Risk => db.Get<PromiseRisk>();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private DateOnly Today => DateOnly.FromDateTime(db.Clock.GetUtcNow().UtcDateTime);

    private async Task<(FactCustomer Who, Order Order)> ConfirmedAsync(DateOnly promised, params int[] quantities)
    {
        var who = await DataSeed.CustomerAsync(db);
        var products = await DataSeed.ProductsAsync(db, quantities.Length);
        var order = await DataSeed.SubmittedOrderAsync(db, who, products.Zip(quantities).Select(x => (x.First, x.Second)).ToList());
        var confirmed = await Desk.ConfirmAsync(order.Number, who.UserId, quantities.Select((q, i) => new PromiseInput(i + 1, promised, q)).ToList(), Ct);
        Assert.True(confirmed!.Succeeded, string.Join(" ", confirmed.Errors.Values));
        return (who, confirmed.Value!);
    }

    private async Task ShipAndDeliverAsync(Order order, Guid userId, params (int Line, int Shipped, int Arrived)[] lines)
    {
        var shipped = await Desk.ShipAsync(order.Number, userId, "DHL", null, lines.Select(l => new QuantityInput(l.Line, l.Shipped)).ToList(), Ct);
        Assert.True(shipped!.Succeeded, string.Join(" ", shipped.Errors.Values));
        var shipment = (await Desk.ProgressOfAnyAccountAsync(order.Id, Ct)).Shipments.Single(s => s.DeliveredDate is null);
        var delivered = await Desk.DeliverAsync(order.Number, userId, shipment.Id, Today, lines.Select(l => new QuantityInput(l.Line, l.Arrived)).ToList(), Ct);
        Assert.True(delivered!.Succeeded, string.Join(" ", delivered.Errors.Values));
    }

    private void Advance(int days) => db.Clock.Advance(TimeSpan.FromDays(days));

    private async Task<int> MailsAsync(Guid userId, string subjectPart)
    {
        await using var c = await db.Get<ConnectionFactory>().OpenAsync(Ct);
        var email = await c.QuerySingleAsync<string>("SELECT Email FROM Users WHERE Id = @userId", new { userId });
        return await c.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM MailOutbox WHERE ToAddress = @email AND Subject LIKE @like", new { email, like = $"%{subjectPart}%" });
    }

    private async Task<IReadOnlyList<RiskLine>> RisksAsync(Order order) =>
        (await Risk.QueueOfEveryAccountAsync(Ct)).Where(r => r.OrderNumber == order.Number).ToList();

    [Fact]
    public async Task A_short_delivery_then_the_rest_moves_the_figures_by_the_difference_and_the_nightly_refresh_agrees()
    {
        var (who, order) = await ConfirmedAsync(Today.AddDays(1), 10, 4);
        Advance(3);
        await ShipAndDeliverAsync(order, who.UserId, (1, 10, 10), (2, 2, 2));

        var meanwhile = (await Store.AccountAsync(who.AccountId, Ct)).Last13Weeks;
        Assert.Equal(2, meanwhile.Lines); // line 2 counts: its promised date passed
        Assert.Equal(0m, meanwhile.OtifFirst);
        Assert.Equal(12, meanwhile.Delivered);
        Assert.Equal(14, meanwhile.Ordered);
        Assert.Equal(1, meanwhile.ShortLines);
        var exceptions = (await Store.AccountAsync(who.AccountId, Ct)).Exceptions;
        Assert.Equal([1, 2], exceptions.Select(x => x.LineNumber).Order());
        Assert.True(exceptions.Single(x => x.LineNumber == 2).IsShort);

        Advance(2);
        await ShipAndDeliverAsync(order, who.UserId, (2, 2, 2));
        var after = await Store.AccountAsync(who.AccountId, Ct);
        Assert.Equal(2, after.Last13Weeks.Lines);
        Assert.Equal(0, after.Last13Weeks.ShortLines);
        Assert.Equal(100m, after.Last13Weeks.FillRate);
        Assert.Equal(2, after.Last13Weeks.LateLines);
        Assert.Equal(2 + 4, after.Last13Weeks.DaysLate); // line 1 arrived 2 days after its date, the rest of line 2 four days after

        await db.Get<ReliabilityRollup>().RefreshAllAsync(Ct);
        var nightly = await Store.AccountAsync(who.AccountId, Ct);
        Assert.Equal(after.Last13Weeks, nightly.Last13Weeks);
        Assert.Equal(after.Weeks, nightly.Weeks);
        Assert.Equal(after.Months, nightly.Months);
    }

    [Fact]
    public async Task A_late_line_re_promised_before_its_date_counts_as_warned_and_the_customer_is_told_at_once()
    {
        var (who, order) = await ConfirmedAsync(Today.AddDays(2), 5);
        var repromised = await Desk.RepromiseAsync(order.Number, who.UserId, 1, Today.AddDays(6), null, RepromiseReasons.SupplierStockOut, null, Ct);
        Assert.True(repromised!.Succeeded);
        Assert.Equal(1, await MailsAsync(who.UserId, "has a new promised date"));

        Advance(6);
        await ShipAndDeliverAsync(order, who.UserId, (1, 5, 5));
        var figures = await Store.AccountAsync(who.AccountId, Ct);
        Assert.Equal(1, figures.Last13Weeks.LateLines);
        Assert.Equal(1, figures.Last13Weeks.WarnedLate);
        Assert.Equal(100m, figures.Last13Weeks.Warned);
        Assert.Equal(100m, figures.Last13Weeks.OtifLast);
        Assert.Equal(0m, figures.Last13Weeks.OtifFirst);
        var line = Assert.Single(figures.Exceptions);
        Assert.True(line.Warned);
        Assert.Equal(RepromiseReasons.SupplierStockOut, line.ReasonCode);
        Assert.Equal(4, line.DaysLate);

        var reasons = await Store.RankingAsync(ReliabilityDimensions.Reason, ReliabilityGrains.Month, LineReliability.MonthStart(Today).AddMonths(-1), LineReliability.MonthStart(Today), null, Ct);
        Assert.Contains(reasons, r => r.DimensionKey == RepromiseReasons.SupplierStockOut && r.Label == "Supplier stock-out" && r.WarnedLate >= 1);
    }

    [Fact]
    public async Task The_at_risk_job_flags_an_unshipped_line_once_tells_the_buyer_once_and_a_re_promise_clears_the_flag()
    {
        // promised for the next business day: the ship-by day (one transit day before) is today
        var (who, order) = await ConfirmedAsync(DeliveryDates.AddBusinessDays(Today, 1), 6, 3);
        Assert.True((await Desk.ShipAsync(order.Number, who.UserId, "DHL", null, [new QuantityInput(2, 3)], Ct))!.Succeeded);

        await Risk.RunAsync(Ct);
        await Risk.RunAsync(Ct);
        var flagged = Assert.Single(await RisksAsync(order));
        Assert.Equal(1, flagged.LineNumber);
        Assert.True(flagged.ShipBy <= Today);
        Assert.Equal(1, await MailsAsync(who.UserId, "may arrive after its promised date"));

        var repromised = await Desk.RepromiseAsync(order.Number, who.UserId, 1, DeliveryDates.AddBusinessDays(Today, 5), null, RepromiseReasons.Transport, null, Ct);
        Assert.True(repromised!.Succeeded);
        Assert.Empty(await RisksAsync(order));
        await Risk.RunAsync(Ct);
        Assert.Empty(await RisksAsync(order));
        Assert.Equal(1, await MailsAsync(who.UserId, "may arrive after its promised date"));
        Assert.Equal(1, await MailsAsync(who.UserId, "has a new promised date"));
    }

    [Fact]
    public async Task A_line_is_at_risk_when_a_promised_quantity_is_not_yet_shipped_and_not_when_all_of_it_is()
    {
        var (who, order) = await ConfirmedAsync(DeliveryDates.AddBusinessDays(Today, 1), 6);
        Assert.True((await Desk.ShipAsync(order.Number, who.UserId, "DHL", null, [new QuantityInput(1, 4)], Ct))!.Succeeded);
        await Risk.RunAsync(Ct);
        Assert.Equal(4, Assert.Single(await RisksAsync(order)).Shipped);

        Assert.True((await Desk.ShipAsync(order.Number, who.UserId, "DHL", null, [new QuantityInput(1, 2)], Ct))!.Succeeded);
        await Risk.RunAsync(Ct);
        Assert.Empty(await RisksAsync(order)); // everything promised left: the flag is cleared
    }

    [Fact]
    public async Task A_sites_transit_days_bring_the_ship_by_day_forward()
    {
        var (who, order) = await ConfirmedAsync(DeliveryDates.AddBusinessDays(Today, 3), 2);
        await Risk.RunAsync(Ct);
        Assert.Empty(await RisksAsync(order));

        Assert.Contains("between 0 and 30", (await Risk.SetTransitDaysAsync(who.SiteId, 31, who.UserId, Ct))!.Errors["TransitDays"]);
        Assert.Null(await Risk.SetTransitDaysAsync(Guid.NewGuid(), 3, who.UserId, Ct));
        Assert.True((await Risk.SetTransitDaysAsync(who.SiteId, 3, who.UserId, Ct))!.Succeeded);
        Assert.Equal(3, (await Risk.SitesAsync(who.AccountId, Ct)).Single().TransitDays);
        await Risk.RunAsync(Ct);
        Assert.Single(await RisksAsync(order));
    }

    [Fact]
    public async Task An_accounts_figures_and_late_lines_are_never_another_accounts()
    {
        var (who, order) = await ConfirmedAsync(Today.AddDays(1), 3);
        Advance(2);
        await ShipAndDeliverAsync(order, who.UserId, (1, 3, 3));
        Assert.Equal(1, (await Store.AccountAsync(who.AccountId, Ct)).Last13Weeks.Lines);

        var stranger = await DataSeed.CustomerAsync(db);
        var seen = await Store.AccountAsync(stranger.AccountId, Ct);
        Assert.Equal(0, seen.Last13Weeks.Lines);
        Assert.Equal(0, seen.Last12Months.Lines);
        Assert.Empty(seen.Exceptions);
        Assert.All(await Store.WeeksAsync(stranger.AccountId, Today.AddDays(-30), Today, Ct), w => Assert.Equal(0, w.Sums.Lines));
    }

    [Fact]
    public async Task The_nightly_refresh_writes_only_what_changed_and_a_renamed_account_reaches_its_rows()
    {
        var (who, order) = await ConfirmedAsync(Today.AddDays(1), 5, 3);
        Advance(2);
        await ShipAndDeliverAsync(order, who.UserId, (1, 5, 5), (2, 3, 3));
        var rollup = db.Get<ReliabilityRollup>();
        await rollup.RefreshAllAsync(Ct);
        var figures = (await Store.AccountAsync(who.AccountId, Ct)).Last13Weeks;

        var again = await rollup.RefreshAllAsync(Ct);
        Assert.Equal(0, again.LinesWritten);
        Assert.Equal(0, again.RollupRowsWritten);

        await using (var c = await db.Get<ConnectionFactory>().OpenAsync(Ct))
            await c.ExecuteAsync("UPDATE CustomerAccounts SET Name = @Name WHERE Id = @Id", new { Name = "Renamed Catering Ltd", Id = who.AccountId });
        var renamed = await rollup.RefreshAllAsync(Ct);
        Assert.Equal(2, renamed.LinesWritten); // the account's two lines, nothing else
        var month = LineReliability.MonthStart(Today);
        var ranked = await Store.RankingAsync(ReliabilityDimensions.Account, ReliabilityGrains.Month, month.AddMonths(-1), month, null, Ct);
        Assert.Equal("Renamed Catering Ltd", Assert.Single(ranked, r => r.DimensionKey == who.AccountId.ToString()).Label);
        Assert.Equal(figures, (await Store.AccountAsync(who.AccountId, Ct)).Last13Weeks);
    }

    [Fact]
    public async Task The_figures_of_a_line_that_no_longer_exists_go_and_the_lines_after_it_stay_as_they_are()
    {
        var (who, order) = await ConfirmedAsync(Today.AddDays(1), 5, 3, 2);
        Advance(2);
        await ShipAndDeliverAsync(order, who.UserId, (1, 5, 5), (2, 3, 3), (3, 2, 2));
        var rollup = db.Get<ReliabilityRollup>();
        await rollup.RefreshAllAsync(Ct);
        Assert.Equal(3, (await Store.AccountAsync(who.AccountId, Ct)).Last13Weeks.Lines);

        // the first line is gone: its stored figures come before the lines that remain, which must still match theirs
        await using (var c = await db.Get<ConnectionFactory>().OpenAsync(Ct))
            await c.ExecuteAsync("DELETE FROM OrderLines WHERE OrderId = @Id AND LineNumber = 1", new { order.Id });
        var refreshed = await rollup.RefreshAllAsync(Ct);
        Assert.Equal(1, refreshed.LinesWritten); // the gone line's figures, nothing else
        var figures = (await Store.AccountAsync(who.AccountId, Ct)).Last13Weeks;
        Assert.Equal(2, figures.Lines);
        Assert.Equal(5, figures.Ordered);
        Assert.Equal(0, (await rollup.RefreshAllAsync(Ct)).LinesWritten);
    }

    [Fact]
    public async Task A_line_still_waiting_counts_once_its_date_passes_and_grows_a_day_later_each_night()
    {
        var (who, _) = await ConfirmedAsync(Today.AddDays(1), 4);
        var rollup = db.Get<ReliabilityRollup>();
        await rollup.RefreshAllAsync(Ct);
        Assert.Equal(0, (await Store.AccountAsync(who.AccountId, Ct)).Last13Weeks.Lines); // not yet due

        Advance(3);
        await rollup.RefreshAllAsync(Ct);
        var late = (await Store.AccountAsync(who.AccountId, Ct)).Last13Weeks;
        Assert.Equal(1, late.Lines);
        Assert.Equal(1, late.LateLines);
        Assert.Equal(2, late.DaysLate);

        Advance(1);
        await rollup.RefreshAllAsync(Ct);
        Assert.Equal(3, (await Store.AccountAsync(who.AccountId, Ct)).Last13Weeks.DaysLate);
        Assert.Equal(3, Assert.Single((await Store.AccountAsync(who.AccountId, Ct)).Exceptions).DaysLate);
    }
}

public sealed class ReliabilityFacts_Sqlite(SqliteDatabase db) : ReliabilityFacts(db), IClassFixture<SqliteDatabase>;

public sealed class ReliabilityFacts_SqlServer(SqlServerDatabase db) : ReliabilityFacts(db), IClassFixture<SqlServerDatabase>;
