namespace Portal.Data.Db;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
}

/// <summary>
/// The one provider switch (<c>Database:Provider</c>) and the connection string (<c>ConnectionStrings:Portal</c>).
/// </summary>
public sealed record DatabaseOptions(DatabaseProvider Provider, string ConnectionString)
{
    /// <summary>The embedded database used when no connection string is given.</summary>
    public const string DefaultSqliteFile = "App_Data/portal.db";

    /// <summary>
    /// Reads the provider name and connection string; a relative SQLite file is placed under <paramref name="contentRoot"/>.
    /// </summary>
    public static DatabaseOptions From(string? provider, string? connectionString, string contentRoot)
    {
        var kind = string.IsNullOrWhiteSpace(provider)
            ? DatabaseProvider.Sqlite
            : Enum.TryParse<DatabaseProvider>(provider, ignoreCase: true, out var parsed)
                ? parsed
                : throw new InvalidOperationException(
                    $"Database:Provider '{provider}' is not known; use 'Sqlite' or 'SqlServer'.");

        if (kind == DatabaseProvider.SqlServer)
        {
            if (string.IsNullOrWhiteSpace(connectionString))
                throw new InvalidOperationException(
                    "Database:Provider is SqlServer but ConnectionStrings:Portal is empty.");
            return new(kind, connectionString);
        }

        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(
            string.IsNullOrWhiteSpace(connectionString) ? $"Data Source={DefaultSqliteFile}" : connectionString);
        if (!Path.IsPathRooted(builder.DataSource) && builder.DataSource != ":memory:")
            builder.DataSource = Path.GetFullPath(Path.Combine(contentRoot, builder.DataSource));
        builder.ForeignKeys = true;
        builder.Pooling = true;
        if (builder.DefaultTimeout < 30) builder.DefaultTimeout = 30;
        return new(kind, builder.ToString());
    }
}
