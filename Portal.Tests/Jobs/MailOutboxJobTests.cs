using Dapper;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Db;
using Portal.Data.Mail;
using Portal.Jobs;
using Portal.Tests.Web;

namespace Portal.Tests.Jobs;

/// <summary>The recurring outbox sweep, run by the portal's own in-process Hangfire server against its database.</summary>
public sealed class MailOutboxJobTests(PortalApp app) : IClassFixture<PortalApp>
{
    [Fact]
    public async Task Mail_queued_while_no_worker_ran_is_sent_by_the_recurring_job_once_even_when_it_runs_twice()
    {
        // a message written straight to the outbox, as if the process had stopped before dispatching it
        var db = app.Services.GetRequiredService<ConnectionFactory>();
        var sql = app.Services.GetRequiredService<MailSql>();
        var id = Guid.NewGuid();
        await using (var c = await db.OpenAsync())
            await c.ExecuteAsync(sql.Insert, new { Id = id, ToAddress = "late@contoso.test", Subject = "Stranded message", HtmlBody = "<p>Hello</p>", CreatedUtc = app.Clock.GetUtcNow() });

        var jobs = app.Services.GetRequiredService<IRecurringJobManager>();
        jobs.Trigger(RecurringJobs.MailOutbox);
        var mails = await WaitForAsync(() => Sent("late@contoso.test"), 1);
        Assert.Single(mails);
        Assert.Contains("Stranded message", Mails.Decode(mails[0]));

        jobs.Trigger(RecurringJobs.MailOutbox);
        await Task.Delay(1500);
        Assert.Single(Sent("late@contoso.test"));

        var message = await app.Services.GetRequiredService<MailOutbox>().GetAsync(id);
        Assert.NotNull(message!.SentUtc);
    }

    private List<string> Sent(string to) => Directory.Exists(app.MailFolder)
        ? Directory.GetFiles(app.MailFolder, "*.eml").Select(File.ReadAllText).Where(m => m.Contains($"To: {to}")).ToList()
        : [];

    private static async Task<List<string>> WaitForAsync(Func<List<string>> read, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        var found = read();
        while (found.Count < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            found = read();
        }
        return found;
    }
}
