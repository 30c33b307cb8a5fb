using Dapper;
using Portal.Data.Catalog;
using Portal.Data.Db;
using Portal.Data.Fulfilment;
using Portal.Data.Ordering;

namespace Portal.Tests.Data;

public abstract class FulfilmentFacts(ProviderDatabase db)
{
    private OrderDesk Desk => db.Get<OrderDesk>();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(FactCustomer Who, Order Order)> ConfirmedAsync(params int[] quantities)
    {
        var who = await DataSeed.CustomerAsync(db);
        var products = await DataSeed.ProductsAsync(db, quantities.Length);
        var order = await DataSeed.ConfirmedOrderAsync(db, who, who.UserId, products.Zip(quantities).Select(x => (x.First, x.Second)).ToList());
        return (who, order);
    }

    private async Task<int> ShippedAsync(Order order) => (await Desk.ProgressOfAnyAccountAsync(order.Id, Ct)).Lines.Sum(l => l.Shipped);

    private async Task<IReadOnlyList<string>> NotesAsync(Order order)
    {
        await using var c = await db.Get<ConnectionFactory>().OpenAsync(Ct);
        return (await c.QueryAsync<string>("SELECT Note FROM OrderEvents WHERE OrderId = @Id ORDER BY AtUtc", new { order.Id })).ToList();
    }

    [Fact]
    public async Task The_desk_counts_dates_in_the_accounts_time_zone_not_in_utc()
    {
        // 09:00 UTC on 24 November is still 23 November in Honolulu: that is the account's today
        var who = await DataSeed.CustomerAsync(db);
        await using (var c = await db.Get<ConnectionFactory>().OpenAsync(Ct))
            await c.ExecuteAsync("UPDATE CustomerAccounts SET TimeZone = 'Pacific/Honolulu' WHERE Id = @AccountId", new { who.AccountId });
        var product = (await DataSeed.ProductsAsync(db, 1))[0];
        var order = await DataSeed.SubmittedOrderAsync(db, who, [(product, 2)]);
        var accountToday = new DateOnly(2026, 11, 23);
        Assert.Equal(new DateOnly(2026, 11, 24), DateOnly.FromDateTime(db.Clock.GetUtcNow().UtcDateTime));

        var yesterday = await Desk.ConfirmAsync(order.Number, who.UserId, [new PromiseInput(1, accountToday.AddDays(-1), 2)], Ct);
        Assert.Contains("cannot be in the past", yesterday!.Errors["Line1.PromisedDate"]);
        var confirmed = await Desk.ConfirmAsync(order.Number, who.UserId, [new PromiseInput(1, accountToday, 2)], Ct);
        Assert.True(confirmed!.Succeeded, string.Join(" ", confirmed.Errors.Values));
        Assert.Contains("cannot be in the past",
            (await Desk.RepromiseAsync(order.Number, who.UserId, 1, accountToday.AddDays(-1), 2, RepromiseReasons.Transport, null, Ct))!.Errors["PromisedDate"]);

        Assert.True((await Desk.ShipAsync(order.Number, who.UserId, "DHL", null, [new QuantityInput(1, 2)], Ct))!.Succeeded);
        var shipment = (await Desk.ProgressOfAnyAccountAsync(order.Id, Ct)).Shipments.Single();
        var tomorrowInUtc = await Desk.DeliverAsync(order.Number, who.UserId, shipment.Id, accountToday.AddDays(1), [new QuantityInput(1, 2)], Ct);
        Assert.Contains("in the future", tomorrowInUtc!.Errors["DeliveredDate"]);
        var delivered = await Desk.DeliverAsync(order.Number, who.UserId, shipment.Id, accountToday, [new QuantityInput(1, 2)], Ct);
        Assert.True(delivered!.Succeeded, string.Join(" ", delivered.Errors.Values));
    }

