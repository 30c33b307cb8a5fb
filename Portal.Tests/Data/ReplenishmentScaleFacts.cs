using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Db;
using Portal.Data.Replenishment;
using Portal.Jobs.Replenishment;

namespace Portal.Tests.Data;

/// <summary>
/// The replenishment job at the scale of issue 9: 1,000 schedules due at the same minute, two hosts (separate containers:
/// own catalog caches and connection pools, as two web nodes or workers) running the job at once on ONE SQLite file, and a
/// run stopped half-way then run again. Exactly one order per occurrence, none missed, none twice.
/// </summary>
public sealed class ReplenishmentScaleFacts : IAsyncLifetime
{
    private const int Count = 1_000;
    private static readonly DateTimeOffset Due = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero); // a Wednesday
    private readonly SqliteDatabase db = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => db.InitializeAsync();
    public ValueTask DisposeAsync() => db.DisposeAsync();

    /// <summary>Schedules every Wednesday 09:00 of one customer, all due at <see cref="Due"/> (their reminders already sent).</summary>
    private async Task<(FactCustomer Customer, List<Guid> Ids)> DueSchedulesAsync(int count)
    {
        var customer = await DataSeed.CustomerAsync(db);
        var product = (await DataSeed.ProductsAsync(db, 1))[0];
        var sql = db.Get<ReplenishmentSql>();
        var ids = Enumerable.Range(0, count).Select(_ => Guid.NewGuid()).ToList();
        await using var c = await db.Get<ConnectionFactory>().OpenAsync(Ct);
        await using var tx = await c.BeginTransactionAsync(Ct);
        await c.ExecuteAsync(sql.InsertSchedule, ids.Select((id, i) => new
        {
            Id = id, customer.AccountId, customer.SiteId, OwnerUserId = customer.UserId, Name = $"Weekly {i}", Cron = "0 9 * * WED", TimeZone = "UTC",
            IntervalWeeks = 1, StartDate = new DateOnly(2026, 11, 24), EndDate = (DateOnly?)null, LeadNoticeHours = 24, DeliveryBusinessDays = (int?)null,
            PoNumber = (string?)null, Status = ScheduleStatus.Active, NextRunUtc = Due, ReminderDueUtc = Due.AddHours(-24), Now = db.Clock.GetUtcNow(),
        }), tx);
        await c.ExecuteAsync(sql.InsertLine, ids.Select(id => new { ScheduleId = id, ProductId = product.Id, Quantity = 2 }), tx);
        await c.ExecuteAsync("UPDATE ReorderSchedules SET ReminderSentForUtc = NextRunUtc", transaction: tx);
        await tx.CommitAsync(Ct);
        return (customer, ids);
    }

    private async Task<(int Orders, int DistinctOccurrences, int Placed, int Advanced)> CountAsync(Guid accountId)
    {
        await using var c = await db.Get<ConnectionFactory>().OpenAsync(Ct);
        return await c.QuerySingleAsync<(int, int, int, int)>("""
            SELECT (SELECT COUNT(*) FROM Orders WHERE AccountId = @AccountId),
                   (SELECT COUNT(DISTINCT IdempotencyScope || '|' || IdempotencyKey) FROM Orders WHERE AccountId = @AccountId),
                   (SELECT COUNT(*) FROM ReorderOccurrences WHERE AccountId = @AccountId AND Outcome = 'Placed' AND OrderId IS NOT NULL),
                   (SELECT COUNT(*) FROM ReorderSchedules WHERE AccountId = @AccountId AND NextRunUtc = @Next)
            """, new { AccountId = accountId, Next = Due.AddDays(7) });
    }

    [Fact]
    public async Task Two_hosts_running_the_job_at_once_over_1000_due_schedules_place_exactly_1000_orders()
    {
        var (customer, ids) = await DueSchedulesAsync(Count);
        db.Clock.SetUtcNow(Due.AddSeconds(20));
        await using var other = db.AnotherHost();
        IServiceProvider[] hosts = [db.Services, other];

        // each host runs the Hangfire job class over its own container, both at the same moment
        var runs = await DataSeed.AllAtOnceAsync(2, i => new ReplenishmentJobs(hosts[i].GetRequiredService<ReplenishmentRun>()).RunAsync(Ct));

        Assert.Equal(Count, runs.Sum(r => r.Placed));
        Assert.All(runs, r => Assert.Equal(0, r.Failed));
        Assert.Equal((Count, Count, Count, Count), await CountAsync(customer.AccountId));
        await using var c = await db.Get<ConnectionFactory>().OpenAsync(Ct);
        var scopes = (await c.QueryAsync<string>("SELECT IdempotencyScope FROM Orders WHERE AccountId = @AccountId", new { customer.AccountId })).Order().ToList();
        Assert.Equal(ids.Select(ReplenishmentRun.ScopeOf).Order(), scopes);
    }

    [Fact]
    public async Task A_run_over_1000_schedules_stopped_half_way_and_run_again_places_each_once_and_misses_none()
    {
        var (customer, _) = await DueSchedulesAsync(Count);
        db.Clock.SetUtcNow(Due.AddSeconds(20));

        // stop the run (as a worker shut down mid-batch) once a good part of the orders is placed
        using var stop = new CancellationTokenSource();
        var run = Task.Run(() => db.Get<ReplenishmentRun>().RunAsync(stop.Token), Ct); // SQLite calls complete synchronously: run it beside the watcher
        while (!run.IsCompleted && (await CountAsync(customer.AccountId)).Orders < Count / 3) await Task.Delay(10, Ct);
        await stop.CancelAsync();
        try { await run; } catch (OperationCanceledException) { } // stopped mid-schedule or between two
        var stopped = await CountAsync(customer.AccountId);
        Assert.InRange(stopped.Orders, 1, Count - 1);

        // another host at once: whatever the stopped run had claimed is left alone while its claim holds
        await using var other = db.AnotherHost();
        await other.GetRequiredService<ReplenishmentRun>().RunAsync(Ct);
        // when the claims run out, the next run takes over what the stopped run left half-done
        db.Clock.Advance(ReplenishmentRun.ClaimFor + TimeSpan.FromMinutes(1));
        await db.Get<ReplenishmentRun>().RunAsync(Ct);
        Assert.Equal(0, (await other.GetRequiredService<ReplenishmentRun>().RunAsync(Ct)).Placed);

        Assert.Equal((Count, Count, Count, Count), await CountAsync(customer.AccountId));
    }
}
