namespace Portal.Data.Relationships;

/// <summary>
/// Gives the demo accounts an account manager and a few weeks of health so the workspace shows something on a fresh
/// start. DEMO ONLY: the scores are made up here (each reason says so), not computed; once the nightly health score runs
/// it writes real rows as of each night and these age out of the trend.
/// </summary>
public sealed class DemoWorkspace(ConnectionFactory db, WorkspaceSql sql, FollowUps followUps, TimeProvider clock)
{
    public const string DemoMark = "(demo data)";

    /// <summary>Weekly demo scores, oldest first: (score, risk, silent, reasons).</summary>
    private static readonly IReadOnlyList<(int Score, double Risk, bool Silent, string Reasons)> Contoso =
    [
        (82, 0.12, false, "Orders at its usual rhythm"), (80, 0.14, false, "Orders at its usual rhythm"),
        (77, 0.18, false, "Orders at its usual rhythm"), (71, 0.25, false, "Last order later than its usual gap"),
        (62, 0.38, false, "No order for twice its usual gap"),
        (41, 0.71, true, "No order for three times its usual gap (usually every 9 days)\nNo sign-in for 24 days\nNo request or contact for 40 days"),
    ];
    private static readonly IReadOnlyList<(int Score, double Risk, bool Silent, string Reasons)> Northwind =
    [
        (74, 0.22, false, "Orders at its usual rhythm"), (76, 0.2, false, "Orders at its usual rhythm"),
        (75, 0.21, false, "Orders at its usual rhythm"), (79, 0.17, false, "Orders at its usual rhythm"),
        (81, 0.15, false, "Orders at its usual rhythm"),
        (83, 0.13, false, "Orders more often than a year ago\nDeliveries on time and in full"),
    ];

    public async Task SeedAsync(Guid managerUserId, IReadOnlyList<(Guid AccountId, string Name)> accounts, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        await using var c = await db.OpenAsync(ct);
        foreach (var (accountId, name) in accounts)
        {
            await c.ExecuteAsync(new CommandDefinition(sql.SetDemoManager, new { AccountId = accountId, ManagerUserId = managerUserId }, cancellationToken: ct));
            var series = name.StartsWith("Contoso", StringComparison.Ordinal) ? Contoso : Northwind;
            for (var i = 0; i < series.Count; i++)
            {
                var (score, risk, silent, reasons) = series[i];
                await c.ExecuteAsync(new CommandDefinition(sql.InsertDemoScore, new
                {
                    AccountId = accountId, AsOfDate = today.AddDays(-7 * (series.Count - 1 - i)), Score = score, Risk = risk, Silent = silent,
                    Reasons = string.Join('\n', reasons.Split('\n').Select(r => $"{r} {DemoMark}")), Now = now,
                }, cancellationToken: ct));
            }
        }
        // the tasks the follow-up job makes of these scores (Contoso turned silent, and its score fell)
        await followUps.CreateDueAsync(ct);
    }
}