    [Fact]
    public async Task An_orders_progress_read_for_another_account_is_empty()
    {
        var (who, order) = await ConfirmedAsync(3);
        Assert.Single((await Desk.ProgressAsync(who.AccountId, order.Id, Ct)).Lines);
        var stranger = await DataSeed.CustomerAsync(db);
        var seen = await Desk.ProgressAsync(stranger.AccountId, order.Id, Ct);
        Assert.Empty(seen.Lines);
        Assert.Empty(seen.Shipments);
        var (lines, events) = await db.Get<Orders>().DetailsAsync(order with { AccountId = stranger.AccountId }, Ct);
        Assert.Empty(lines);
        Assert.Empty(events);
    }

    [Fact]
    public async Task An_order_is_confirmed_with_a_promise_per_line()
    {
        var (_, order) = await ConfirmedAsync(4, 6);
        Assert.Equal(OrderStatus.Confirmed, order.Status);
        var progress = await Desk.ProgressOfAnyAccountAsync(order.Id, Ct);
        Assert.Equal([4, 6], progress.Lines.Select(l => l.Promise!.Quantity));
        Assert.All(progress.Lines, l => Assert.Equal(new DateOnly(2026, 12, 4), l.Promise!.PromisedDate));
    }

    [Fact]
    public async Task A_partial_shipment_leaves_the_order_partially_shipped_and_the_rest_ships_it()
    {
        var (who, order) = await ConfirmedAsync(10, 2);
        var first = await Desk.ShipAsync(order.Number, who.UserId, "DHL", "T1", [new QuantityInput(1, 4)], Ct);
        Assert.Equal(OrderStatus.PartiallyShipped, first!.Value!.Status);
        var second = await Desk.ShipAsync(order.Number, who.UserId, "DHL", "T2", [new QuantityInput(1, 6), new QuantityInput(2, 2)], Ct);
        Assert.True(second!.Succeeded, string.Join(" ", second.Errors.Values));
        Assert.Equal(OrderStatus.Shipped, second.Value!.Status);
        Assert.Equal(12, await ShippedAsync(order));
    }

    [Fact]
    public async Task A_shipment_of_more_than_is_left_to_ship_is_refused()
    {
        var (who, order) = await ConfirmedAsync(5);
        Assert.True((await Desk.ShipAsync(order.Number, who.UserId, "DHL", null, [new QuantityInput(1, 3)], Ct))!.Succeeded);
        var over = await Desk.ShipAsync(order.Number, who.UserId, "DHL", null, [new QuantityInput(1, 3)], Ct);
        Assert.False(over!.Succeeded);
        Assert.Contains("ship between 0 and the 2 promised and not yet shipped", over.Errors["Line1"]);
        Assert.Equal(3, await ShippedAsync(order));
    }

    [Fact]
    public async Task Partial_shipments_recorded_at_once_never_ship_more_than_was_ordered()
    {
        // 10 ordered, 5 shipped: the status stays "partially shipped" whichever 3-unit shipment wins, so only the
        // version check can stop a second one (before, the check was skipped when the status did not move)
        var (who, order) = await ConfirmedAsync(10);
        Assert.True((await Desk.ShipAsync(order.Number, who.UserId, "DHL", null, [new QuantityInput(1, 5)], Ct))!.Succeeded);

        var outcomes = await DataSeed.AllAtOnceAsync(8, i => Desk.ShipAsync(order.Number, who.UserId, "DHL", $"R{i}", [new QuantityInput(1, 3)], Ct));

        var shipped = await ShippedAsync(order);
        Assert.True(shipped <= 10, $"{shipped} of 10 shipped");
        Assert.Equal(5 + 3 * outcomes.Count(o => o!.Succeeded), shipped);
        Assert.Contains(outcomes, o => o!.Succeeded);
        Assert.All(outcomes.Where(o => !o!.Succeeded), o => Assert.Matches("changed meanwhile|ship between 0 and the 2 promised", o!.Errors.Values.First()));
    }

