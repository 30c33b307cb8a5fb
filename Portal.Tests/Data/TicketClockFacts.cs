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
}
