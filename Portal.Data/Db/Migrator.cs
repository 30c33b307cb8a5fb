using System.Reflection;
using DbUp;
using DbUp.Builder;
using DbUp.Engine;
using DbUp.Engine.Output;
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

    public MigrationResult Migrate()
    {
        var prefix = ResourcePrefix(options.Provider);
        UpgradeEngineBuilder builder;
        if (options.Provider == DatabaseProvider.Sqlite)
        {
            var file = new SqliteConnectionStringBuilder(options.ConnectionString).DataSource;
            var folder = Path.GetDirectoryName(file);
            if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
            EnableWal(options.ConnectionString);
            builder = DeployChanges.To.SqliteDatabase(options.ConnectionString);
        }
        else
        {
            EnsureDatabase.For.SqlDatabase(options.ConnectionString);
            builder = DeployChanges.To.SqlDatabase(options.ConnectionString);
        }

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
