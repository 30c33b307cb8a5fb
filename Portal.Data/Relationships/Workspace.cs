namespace Portal.Data.Relationships;

/// <summary>
/// Who looks at the workspace: an account manager sees the accounts they manage (CustomerAccounts.AccountManagerUserId);
/// a supplier admin sees every account. Another manager's account is simply not found.
/// </summary>
public sealed record WorkspaceViewer(Guid UserId, bool SeesAll)
{
    /// <summary>The manager whose accounts the viewer may see; null for every account.</summary>
    public Guid? ManagerScope => SeesAll ? null : UserId;
}

/// <summary>The score bands the workspace filters by.</summary>
public static class ScoreBand
{
    public const string AtRisk = "AtRisk";
    public const string Watch = "Watch";
    public const string Healthy = "Healthy";
    public const string NoScore = "NoScore";

    public static readonly IReadOnlyList<string> All = [AtRisk, Watch, Healthy, NoScore];

    public static string Label(string band) => band switch
    {
        AtRisk => "At risk (0–39)",
        Watch => "Watch (40–69)",
        Healthy => "Healthy (70–100)",
        NoScore => "No score yet",
        _ => band,
    };

    public static string Of(int? score) => score switch { null => NoScore, < 40 => AtRisk, < 70 => Watch, _ => Healthy };

    public static (int? Min, int? Max, bool None) Range(string? band) => band switch
    {
        AtRisk => (0, 39, false),
        Watch => (40, 69, false),
        Healthy => (70, 100, false),
        NoScore => (null, null, true),
        _ => (null, null, false),
    };
}

/// <summary>What the workspace list shows: every filter the list offers, null or empty for "any".</summary>
public sealed record WorkspaceFilter
{
    public string? Search { get; init; }
    /// <summary>Supplier admins only: one account manager's accounts.</summary>
    public Guid? ManagerUserId { get; init; }
    /// <summary>Supplier admins only: accounts with no account manager.</summary>
    public bool Unassigned { get; init; }
    public bool? Silent { get; init; }
    public bool? HasOpenTasks { get; init; }
    public string? Band { get; init; }
}

/// <summary>An account in the workspace with its latest health (null fields when no score has been computed yet).</summary>
public sealed class WorkspaceAccount
{
    public Guid AccountId { get; init; }
    public string Name { get; init; } = "";
    public string TimeZone { get; init; } = "UTC";
    public Guid? AccountManagerUserId { get; init; }
    public string? ManagerName { get; init; }
    public DateOnly? AsOfDate { get; init; }
    public int? Score { get; init; }
    public double? Risk { get; init; }
    public bool? Silent { get; init; }
    public string? Reasons { get; init; }
    public int OpenTasks { get; init; }
    public DateOnly? NextDueDate { get; init; }
    public DateTimeOffset? LastContactUtc { get; init; }
    public DateTimeOffset? LastOrderUtc { get; init; }
    /// <summary>The last scores, oldest first (filled by the workspace, not by the row).</summary>
    public IReadOnlyList<AccountHealth> Trend { get; set; } = [];

