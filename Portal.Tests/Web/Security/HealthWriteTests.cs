using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Portal.Tests.Web.Security;

public sealed class HealthWriteTests(PortalApp app) : IClassFixture<PortalApp>
{
    [Fact]
    public async Task Health_is_unhealthy_while_the_database_answers_reads_but_takes_no_writes()
    {
        Assert.Equal(HttpStatusCode.OK, (await app.NewClient().GetAsync("/health")).StatusCode);

        await using (var holder = new SqliteConnection($"Data Source={app.DatabaseFile};Pooling=False"))
        {
            await holder.OpenAsync();
            await using (var begin = holder.CreateCommand())
            {
                begin.CommandText = "BEGIN EXCLUSIVE";
                await begin.ExecuteNonQueryAsync();
            }
            // reads still answer (WAL), so a read-only check would say healthy
            await using (var reader = new SqliteConnection($"Data Source={app.DatabaseFile};Pooling=False"))
            {
                await reader.OpenAsync();
                await using var read = reader.CreateCommand();
                read.CommandText = "SELECT COUNT(*) FROM Users";
                Assert.True(Convert.ToInt32(await read.ExecuteScalarAsync()) > 0);
            }
            var response = await app.NewClient().GetAsync("/health");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("Unhealthy", await response.Content.ReadAsStringAsync());
            await using var rollback = holder.CreateCommand();
            rollback.CommandText = "ROLLBACK";
            await rollback.ExecuteNonQueryAsync();
        }
        Assert.Equal(HttpStatusCode.OK, (await app.NewClient().GetAsync("/health")).StatusCode);
    }
}

public sealed class HealthFileGoneTests(PortalApp app) : IClassFixture<PortalApp>
{
    [Fact]
    public async Task Health_is_unhealthy_when_the_database_file_has_gone()
    {
        Assert.Equal(HttpStatusCode.OK, (await app.NewClient().GetAsync("/health")).StatusCode);
        foreach (var file in Directory.GetFiles(app.Folder, "portal.db*")) File.Delete(file);
        var response = await app.NewClient().GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Unhealthy", await response.Content.ReadAsStringAsync());
    }
}

public sealed class LogSink : ILoggerProvider
{
    public System.Collections.Concurrent.ConcurrentQueue<string> Lines { get; } = new();
    public ILogger CreateLogger(string categoryName) => new Logger(this);
    public void Dispose() { }

    private sealed class Logger(LogSink sink) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) sink.Lines.Enqueue(formatter(state, exception));
        }
    }
}

/// <summary>A production start on an empty database with demo data not switched on.</summary>
public sealed class PortalWithoutDemoData : PortalApp
{
    public LogSink Log { get; } = new();

    protected override void Configure(IWebHostBuilder builder)
    {
        builder.UseSetting("Portal:DemoData", "");
        builder.ConfigureLogging(l => l.AddProvider(Log));
    }
}

public sealed class DemoDataSwitchTests(PortalWithoutDemoData app) : IClassFixture<PortalWithoutDemoData>
{
    [Fact]
    public async Task A_production_start_on_an_empty_database_seeds_nothing_and_says_so()
    {
        Assert.Contains(app.Log.Lines, l => l.Contains("database is empty") && l.Contains("Portal:DemoData"));
        await using var scope = app.Services.CreateAsyncScope();
        Assert.Null(await scope.ServiceProvider.GetRequiredService<Portal.Data.Accounts.AccountStore>().GetSupplierAsync());
        var response = await app.NewClient().SignInAsync("admin@supplier.test", Portal.Data.Demo.DemoData.Password);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Invalid login attempt", await response.Content.ReadAsStringAsync());
    }
}
