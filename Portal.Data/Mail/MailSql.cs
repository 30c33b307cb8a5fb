namespace Portal.Data.Mail;

public class MailSql(SqlDialect dialect) : ISqlStatements
{
    public virtual string Insert => """
        INSERT INTO MailOutbox (Id, ToAddress, Subject, HtmlBody, CreatedUtc, Attempts)
        VALUES (@Id, @ToAddress, @Subject, @HtmlBody, @CreatedUtc, 0)
        """;

    private const string Due = "SentUtc IS NULL AND Attempts < @MaxAttempts AND (ClaimedUntilUtc IS NULL OR ClaimedUntilUtc < @Now)";

    public virtual string DueIds => $"""
        SELECT Id FROM MailOutbox
        WHERE {Due}
        ORDER BY CreatedUtc
        {dialect.Page}
        """;

    /// <summary>Claims one message for a while; only one worker can win the claim.</summary>
    public virtual string Claim => $"""
        UPDATE MailOutbox SET ClaimedUntilUtc = @ClaimedUntilUtc, ClaimToken = NULL, Attempts = Attempts + 1
        WHERE Id = @Id AND {Due}
        """;

    /// <summary>
    /// Claims up to @Take waiting messages, oldest first, under @ClaimToken. Each row is checked again as it is updated, so
    /// two drains at once claim disjoint batches: a message the other drain took is no longer due.
    /// </summary>
    public virtual string ClaimBatch => $"""
        UPDATE MailOutbox SET ClaimToken = @ClaimToken, ClaimedUntilUtc = @ClaimedUntilUtc, Attempts = Attempts + 1
        WHERE Id IN (SELECT Id FROM MailOutbox WHERE {Due} ORDER BY CreatedUtc {dialect.Page})
          AND {Due}
        """;

    private const string Columns = "Id, ToAddress, Subject, HtmlBody, CreatedUtc, SentUtc, Attempts, LastError";

    public virtual string Claimed => $"SELECT {Columns} FROM MailOutbox WHERE ClaimToken = @ClaimToken ORDER BY CreatedUtc";
    public virtual string ById => $"SELECT {Columns} FROM MailOutbox WHERE Id = @Id";
    public virtual string MarkSent => "UPDATE MailOutbox SET SentUtc = @SentUtc, ClaimedUntilUtc = NULL, ClaimToken = NULL, LastError = NULL WHERE Id = @Id";
    public virtual string MarkFailed => "UPDATE MailOutbox SET ClaimedUntilUtc = NULL, ClaimToken = NULL, LastError = @LastError WHERE Id = @Id";

    /// <summary>Gives back a claimed message that was not tried (the batch stopped before it), as if it had not been claimed.</summary>
    public virtual string Release => """
        UPDATE MailOutbox SET ClaimedUntilUtc = NULL, ClaimToken = NULL, Attempts = Attempts - 1
        WHERE Id = @Id AND ClaimToken = @ClaimToken AND SentUtc IS NULL
        """;

    /// <summary>Messages queued since @Since: how many, and how many of them are sent (the benchmark's mail figures).</summary>
    public virtual string Progress => """
        SELECT COUNT(*) AS Queued, COALESCE(SUM(CASE WHEN SentUtc IS NULL THEN 0 ELSE 1 END), 0) AS Sent
        FROM MailOutbox WHERE CreatedUtc >= @Since
        """;
}
