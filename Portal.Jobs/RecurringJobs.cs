using Portal.Jobs.Mail;

namespace Portal.Jobs;

/// <summary>Every recurring job, with its stable id and schedule. Registered at start-up by whichever process runs the server.</summary>
public static class RecurringJobs
{
    public const string MailOutbox = "mail-outbox";

    public static void Register(IRecurringJobManager jobs)
    {
        jobs.AddOrUpdate<MailJobs>(MailOutbox, j => j.SendDueAsync(CancellationToken.None), Cron.Minutely());
    }
}
