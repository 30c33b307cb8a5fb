using Portal.Jobs.Mail;
using Portal.Jobs.Replenishment;
using Portal.Jobs.Relationships;

namespace Portal.Jobs;

/// <summary>Every recurring job, with its stable id and schedule. Registered at start-up by whichever process runs the server.</summary>
public static class RecurringJobs
{
    public const string MailOutbox = "mail-outbox";
    public const string Replenishment = "replenishment";
    public const string RelationshipFollowUps = "relationship-follow-ups";

    public static void Register(IRecurringJobManager jobs)
    {
        jobs.AddOrUpdate<MailJobs>(MailOutbox, j => j.SendDueAsync(CancellationToken.None), Cron.Minutely());
        jobs.AddOrUpdate<ReplenishmentJobs>(Replenishment, j => j.RunAsync(CancellationToken.None), Cron.Minutely());
        // after the nightly health scores: hourly, so the night's scores are picked up whenever they are written
        jobs.AddOrUpdate<FollowUpJobs>(RelationshipFollowUps, j => j.RunAsync(CancellationToken.None), "30 * * * *");
    }
}
