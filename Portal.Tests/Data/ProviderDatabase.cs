using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.SqlClient;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Portal.Data;
using Portal.Data.Accounts;
using Portal.Data.Db;
using Portal.Data.Mail;

namespace Portal.Tests.Data;

/// <summary>
/// A fresh, migrated database of one provider for one test class (after Dapper's TestBase and YesSql's provider suites):
/// a real SQLite file always; a throw-away SQL Server database when PORTAL_TEST_SQLSERVER holds a connection string.
/// </summary>
public abstract class ProviderDatabase : IAsyncLifetime
{
    public const string SqlServerVariable = "PORTAL_TEST_SQLSERVER";
    public const string SqlServerSkipped = "SQL Server pass skipped: set PORTAL_TEST_SQLSERVER to a connection string to run it";

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "portal-tests", "data-" + Guid.NewGuid().ToString("N")[..12]);
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
    public string MailFolder => Path.Combine(Folder, "mail");
    public DatabaseOptions Options { get; private set; } = null!;
    private ServiceProvider? _services;

    /// <summary>The options of this provider's database, or null when this provider is not available here.</summary>
    protected abstract DatabaseOptions? Create();

    protected virtual void Drop() { }

    public ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(Folder);
        var options = Create();
        if (options is null) return ValueTask.CompletedTask;
        Options = options;
        new Migrator(Options, NullLogger<Migrator>.Instance).Migrate();

        _services = BuildServices();
        return ValueTask.CompletedTask;
    }


    /// <summary>Another host's data layer over the same database (its own container: own caches, own pools of work), sharing
    /// this clock; for tests of two workers or web nodes on one database. The caller disposes it.</summary>
    public ServiceProvider AnotherHost()
    {
        Assert.SkipWhen(_services is null, SqlServerSkipped);
        return BuildServices();
    }

    private ServiceProvider BuildServices()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddSingleton<TimeProvider>(Clock);
        ConfigureServices(services);
        services.AddPortalData(Options, new MailOptions { PickupDirectory = MailFolder });
        services.AddIdentityCore<PortalUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 10;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddRoles<PortalRole>()
            .AddUserStore<UserStore>()
            .AddRoleStore<RoleStore>()
            .AddDefaultTokenProviders();
        services.AddPortalAccounts();
        return services.BuildServiceProvider();
    }

    protected virtual void ConfigureServices(IServiceCollection services) { }

    /// <summary>The data layer's services over this database; skips the test when the provider is not available.</summary>
    public IServiceProvider Services
    {
        get
        {
            Assert.SkipWhen(_services is null, SqlServerSkipped);
            return _services!;
        }
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public AsyncServiceScope Scope() => Services.CreateAsyncScope();

    public async ValueTask DisposeAsync()
    {
        if (_services is not null) await _services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Options is not null) Drop();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteDatabase : ProviderDatabase
{
    protected override DatabaseOptions Create() => DatabaseOptions.From("Sqlite", $"Data Source={Path.Combine(Folder, "portal.db")}", Folder);
}

public sealed class SqlServerDatabase : ProviderDatabase
{
    protected override DatabaseOptions? Create()
    {
        var server = Environment.GetEnvironmentVariable(SqlServerVariable);
        if (string.IsNullOrWhiteSpace(server)) return null;
        var builder = new SqlConnectionStringBuilder(server) { InitialCatalog = "portal_test_" + Guid.NewGuid().ToString("N") };
        return DatabaseOptions.From("SqlServer", builder.ConnectionString, Folder);
    }

    protected override void Drop()
    {
        var builder = new SqlConnectionStringBuilder(Options.ConnectionString);
        var name = builder.InitialCatalog;
        builder.InitialCatalog = "master";
        SqlConnection.ClearAllPools();
        using var connection = new SqlConnection(builder.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"ALTER DATABASE [{name}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{name}];";
        command.ExecuteNonQuery();
    }
}