    [Fact]
    public async Task A_short_delivery_is_recorded_and_the_order_is_delivered_when_every_shipment_has_arrived()
    {
        var (who, order) = await ConfirmedAsync(6, 4);
        await Desk.ShipAsync(order.Number, who.UserId, "DHL", null, [new QuantityInput(1, 6)], Ct);
        await Desk.ShipAsync(order.Number, who.UserId, "UPS", null, [new QuantityInput(2, 4)], Ct);
        var shipments = (await Desk.ProgressOfAnyAccountAsync(order.Id, Ct)).Shipments;
        var today = new DateOnly(2026, 11, 24);

        var shortOne = await Desk.DeliverAsync(order.Number, who.UserId, shipments.Single(s => s.Carrier == "DHL").Id, today, [new QuantityInput(1, 5)], Ct);
        Assert.Equal(OrderStatus.Shipped, shortOne!.Value!.Status);
        var last = await Desk.DeliverAsync(order.Number, who.UserId, shipments.Single(s => s.Carrier == "UPS").Id, today, [new QuantityInput(2, 4)], Ct);
        Assert.Equal(OrderStatus.Delivered, last!.Value!.Status);

        var progress = await Desk.ProgressOfAnyAccountAsync(order.Id, Ct);
        Assert.Equal([5, 4], progress.Lines.Select(l => l.Delivered));
        Assert.Contains(await NotesAsync(order), n => n.Contains("short: line 1 5 of 6"));
        var again = await Desk.DeliverAsync(order.Number, who.UserId, shipments[0].Id, today, [new QuantityInput(1, 1)], Ct);
        Assert.False(again!.Succeeded);
    }

    [Fact]
    public async Task Two_deliveries_recorded_at_once_still_deliver_the_order()
    {
        var (who, order) = await ConfirmedAsync(2, 2);
        await Desk.ShipAsync(order.Number, who.UserId, "DHL", null, [new QuantityInput(1, 2)], Ct);
        await Desk.ShipAsync(order.Number, who.UserId, "UPS", null, [new QuantityInput(2, 2)], Ct);
        var shipments = (await Desk.ProgressOfAnyAccountAsync(order.Id, Ct)).Shipments;
        var today = new DateOnly(2026, 11, 24);

        var outcomes = await DataSeed.AllAtOnceAsync(2, i => Desk.DeliverAsync(order.Number, who.UserId, shipments[i].Id, today, [new QuantityInput(i + 1, 2)], Ct));
        // whichever lost is told to look again and records it again; the order then ends delivered, never stuck at shipped
        foreach (var (outcome, i) in outcomes.Select((o, i) => (o, i)).Where(x => !x.o!.Succeeded))
        {
            Assert.Contains("changed meanwhile", outcome!.Errors.Values.First());
            Assert.True((await Desk.DeliverAsync(order.Number, who.UserId, shipments[i].Id, today, [new QuantityInput(i + 1, 2)], Ct))!.Succeeded);
        }
        Assert.Equal(OrderStatus.Delivered, (await Desk.GetAsync(order.Number, Ct))!.Status);
    }

    [Fact]
    public async Task Shipping_an_order_of_hundreds_of_lines_keeps_its_note_within_the_column()
    {
        // OrderEvents.Note is nvarchar(2000): SQL Server refuses a longer note, and the desk could not ship the order
        var (who, order) = await ConfirmedAsync(Enumerable.Repeat(3, 300).ToArray());
        var shipped = await Desk.ShipAsync(order.Number, who.UserId, "DHL", "TRACK-1", Enumerable.Range(1, 300).Select(n => new QuantityInput(n, 3)).ToList(), Ct);
        Assert.True(shipped!.Succeeded, string.Join(" ", shipped.Errors.Values));

        var note = (await NotesAsync(order)).Last();
        Assert.InRange(note.Length, 100, Portal.Data.TextLimits.OrderEvents.Note);
        Assert.StartsWith("Dispatched with DHL, tracking TRACK-1: line 1 × 3, line 2 × 3", note);
        Assert.Matches(@", and \d+ more lines\.$", note);
    }

