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

    /// <summary>
    /// <see cref="BeginWriteAsync"/> for a transaction that writes a large batch (the replenishment job's): on SQLite the
    /// connection keeps up to 64 MB of the file's pages in memory for it instead of spilling them to the log half-way
    /// (the next open of the pooled connection sets the default again).
    /// </summary>
    public virtual Task<DbTransaction> BeginBatchWriteAsync(DbConnection connection, CancellationToken cancellationToken = default) =>
        BeginWriteAsync(connection, cancellationToken);

    /// <summary>
    /// Readies a connection for reading a large part of the database front to back (the nightly refresh's scans): on
    /// SQLite the file is read through memory mapping, not a system call per page (reset on the next open).
    /// </summary>
    public virtual Task ForLongReadAsync(DbConnection connection, CancellationToken cancellationToken = default) => Task.CompletedTask;

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

    public override async Task<DbTransaction> BeginBatchWriteAsync(DbConnection connection, CancellationToken cancellationToken = default)
    {
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = $"PRAGMA cache_size = {BatchCacheSize};";
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        return await BeginWriteAsync(connection, cancellationToken);
    }

    public override async Task ForLongReadAsync(DbConnection connection, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA mmap_size = {LongReadMapSize}; PRAGMA cache_size = {BatchCacheSize};";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Up to 4 GiB of the file mapped for a long read (SQLite maps no more than the file's size).</summary>
    private const long LongReadMapSize = 4L << 30;

    /// <summary>Page cache sizes in KiB (negative: SQLite's unit for "KiB"): SQLite's default, and for a batch write.</summary>
    private const int DefaultCacheSize = -2000, BatchCacheSize = -65536;

    // foreign_keys is switched on by the connection string; WAL is persistent and set by the migrator. The page cache is
    // set back to the default on every open, as a pooled connection may come from a batch write (and memory mapping off,
    // as it may come from a long read).
    protected override async Task OnOpenedAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL; PRAGMA cache_size = {DefaultCacheSize}; PRAGMA mmap_size = 0;";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

public sealed class SqlServerConnectionFactory(string connectionString) : ConnectionFactory(connectionString)
{
    public override DatabaseProvider Provider => DatabaseProvider.SqlServer;

    protected override DbConnection Create() => new SqlConnection(ConnectionString);
}
