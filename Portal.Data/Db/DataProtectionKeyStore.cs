namespace Portal.Data.Db;

public class DataProtectionSql(SqlDialect dialect) : ISqlStatements
{
    protected SqlDialect Dialect { get; } = dialect;

    public virtual string All => "SELECT Xml FROM DataProtectionKeys ORDER BY Id";

    public virtual string Insert => "INSERT INTO DataProtectionKeys (FriendlyName, Xml, CreatedUtc) VALUES (@FriendlyName, @Xml, @CreatedUtc)";
}

/// <summary>
/// The ASP.NET Core data-protection key ring, kept in the database so that every web node of a farm protects and
/// unprotects sign-in cookies and form tokens with the same keys. Keys are only ever added (the key manager marks old
/// ones expired or revoked by adding more XML), so the store needs no update or delete.
/// </summary>
public sealed class DataProtectionKeyStore(ConnectionFactory db, DataProtectionSql sql, TimeProvider clock)
{
    // The key manager calls these synchronously (IXmlRepository has no async members), rarely: at start-up, once a day,
    // and when a key rolls over.
    public IReadOnlyList<string> All()
    {
        using var c = db.OpenAsync().GetAwaiter().GetResult();
        return c.Query<string>(sql.All).ToList();
    }

    public void Add(string? friendlyName, string xml)
    {
        using var c = db.OpenAsync().GetAwaiter().GetResult();
        c.Execute(sql.Insert, new { FriendlyName = friendlyName, Xml = xml, CreatedUtc = clock.GetUtcNow() });
    }
}
