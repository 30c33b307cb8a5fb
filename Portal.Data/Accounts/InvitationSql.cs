namespace Portal.Data.Accounts;

public class InvitationSql(SqlDialect dialect) : ISqlStatements
{
    protected SqlDialect Dialect { get; } = dialect;

    private const string Columns = """
        i.Id, i.AccountId, i.Email, i.DisplayName, i.Roles, i.SiteId, s.Name AS SiteName, i.CreatedUtc, i.ExpiresUtc, i.AcceptedUtc, i.RevokedUtc,
        inv.DisplayName AS InvitedBy
        """;

    private const string From = """
        FROM Invitations i
        LEFT JOIN Sites s ON s.Id = i.SiteId
        LEFT JOIN Users inv ON inv.Id = i.InvitedByUserId
        """;

    public virtual string Insert => """
        INSERT INTO Invitations (Id, AccountId, Email, NormalizedEmail, DisplayName, Roles, SiteId, TokenHash, CreatedUtc, ExpiresUtc, InvitedByUserId)
        VALUES (@Id, @AccountId, @Email, @NormalizedEmail, @DisplayName, @Roles, @SiteId, @TokenHash, @CreatedUtc, @ExpiresUtc, @InvitedByUserId)
        """;

    public virtual string ByTokenHash => $"SELECT {Columns} {From} WHERE i.TokenHash = @TokenHash";

    public virtual string PendingOfAccount => $"""
        SELECT {Columns} {From}
        WHERE i.AccountId = @AccountId AND i.AcceptedUtc IS NULL AND i.RevokedUtc IS NULL
        ORDER BY i.CreatedUtc DESC
        """;

    public virtual string PendingOfSupplier => $"""
        SELECT {Columns} {From}
        WHERE i.AccountId IS NULL AND i.AcceptedUtc IS NULL AND i.RevokedUtc IS NULL
        ORDER BY i.CreatedUtc DESC
        """;

    /// <summary>Withdraws the account's earlier open invitations to the same address when it sends a new one (never another account's).</summary>
    public virtual string RevokeOpenForEmailOfAccount => """
        UPDATE Invitations SET RevokedUtc = @Now
        WHERE NormalizedEmail = @NormalizedEmail AND AccountId = @AccountId AND AcceptedUtc IS NULL AND RevokedUtc IS NULL
        """;

    /// <summary>Withdraws the supplier's earlier open staff invitations to the same address when it sends a new one.</summary>
    public virtual string RevokeOpenForEmailOfSupplier => """
        UPDATE Invitations SET RevokedUtc = @Now
        WHERE NormalizedEmail = @NormalizedEmail AND AccountId IS NULL AND AcceptedUtc IS NULL AND RevokedUtc IS NULL
        """;

    public virtual string RevokeOfAccount => """
        UPDATE Invitations SET RevokedUtc = @Now
        WHERE Id = @Id AND AccountId = @AccountId AND AcceptedUtc IS NULL AND RevokedUtc IS NULL
        """;

    public virtual string RevokeOfSupplier => """
        UPDATE Invitations SET RevokedUtc = @Now
        WHERE Id = @Id AND AccountId IS NULL AND AcceptedUtc IS NULL AND RevokedUtc IS NULL
        """;

    /// <summary>Takes the invitation for one acceptance only: a second click, a replay or a race finds nothing to claim.</summary>
    public virtual string Claim => """
        UPDATE Invitations SET AcceptedUtc = @Now
        WHERE Id = @Id AND AcceptedUtc IS NULL AND RevokedUtc IS NULL AND ExpiresUtc > @Now
        """;

    public virtual string Unclaim => "UPDATE Invitations SET AcceptedUtc = NULL WHERE Id = @Id AND AcceptedUserId IS NULL";
    public virtual string SetAcceptedUser => "UPDATE Invitations SET AcceptedUserId = @UserId WHERE Id = @Id";
}
