using Portal.Jobs.Mail;
using Portal.Jobs.Relationships;
using Portal.Jobs.Replenishment;
using Portal.Jobs.Service;
using Portal.Jobs.Reliability;

namespace Portal.Jobs;

/// <summary>Every recurring job, with its stable id and schedule. Registered at start-up by whichever process runs the server.</summary>
public static class RecurringJobs
{
    public const string MailOutbox = "mail-outbox";
    public const string Replenishment = "replenishment";
    public const string RelationshipHealth = "relationship-health";
    public const string SlaEscalation = "sla-escalation";
    public const string ServiceAutoClose = "service-auto-close";
    public const string ReliabilityRollup = "reliability-rollup";
    public const string PromisesAtRisk = "promises-at-risk";
    public const string RelationshipFollowUps = "relationship-follow-ups";

    public static void Register(IRecurringJobManager jobs)
    {
        jobs.AddOrUpdate<MailJobs>(MailOutbox, j => j.SendDueAsync(CancellationToken.None), Cron.Minutely());
        jobs.AddOrUpdate<ReplenishmentJobs>(Replenishment, j => j.RunAsync(CancellationToken.None), Cron.Minutely());
        // nightly, after midnight UTC: scores as of the day that has just begun
        jobs.AddOrUpdate<HealthJobs>(RelationshipHealth, j => j.RunAsync(CancellationToken.None), "30 1 * * *");
        jobs.AddOrUpdate<SlaJobs>(SlaEscalation, j => j.EscalateAsync(CancellationToken.None), Cron.Minutely());
        jobs.AddOrUpdate<SlaJobs>(ServiceAutoClose, j => j.AutoCloseAsync(CancellationToken.None), "*/15 * * * *");
        // nightly in full (each delivery refreshes its own order at once); promises at risk every quarter of an hour
        jobs.AddOrUpdate<ReliabilityJobs>(ReliabilityRollup, j => j.RefreshAllAsync(CancellationToken.None), Cron.Daily(2));
        jobs.AddOrUpdate<ReliabilityJobs>(PromisesAtRisk, j => j.FlagAtRiskAsync(CancellationToken.None), "*/15 * * * *");
        // after the nightly health scores: hourly, so the night's scores are picked up whenever they are written
        jobs.AddOrUpdate<FollowUpJobs>(RelationshipFollowUps, j => j.RunAsync(CancellationToken.None), "30 * * * *");
    }
}
