using Hangfire.InMemory;
using Hangfire.SqlServer;
using Microsoft.Data.SqlClient;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Portal.Data.Mail;
using Portal.Jobs.Mail;
using Portal.Jobs.Replenishment;
using Portal.Data.Replenishment;
using Portal.Data.Reliability;
using Portal.Jobs.Reliability;

namespace Portal.Jobs;

/// <summary><c>Jobs:Server</c> (default true) hosts a Hangfire server in this process; <c>Jobs:Workers</c> sets its size.</summary>
public sealed record JobsOptions(bool Server, int Workers)
{
    public static JobsOptions From(IConfiguration configuration) => new(
        configuration.GetValue("Jobs:Server", true),
        Math.Clamp(configuration.GetValue("Jobs:Workers", 4), 1, 64));
}

public static class JobsSetup
{
    /// <summary>
    /// Hangfire with the storage that matches the database: Hangfire.SqlServer with SQL Server (durable, shared by a farm),
    /// Hangfire.InMemory with SQLite (nothing durable lives there: schedules and due work are in the portal's own tables).
    /// </summary>
    public static IServiceCollection AddPortalJobs(this IServiceCollection services, DatabaseOptions database, JobsOptions options)
    {
        // The storage is this host's own singleton, built after Hangfire's configuration (which points Hangfire's static
        // log provider at this host's loggers); several hosts in one process (tests) never share one through the static.
        services.AddSingleton<JobStorage>(sp =>
        {
            sp.GetRequiredService<IGlobalConfiguration>();
            return database.Provider == DatabaseProvider.SqlServer
                ? new SqlServerStorage(() => new SqlConnection(database.ConnectionString), new SqlServerStorageOptions
                {
                    PrepareSchemaIfNecessary = true,
                    SchemaName = "HangFire",
                    QueuePollInterval = TimeSpan.Zero,
                })
                : new InMemoryStorage(new InMemoryStorageOptions());
        });
        services.AddHangfire(config => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());

        services.AddTransient<MailJobs>();
        services.AddTransient<ReplenishmentJobs>();
        services.AddTransient<Portal.Jobs.Relationships.HealthJobs>();
        services.AddTransient<Portal.Jobs.Service.SlaJobs>();
        services.AddTransient<ReliabilityJobs>();
        services.Replace(ServiceDescriptor.Singleton<IReliabilityDispatcher, HangfireReliabilityDispatcher>());
        services.AddTransient<Portal.Jobs.Relationships.FollowUpJobs>();
        // when the follow-up job makes tasks by itself (Relationships:FollowUps:ScoreDropPoints, ...)
        services.Replace(ServiceDescriptor.Singleton(sp =>
            sp.GetService<IConfiguration>()?.GetSection("Relationships:FollowUps").Get<Portal.Data.Relationships.FollowUpOptions>() ?? new Portal.Data.Relationships.FollowUpOptions()));
        // links in the schedules' e-mails: the portal's public address (Portal:PublicUrl), where the host has one
        services.Replace(ServiceDescriptor.Singleton(sp =>
            sp.GetService<IConfiguration>()?["Portal:PublicUrl"] is { Length: > 0 } url ? new ReplenishmentOptions(url) : new ReplenishmentOptions()));
        services.Replace(ServiceDescriptor.Singleton<IMailDispatcher, HangfireMailDispatcher>());

        if (options.Server)
        {
            services.AddHangfireServer((_, server) =>
            {
                server.WorkerCount = options.Workers;
                server.SchedulePollingInterval = TimeSpan.FromSeconds(5);
                server.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}";
            });
            services.AddHostedService<RecurringJobsRegistration>();
        }
        return services;
    }

    private sealed class RecurringJobsRegistration(IRecurringJobManager jobs) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            RecurringJobs.Register(jobs);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