    [Fact]
    public async Task Partially_shipped_orders_are_to_ship_and_partially_delivered_ones_await_delivery_in_the_counts_and_the_queue()
    {
        var who = await DataSeed.CustomerAsync(db);
        var products = await DataSeed.ProductsAsync(db, 2);
        var today = new DateOnly(2026, 11, 24);
        async Task<Order> Confirmed() => await DataSeed.ConfirmedOrderAsync(db, who, who.UserId, [(products[0], 2), (products[1], 2)]);
        async Task<Guid> Ship(Order o, int line) =>
            (await Desk.ShipAsync(o.Number, who.UserId, "DHL", null, [new QuantityInput(line, 2)], Ct))!.Succeeded
                ? (await Desk.ProgressOfAnyAccountAsync(o.Id, Ct)).Shipments.Last().Id : throw new InvalidOperationException("not shipped");
        async Task Deliver(Order o, Guid shipment, int line) =>
            Assert.True((await Desk.DeliverAsync(o.Number, who.UserId, shipment, today, [new QuantityInput(line, 2)], Ct))!.Succeeded);

        var submitted = await DataSeed.SubmittedOrderAsync(db, who, [(products[0], 1)]);
        var confirmed = await Confirmed();
        var onItsWay = await Confirmed();                // partially shipped, the shipment on its way
        await Ship(onItsWay, 1);
        var partlyArrived = await Confirmed();           // partially shipped, what was shipped has arrived
        await Deliver(partlyArrived, await Ship(partlyArrived, 1), 1);
        var partlyDelivered = await Confirmed();         // shipped, one of its two shipments delivered
        await Deliver(partlyDelivered, await Ship(partlyDelivered, 1), 1);
        await Ship(partlyDelivered, 2);
        var delivered = await Confirmed();               // done: in no queue
        var first = await Ship(delivered, 1);
        var second = await Ship(delivered, 2);
        await Deliver(delivered, first, 1);
        await Deliver(delivered, second, 2);
        Assert.Equal(OrderStatus.Delivered, (await Desk.GetAsync(delivered.Number, Ct))!.Status);
        Assert.Equal(OrderStatus.Shipped, (await Desk.GetAsync(partlyDelivered.Number, Ct))!.Status);

        var counts = await Desk.CountsAsync(who.AccountId, Ct);
        Assert.Equal(new DeskCounts { ToConfirm = 1, CreditHold = 0, ToShip = 3, AwaitingDelivery = 2 }, counts);

        async Task<string[]> Listed(string queue) =>
            (await Desk.QueueAsync(new OrderDeskFilter(who.AccountId, queue, null, null, null), Ct)).Items.Select(o => o.Number).Order().ToArray();
        Assert.Equal(new[] { confirmed.Number, onItsWay.Number, partlyArrived.Number }.Order(), await Listed(DeskQueues.ToShip));
        Assert.Equal(new[] { onItsWay.Number, partlyDelivered.Number }.Order(), await Listed(DeskQueues.AwaitingDelivery));
        Assert.Equal([submitted.Number], await Listed(DeskQueues.ToConfirm));
        // the counts of every account include this one's
        Assert.True((await Desk.CountsAsync(null, Ct)).ToShip >= 3);
    }

    [Fact]
    public async Task A_repromise_of_the_date_alone_keeps_the_quantity_promised()
    {
        var (who, order) = await ConfirmedAsync(6, 4);
        var date = new DateOnly(2026, 12, 10);
        Assert.True((await Desk.RepromiseAsync(order.Number, who.UserId, 2, null, 3, RepromiseReasons.SupplierStockOut, null, Ct))!.Succeeded);
        var moved = await Desk.RepromiseAsync(order.Number, who.UserId, 2, date, null, RepromiseReasons.Transport, null, Ct);
        Assert.True(moved!.Succeeded, string.Join(" ", moved.Errors.Values));

        var lines = (await Desk.ProgressOfAnyAccountAsync(order.Id, Ct)).Lines;
        Assert.Equal((3, date), (lines[1].Promise!.Quantity, lines[1].Promise!.PromisedDate));
        Assert.Equal((6, new DateOnly(2026, 12, 4)), (lines[0].Promise!.Quantity, lines[0].Promise!.PromisedDate));
        var unchanged = await Desk.RepromiseAsync(order.Number, who.UserId, 2, date, 3, RepromiseReasons.Transport, null, Ct);
        Assert.Contains("change the date or the quantity", unchanged!.Errors["PromisedDate"]);
    }

