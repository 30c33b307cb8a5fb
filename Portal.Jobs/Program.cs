using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Portal.Data.Mail;

namespace Portal.Jobs;

/// The stand-alone worker: the same configuration as the web app (Database:Provider, ConnectionStrings:Portal, Mail:*),
/// for a farm whose web nodes run with Jobs:Server=false.
public static class Worker
{
    public static async Task<int> Main(string[] args)
    {
        // import-history, relationship-health: one-off commands instead of the worker
        if (Commands.Handles(args)) return await Commands.RunAsync(args);

        var builder = Host.CreateApplicationBuilder(args);
        var database = DatabaseOptions.From(builder.Configuration["Database:Provider"], builder.Configuration.GetConnectionString("Portal"),
            builder.Environment.ContentRootPath);
        var mail = builder.Configuration.GetSection("Mail").Get<MailOptions>() ?? new MailOptions();
        if (database.Provider == DatabaseProvider.Sqlite && string.IsNullOrWhiteSpace(mail.Smtp.Host) && string.IsNullOrWhiteSpace(mail.PickupDirectory))
            mail.PickupDirectory = Path.Combine(builder.Environment.ContentRootPath, "App_Data", "mail");

        builder.Services.AddPortalData(database, mail);
        builder.Services.AddPortalJobs(database, JobsOptions.From(builder.Configuration) with { Server = true });

        var host = builder.Build();
        var migrated = host.Services.GetRequiredService<Migrator>().Migrate();
        host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Portal.Jobs")
            .LogInformation("Worker started on {Provider}; {Count} migration scripts run", database.Provider, migrated.ScriptsRun.Count);
        await host.RunAsync();
        return 0;
    }
}
