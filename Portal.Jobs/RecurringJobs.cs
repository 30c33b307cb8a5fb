using Portal.Jobs.Mail;
using Portal.Jobs.Replenishment;

namespace Portal.Jobs;

/// <summary>Every recurring job, with its stable id and schedule. Registered at start-up by whichever process runs the server.</summary>
public static class RecurringJobs
{
    public const string MailOutbox = "mail-outbox";
    public const string Replenishment = "replenishment";

    public static void Register(IRecurringJobManager jobs)
    {
        jobs.AddOrUpdate<MailJobs>(MailOutbox, j => j.SendDueAsync(CancellationToken.None), Cron.Minutely());
        jobs.AddOrUpdate<ReplenishmentJobs>(Replenishment, j => j.RunAsync(CancellationToken.None), Cron.Minutely());
    }
}