    [Fact]
    public async Task A_shipment_never_carries_more_than_is_promised_and_everything_promised_shipped_is_shipped()
    {
        var (who, order) = await ConfirmedAsync(10);
        Assert.True((await Desk.RepromiseAsync(order.Number, who.UserId, 1, null, 6, RepromiseReasons.SupplierStockOut, null, Ct))!.Succeeded);
        Assert.Equal(6, (await Desk.ProgressOfAnyAccountAsync(order.Id, Ct)).Lines[0].PromisedToShip);

        var over = await Desk.ShipAsync(order.Number, who.UserId, "DHL", null, [new QuantityInput(1, 7)], Ct);
        Assert.Contains("ship between 0 and the 6 promised and not yet shipped", over!.Errors["Line1"]);
        Assert.Equal(0, await ShippedAsync(order));
        var shipped = await Desk.ShipAsync(order.Number, who.UserId, "DHL", null, [new QuantityInput(1, 6)], Ct);
        Assert.Equal(OrderStatus.Shipped, shipped!.Value!.Status);
        Assert.Equal(0, (await Desk.ProgressOfAnyAccountAsync(order.Id, Ct)).Lines[0].PromisedToShip);
    }

    [Fact]
    public async Task A_page_number_far_past_the_end_of_the_desk_queue_is_an_empty_page()
    {
        await ConfirmedAsync(1);
        var page = await Desk.QueueAsync(new OrderDeskFilter(null, null, null, null, null, int.MaxValue, 50), Ct);
        Assert.Empty(page.Items);
        Assert.True(page.Total >= 1);
        Assert.Equal(int.MaxValue, page.Number);
    }
}

public sealed class FulfilmentFacts_Sqlite(SqliteDatabase db) : FulfilmentFacts(db), IClassFixture<SqliteDatabase>
{
    private async Task<string> PlanAsync(string sql, object args)
    {
        await using var c = await db.Get<ConnectionFactory>().OpenAsync(TestContext.Current.CancellationToken);
        var rows = await c.QueryAsync("EXPLAIN QUERY PLAN " + sql, args);
        return string.Join("\n", rows.Select(r => (string)((IDictionary<string, object>)r)["detail"]));
    }

    [Fact]
    public async Task The_desk_queue_and_deliveries_are_read_through_indexes()
    {
        var sql = db.Get<FulfilmentSql>();
        var queue = await PlanAsync(sql.Queue, new { AccountId = (Guid?)null, Status = (string?)null, RequestedFrom = (DateOnly?)null, RequestedTo = (DateOnly?)null, WaitingSince = (DateTimeOffset?)null, Skip = 0L, Take = 50 });
        Assert.DoesNotContain("TEMP B-TREE FOR ORDER BY", queue);
        Assert.Contains("IX_Orders_Created", queue);
        var counts = await PlanAsync(sql.QueueCounts, new { AccountId = (Guid?)null });
        Assert.Contains("IX_Orders_Status_Created", counts);
        Assert.Contains("UX_Deliveries_Shipment", counts);
        var deliveries = await PlanAsync(sql.DeliveryLinesOfOrder, new { OrderId = Guid.NewGuid() });
        Assert.Contains("IX_Deliveries_Order", deliveries);
    }
}

public sealed class FulfilmentFacts_SqlServer(SqlServerDatabase db) : FulfilmentFacts(db), IClassFixture<SqlServerDatabase>;
