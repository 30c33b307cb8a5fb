using Dapper;
using Portal.Data.Db;
using Portal.Data.Service;

namespace Portal.Tests.Data;

/// <summary>A request's SLA clocks read from a real database: the stored calendar, the seeded policies and its status changes.</summary>
public sealed class TicketClockFacts : IAsyncLifetime
{
    private readonly SqliteDatabase db = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => db.InitializeAsync();
    public ValueTask DisposeAsync() => db.DisposeAsync();

    [Fact]
    public async Task A_normal_request_waiting_on_the_customer_keeps_its_resolution_due_open_and_stores_the_first_response_due()
    {
        var customer = await DataSeed.CustomerAsync(db);
        var created = new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero); // Monday 09:00 in London (GMT)
        var ticketId = Guid.NewGuid();
        await using var c = await db.Get<ConnectionFactory>().OpenAsync(Ct);
        await c.ExecuteAsync("""
            INSERT INTO Tickets (Id, Number, AccountId, Kind, QueueId, Subject, Status, Priority, Impact, CreatedUtc, UpdatedUtc)
            SELECT @Id, @Number, @AccountId, 'Other', Id, 'Where is it?', 'WaitingOnCustomer', 'Normal', 'Minor', @Created, @Created
            FROM TicketQueues WHERE Code = 'General'
            """, new { Id = ticketId, Number = "R-" + DataSeed.Tag(), customer.AccountId, Created = created });
        await c.ExecuteAsync("""
            INSERT INTO TicketStatusChanges (Id, TicketId, FromStatus, ToStatus, AtUtc) VALUES
                (@A, @TicketId, NULL, 'New', @Created), (@B, @TicketId, 'New', 'WaitingOnCustomer', @Waiting)
            """, new { A = Guid.NewGuid(), B = Guid.NewGuid(), TicketId = ticketId, Created = created, Waiting = created.AddHours(2) });
        db.Clock.SetUtcNow(created.AddDays(1));

        var readings = await db.Get<TicketClocks>().RecomputeAsync(c, null, ticketId, ct: Ct);

        // Normal: first response within 8.5 business hours, resolution within 42.5; two hours ran before the wait
        Assert.NotNull(readings);
        Assert.Equal(TimeSpan.FromHours(2), readings.Resolution.Used);
        Assert.False(readings.Resolution.Running);
        var stored = await c.QuerySingleAsync<(string? FirstDue, string? ResolutionDue)>(
            "SELECT FirstResponseDueUtc, ResolutionDueUtc FROM Tickets WHERE Id = @Id", new { Id = ticketId });
        Assert.Null(stored.ResolutionDue);
        Assert.Null(stored.FirstDue); // waiting on the customer stops the first-response clock as well
    }
    [Fact]
    public async Task Due_and_warning_instants_are_stored_in_local_working_hours_after_the_summer_time_change()
    {
        var customer = await DataSeed.CustomerAsync(db);
        var created = new DateTimeOffset(2027, 3, 26, 17, 0, 0, TimeSpan.Zero); // Fri 26 Mar 2027 17:00 GMT: half an hour left that day
        var (id, _) = await ServiceDeskSeed.RequestAsync(db, customer.AccountId, customer.UserId, TicketPriority.Normal, createdUtc: created);
        db.Clock.SetUtcNow(new DateTimeOffset(2027, 3, 29, 8, 30, 0, TimeSpan.Zero)); // Mon 09:30 BST (summer time began Sunday): an hour used

        await using var c = await db.Get<ConnectionFactory>().OpenAsync(Ct);
        var readings = await db.Get<TicketClocks>().RecomputeAsync(c, null, id, ct: Ct);

        Assert.Equal(TimeSpan.FromHours(1), readings!.FirstResponse.Used);
        // Normal: first response within 8.5 business hours, so 7.5 more from 09:30 BST: 17:00 BST (16:00 UTC); 80% (6.8 h) at 15:18 BST
        Assert.Equal(new DateTimeOffset(2027, 3, 29, 16, 0, 0, TimeSpan.Zero),
            await c.ExecuteScalarAsync<DateTimeOffset>("SELECT FirstResponseDueUtc FROM Tickets WHERE Id = @Id", new { Id = id }));
        Assert.Equal(new DateTimeOffset(2027, 3, 29, 14, 18, 0, TimeSpan.Zero),
            await c.ExecuteScalarAsync<DateTimeOffset>("SELECT FirstResponseWarnUtc FROM Tickets WHERE Id = @Id", new { Id = id }));
    }
}
