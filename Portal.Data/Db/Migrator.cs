using System.Reflection;
using DbUp;
using DbUp.Builder;
using DbUp.Engine;
using DbUp.Engine.Output;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Portal.Data.Db;

/// <summary>Runs the numbered scripts of <c>sql/sqlite</c> or <c>sql/sqlserver</c> (embedded in this assembly) with DbUp.</summary>
public sealed class Migrator(DatabaseOptions options, ILogger<Migrator> logger)
{
    public static string ResourcePrefix(DatabaseProvider provider) =>
        provider == DatabaseProvider.Sqlite ? "sqlite/" : "sqlserver/";

    /// <summary>The script names (for example <c>0001_accounts.sql</c>) the given provider will run, in order.</summary>
    public static IReadOnlyList<string> ScriptNames(DatabaseProvider provider) =>
        typeof(Migrator).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix(provider), StringComparison.Ordinal))
            .Select(n => n[ResourcePrefix(provider).Length..])
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>The name of the application lock (SQL Server) every node takes before migrating.</summary>
    public const string LockName = "portal-migrations";

    /// <summary>How long a node waits for another node's migration before giving up.</summary>
    public static TimeSpan LockTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Brings the schema up to date. Several nodes starting at once take turns: SQL Server's sp_getapplock (session
    /// lock) or, for SQLite, an exclusive lock on a file next to the database; whoever comes second finds nothing to run.
    /// </summary>
    public MigrationResult Migrate()
    {
        if (options.Provider == DatabaseProvider.Sqlite)
        {
            var file = new SqliteConnectionStringBuilder(options.ConnectionString).DataSource;
            var folder = Path.GetDirectoryName(file);
            if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
            using var fileLock = FileLock.Take(file + ".migrate.lock", LockTimeout);
            EnableWal(options.ConnectionString);
            return Run(DeployChanges.To.SqliteDatabase(options.ConnectionString));
        }

        EnsureSqlServerDatabase();
        using var connection = new SqlConnection(options.ConnectionString);
        connection.Open();
        GetAppLock(connection);
        try
        {
            return Run(DeployChanges.To.SqlDatabase(options.ConnectionString));
        }
        finally
        {
            using var release = connection.CreateCommand();
            release.CommandText = "EXEC sp_releaseapplock @Resource = @Resource, @LockOwner = 'Session'";
            release.Parameters.AddWithValue("@Resource", LockName);
            release.ExecuteNonQuery();
        }
    }

    private MigrationResult Run(UpgradeEngineBuilder builder)
    {
        var prefix = ResourcePrefix(options.Provider);
        var engine = builder
            .WithScriptsEmbeddedInAssembly(Assembly.GetExecutingAssembly(), name => name.StartsWith(prefix, StringComparison.Ordinal))
            .WithTransactionPerScript()
            .LogTo(new DbUpLog(logger))
            .Build();

        var toRun = engine.GetScriptsToExecute().Select(s => s.Name).ToList();
        var result = engine.PerformUpgrade();
        if (!result.Successful)
            throw new InvalidOperationException($"Migration failed in {result.ErrorScript?.Name}: {result.Error?.Message}", result.Error);
        return new MigrationResult(toRun);
    }

    /// <summary>Creates the database if missing; a node that loses the race to create it just uses it.</summary>
    private void EnsureSqlServerDatabase()
    {
        try
        {
            EnsureDatabase.For.SqlDatabase(options.ConnectionString);
        }
        catch (SqlException) when (DatabaseExists())
        {
            logger.LogInformation("Another node created the database meanwhile.");
        }
    }

    private bool DatabaseExists()
    {
        var builder = new SqlConnectionStringBuilder(options.ConnectionString);
        var name = builder.InitialCatalog;
        builder.InitialCatalog = "master";
        using var connection = new SqlConnection(builder.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM sys.databases WHERE name = @Name";
        command.Parameters.AddWithValue("@Name", name);
        return (int)command.ExecuteScalar()! == 1;
    }

    private static void GetAppLock(SqlConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            DECLARE @result INT;
            EXEC @result = sp_getapplock @Resource = @Resource, @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = @TimeoutMs;
            SELECT @result;
            """;
        command.Parameters.AddWithValue("@Resource", LockName);
        command.Parameters.AddWithValue("@TimeoutMs", (int)LockTimeout.TotalMilliseconds);
        command.CommandTimeout = (int)LockTimeout.TotalSeconds + 30;
        var result = (int)command.ExecuteScalar()!;
        if (result < 0)
            throw new InvalidOperationException($"Could not take the migration lock '{LockName}' (sp_getapplock returned {result}); another node may be stuck migrating.");
    }

    private static void EnableWal(string connectionString)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL;";
        command.ExecuteNonQuery();
    }

    private sealed class DbUpLog(ILogger logger) : IUpgradeLog
    {
        public void LogTrace(string format, params object[] args) => logger.LogTrace(format, args);
        public void LogDebug(string format, params object[] args) => logger.LogDebug(format, args);
        public void LogInformation(string format, params object[] args) => logger.LogInformation(format, args);
        public void LogWarning(string format, params object[] args) => logger.LogWarning(format, args);
        public void LogError(string format, params object[] args) => logger.LogError(format, args);
        public void LogError(Exception ex, string format, params object[] args) => logger.LogError(ex, format, args);
    }
}

public sealed record MigrationResult(IReadOnlyList<string> ScriptsRun);

/// <summary>
/// An exclusive lock on a file, held while open: .NET takes an advisory lock (flock) for FileShare.None on Unix and a
/// share lock on Windows, so other processes and other opens in this process wait their turn. The file stays; only the
/// lock matters, and the operating system drops it if the process dies.
/// </summary>
internal sealed class FileLock(FileStream stream) : IDisposable
{
    public static FileLock Take(string path, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                return new FileLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(Random.Shared.Next(20, 60));
            }
        }
    }

    public void Dispose() => stream.Dispose();
}
