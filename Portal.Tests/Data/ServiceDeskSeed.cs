using Dapper;
using Portal.Data.Db;
using Portal.Data.Service;

namespace Portal.Tests.Data;

/// <summary>
/// Requests made with plain inserts (the request code lives in the tickets lane): the row, its 'New' status change and its
/// clocks recomputed, as the raising path leaves them; and the supplier's staff the escalation e-mails go to.
/// </summary>
public static class ServiceDeskSeed
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<(Guid Id, string Number)> RequestAsync(ProviderDatabase db, Guid accountId, Guid? requesterId, string priority = TicketPriority.Urgent,
        Guid? assigneeId = null, DateTimeOffset? createdUtc = null, string queue = TicketQueueCode.General)
    {
        var id = Guid.NewGuid();
        var number = "R-" + DataSeed.Tag();
        var created = createdUtc ?? db.Clock.GetUtcNow();
        await using var c = await db.Get<ConnectionFactory>().OpenAsync(Ct);
        await c.ExecuteAsync("""
            INSERT INTO Tickets (Id, Number, AccountId, Kind, QueueId, Subject, Status, Priority, Impact, RequesterUserId, AssigneeUserId, CreatedUtc, UpdatedUtc)
            SELECT @Id, @Number, @AccountId, 'Other', Id, 'Short delivery', 'New', @Priority, 'Major', @RequesterId, @AssigneeId, @Created, @Created
            FROM TicketQueues WHERE Code = @Queue
            """, new { Id = id, Number = number, AccountId = accountId, Priority = priority, RequesterId = requesterId, AssigneeId = assigneeId, Created = created, Queue = queue });
        await c.ExecuteAsync("INSERT INTO TicketStatusChanges (Id, TicketId, FromStatus, ToStatus, AtUtc) VALUES (@Id, @TicketId, NULL, 'New', @Created)",
            new { Id = Guid.NewGuid(), TicketId = id, Created = created });
        await db.Get<TicketClocks>().RecomputeAsync(c, null, id, ct: Ct);
        return (id, number);
    }

    /// <summary>A status change as the request code makes it (resolution also sets ResolvedUtc), with the clocks recomputed.</summary>
    public static async Task ChangeStatusAsync(ProviderDatabase db, Guid ticketId, string from, string to)
    {
        var now = db.Clock.GetUtcNow();
        await using var c = await db.Get<ConnectionFactory>().OpenAsync(Ct);
        await c.ExecuteAsync("""
            UPDATE Tickets SET Status = @To, UpdatedUtc = @Now,
                ResolvedUtc = CASE WHEN @To = 'Resolved' THEN @Now WHEN @To IN ('New', 'Open') THEN NULL ELSE ResolvedUtc END
            WHERE Id = @Id
            """, new { Id = ticketId, To = to, Now = now });
        await c.ExecuteAsync("INSERT INTO TicketStatusChanges (Id, TicketId, FromStatus, ToStatus, AtUtc) VALUES (@Id, @TicketId, @From, @To, @Now)",
            new { Id = Guid.NewGuid(), TicketId = ticketId, From = from, To = to, Now = now });
        await db.Get<TicketClocks>().RecomputeAsync(c, null, ticketId, ct: Ct);
    }

    /// <summary>A member of the supplier's staff with one role; returns the id and e-mail address.</summary>
    public static async Task<(Guid Id, string Email)> StaffAsync(ProviderDatabase db, string role)
    {
        var id = Guid.NewGuid();
        var email = $"{role.ToLowerInvariant()}-{DataSeed.Tag().ToLowerInvariant()}@supplier.test";
        await using var c = await db.Get<ConnectionFactory>().OpenAsync(Ct);
        await c.ExecuteAsync("""
            INSERT INTO Users (Id, AccountId, SiteId, DisplayName, UserName, NormalizedUserName, Email, NormalizedEmail, EmailConfirmed, CreatedUtc)
            VALUES (@Id, NULL, NULL, @Role, @Email, @Normal, @Email, @Normal, 1, @Now)
            """, new { Id = id, Role = role, Email = email, Normal = email.ToUpperInvariant(), Now = db.Clock.GetUtcNow() });
        await c.ExecuteAsync("INSERT INTO UserRoles (UserId, RoleId) SELECT @Id, Id FROM Roles WHERE Name = @Role", new { Id = id, Role = role });
        return (id, email);
    }

    /// <summary>Another user of a customer account.</summary>
    public static async Task<Guid> CustomerUserAsync(ProviderDatabase db, Guid accountId)
    {
        var id = Guid.NewGuid();
        var email = $"colleague-{DataSeed.Tag().ToLowerInvariant()}@facts.test";
        await using var c = await db.Get<ConnectionFactory>().OpenAsync(Ct);
        await c.ExecuteAsync("""
            INSERT INTO Users (Id, AccountId, SiteId, DisplayName, UserName, NormalizedUserName, Email, NormalizedEmail, EmailConfirmed, CreatedUtc)
            VALUES (@Id, @AccountId, NULL, 'Colleague', @Email, @Normal, @Email, @Normal, 1, @Now)
            """, new { Id = id, AccountId = accountId, Email = email, Normal = email.ToUpperInvariant(), Now = db.Clock.GetUtcNow() });
        return id;
    }

    /// <summary>Subjects of the e-mails queued to an address.</summary>
    public static async Task<IReadOnlyList<string>> MailsToAsync(ProviderDatabase db, string address)
    {
        await using var c = await db.Get<ConnectionFactory>().OpenAsync(Ct);
        return (await c.QueryAsync<string>("SELECT Subject FROM MailOutbox WHERE ToAddress = @Address ORDER BY CreatedUtc", new { Address = address })).ToList();
    }
}
