using Microsoft.Data.Sqlite;
using Microsoft.Data.SqlClient;

namespace Portal.Data.Db;

/// <summary>Opens connections to the configured database. The only type that knows which ADO.NET provider is used.</summary>
public abstract class ConnectionFactory(string connectionString)
{
    public string ConnectionString { get; } = connectionString;

    public abstract DatabaseProvider Provider { get; }

    protected abstract DbConnection Create();

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        var connection = Create();
        try
        {
            await connection.OpenAsync(cancellationToken);
            await OnOpenedAsync(connection, cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// A transaction that will write: on SQLite it takes the write lock at once (BEGIN IMMEDIATE), so a read inside it
    /// cannot be overtaken by another writer before this one writes; SQL Server takes its locks as statements ask.
    /// </summary>
    public virtual async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken = default) =>
        await connection.BeginTransactionAsync(cancellationToken);

    protected virtual Task OnOpenedAsync(DbConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>False when the database's storage has gone (an embedded file deleted under the running portal).</summary>
    public virtual bool StorageIsPresent => true;

    public static ConnectionFactory For(DatabaseOptions options) => options.Provider switch
    {
        DatabaseProvider.Sqlite => new SqliteConnectionFactory(options.ConnectionString),
        DatabaseProvider.SqlServer => new SqlServerConnectionFactory(options.ConnectionString),
        _ => throw new ArgumentOutOfRangeException(nameof(options)),
    };
}

public sealed class SqliteConnectionFactory(string connectionString) : ConnectionFactory(connectionString)
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override DbConnection Create() => new SqliteConnection(ConnectionString);

    public override Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken = default) =>
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));
    // opening a missing file would quietly create a new, empty one; the file must still be there
    public override bool StorageIsPresent =>
        new SqliteConnectionStringBuilder(ConnectionString) is var b && (b.Mode == SqliteOpenMode.Memory || b.DataSource is ":memory:" or "" || File.Exists(b.DataSource));

    // foreign_keys is switched on by the connection string; WAL is persistent and set by the migrator.
    protected override async Task OnOpenedAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL;";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

public sealed class SqlServerConnectionFactory(string connectionString) : ConnectionFactory(connectionString)
{
    public override DatabaseProvider Provider => DatabaseProvider.SqlServer;

    protected override DbConnection Create() => new SqlConnection(ConnectionString);
}