    public bool IsSilent => Silent == true;
    public string Band => ScoreBand.Of(Score);
    public IReadOnlyList<string> ReasonList => (Reasons ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

public sealed class ManagerOption
{
    public Guid Id { get; init; }
    public string DisplayName { get; init; } = "";
}

public sealed class RecentOrder
{
    public Guid Id { get; init; }
    public string Number { get; init; } = "";
    public string Status { get; init; } = "";
    public decimal Total { get; init; }
    public DateTimeOffset CreatedUtc { get; init; }
}

public sealed class OpenRequest
{
    public Guid Id { get; init; }
    public string Number { get; init; } = "";
    public string Kind { get; init; } = "";
    public string Subject { get; init; } = "";
    public string Status { get; init; } = "";
    public string Priority { get; init; } = "";
    public DateTimeOffset CreatedUtc { get; init; }
}

/// <summary>Everything the account page shows.</summary>
public sealed record WorkspaceAccountDetails(
    WorkspaceAccount Account, IReadOnlyList<AccountHealth> History, IReadOnlyList<FollowUpTask> OpenTasks, IReadOnlyList<FollowUpTask> CompletedTasks,
    IReadOnlyList<AccountContact> Contacts, IReadOnlyList<RecentOrder> Orders, IReadOnlyList<OpenRequest> Requests);

/// <summary>
/// The account manager's workspace: their accounts ranked by risk (the latest AccountHealthScores row of each), with
/// the reasons, the trend of the last scores, open tasks, last contact and last order; one account with its health
/// history, tasks, contact log, recent orders and open requests. Supplier staff only; customers never reach it.
/// </summary>
public sealed class Workspace(ConnectionFactory db, WorkspaceSql sql)
{
    public const int PageSize = 25;
    public const int TrendLength = 8;
    public const int HistoryLength = 26;
    public const int RecentCount = 10;

    public async Task<Page<WorkspaceAccount>> AccountsAsync(WorkspaceViewer viewer, WorkspaceFilter filter, int page, CancellationToken ct = default)
    {
        var (min, max, none) = ScoreBand.Range(filter.Band);
        var args = new
        {
            ManagerUserId = viewer.SeesAll ? filter.ManagerUserId : viewer.UserId,
            Unassigned = viewer.SeesAll && filter.Unassigned,
            Q = string.IsNullOrWhiteSpace(filter.Search) ? null : "%" + Like.Escape(filter.Search.Trim()) + "%",
            filter.Silent, NoScore = none, MinScore = min, MaxScore = max, filter.HasOpenTasks,
            Skip = Paging.Skip(page, PageSize), Take = PageSize,
        };
        await using var c = await db.OpenAsync(ct);
        var total = await c.ExecuteScalarAsync<int>(new CommandDefinition(sql.CountAccounts, args, cancellationToken: ct));
        var items = (await c.QueryAsync<WorkspaceAccount>(new CommandDefinition(sql.Accounts, args, cancellationToken: ct))).ToList();
        foreach (var item in items) item.Trend = await TrendAsync(c, item.AccountId, TrendLength, ct);
        return new Page<WorkspaceAccount>(items, Math.Max(1, page), PageSize, total);
    }

    /// <summary>The account when the viewer may see it; null otherwise (another manager's account is not found).</summary>
    public async Task<WorkspaceAccount?> AccountAsync(WorkspaceViewer viewer, Guid accountId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<WorkspaceAccount>(new CommandDefinition(sql.Account,
            new { AccountId = accountId, ManagerUserId = viewer.ManagerScope }, cancellationToken: ct));
    }

    public async Task<WorkspaceAccountDetails?> DetailsAsync(WorkspaceViewer viewer, Guid accountId, CancellationToken ct = default)
    {
        if (await AccountAsync(viewer, accountId, ct) is not { } account) return null;
        await using var c = await db.OpenAsync(ct);
        var history = await TrendAsync(c, accountId, HistoryLength, ct);
        account.Trend = history.TakeLast(TrendLength).ToList();
        var page = new { AccountId = accountId, Skip = 0, Take = RecentCount };
        var open = (await c.QueryAsync<FollowUpTask>(new CommandDefinition(sql.OpenTasks, page, cancellationToken: ct))).ToList();
        var done = (await c.QueryAsync<FollowUpTask>(new CommandDefinition(sql.CompletedTasks, page, cancellationToken: ct))).ToList();
        var contacts = (await c.QueryAsync<AccountContact>(new CommandDefinition(sql.Contacts, new { AccountId = accountId, Skip = 0, Take = 50 }, cancellationToken: ct))).ToList();
        var orders = (await c.QueryAsync<RecentOrder>(new CommandDefinition(sql.RecentOrders, page, cancellationToken: ct))).ToList();
        var requests = (await c.QueryAsync<OpenRequest>(new CommandDefinition(sql.OpenRequests, page, cancellationToken: ct))).ToList();
        return new WorkspaceAccountDetails(account, history, open, done, contacts, orders, requests);
    }

    /// <summary>The managers a supplier admin can filter by.</summary>
    public async Task<IReadOnlyList<ManagerOption>> ManagersAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<ManagerOption>(new CommandDefinition(sql.Managers, cancellationToken: ct))).ToList();
    }

    /// <summary>The account's last <paramref name="count"/> scores, oldest first.</summary>
    private async Task<IReadOnlyList<AccountHealth>> TrendAsync(DbConnection c, Guid accountId, int count, CancellationToken ct)
    {
        var rows = await c.QueryAsync<AccountHealth>(new CommandDefinition(sql.RecentScores, new { AccountId = accountId, Skip = 0, Take = count }, cancellationToken: ct));
        return rows.Reverse().ToList();
    }
}
