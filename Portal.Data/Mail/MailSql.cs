namespace Portal.Data.Mail;

public class MailSql(SqlDialect dialect) : ISqlStatements
{
    public virtual string Insert => """
        INSERT INTO MailOutbox (Id, ToAddress, Subject, HtmlBody, CreatedUtc, Attempts)
        VALUES (@Id, @ToAddress, @Subject, @HtmlBody, @CreatedUtc, 0)
        """;

    public virtual string DueIds => $"""
        SELECT Id FROM MailOutbox
        WHERE SentUtc IS NULL AND Attempts < @MaxAttempts AND (ClaimedUntilUtc IS NULL OR ClaimedUntilUtc < @Now)
        ORDER BY CreatedUtc
        {dialect.Page}
        """;

    /// <summary>Claims one message for a while; only one worker can win the claim.</summary>
    public virtual string Claim => """
        UPDATE MailOutbox SET ClaimedUntilUtc = @ClaimedUntilUtc, Attempts = Attempts + 1
        WHERE Id = @Id AND SentUtc IS NULL AND Attempts < @MaxAttempts AND (ClaimedUntilUtc IS NULL OR ClaimedUntilUtc < @Now)
        """;

    public virtual string ById => "SELECT Id, ToAddress, Subject, HtmlBody, CreatedUtc, SentUtc, Attempts, LastError FROM MailOutbox WHERE Id = @Id";
    public virtual string MarkSent => "UPDATE MailOutbox SET SentUtc = @SentUtc, ClaimedUntilUtc = NULL, LastError = NULL WHERE Id = @Id";
    public virtual string MarkFailed => "UPDATE MailOutbox SET ClaimedUntilUtc = NULL, LastError = @LastError WHERE Id = @Id";
}
