using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Jobs.Mail;

namespace Portal.Tests.Jobs;

/// <summary>Queuing mail asks Hangfire for a drain of the outbox, not for a job per message.</summary>
public sealed class MailDispatcherTests
{
    private sealed class CountingJobs : IBackgroundJobClient
    {
        public System.Collections.Concurrent.ConcurrentQueue<Job> Jobs { get; } = new();

        public string Create(Job job, IState state)
        {
            Jobs.Enqueue(job);
            return Jobs.Count.ToString();
        }

        public bool ChangeState(string jobId, IState state, string expectedState) => true;
    }

    [Fact]
    public async Task Five_hundred_messages_queued_at_once_ask_for_a_few_drains_and_the_last_ones_still_get_one()
    {
        var jobs = new CountingJobs();
        using var dispatcher = new HangfireMailDispatcher(jobs, NullLogger<HangfireMailDispatcher>.Instance);
        for (var i = 0; i < 500; i++) dispatcher.Dispatch(Guid.NewGuid());
        Assert.NotEmpty(jobs.Jobs); // the first message asks at once

        // messages after the first ask for one more drain at the end of the window, so none waits for the sweep
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (jobs.Jobs.Count < 2 && DateTime.UtcNow < deadline) await Task.Delay(20);
        Assert.InRange(jobs.Jobs.Count, 2, 20);
        Assert.All(jobs.Jobs, j => Assert.Equal(nameof(MailJobs.DrainAsync), j.Method.Name));
    }
}
