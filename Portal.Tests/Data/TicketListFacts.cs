using Microsoft.Extensions.DependencyInjection;
using Dapper;
using Portal.Data.Db;
using Portal.Data.Service;
using static Portal.Tests.Data.ServiceDeskSeed;

namespace Portal.Tests.Data;

/// <summary>
/// The desk's list and the customer's list on a real database, against what the filters say, computed here from the rows
/// themselves: each filter, their combinations, every sort, paging and totals. The statements are built per combination of
/// filters and the desk's counts come from the TicketCounts table the database keeps with triggers (0019), so both are
/// checked against plain counts of the requests after every kind of change.
/// </summary>
public sealed class TicketListFacts : IAsyncLifetime
{
    private readonly SqliteDatabase db = new();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => db.InitializeAsync();
    public ValueTask DisposeAsync() => db.DisposeAsync();

    private Tickets Tickets => db.Get<Tickets>();

    private sealed class Row
    {
        public Guid Id { get; init; }
        public string Number { get; init; } = "";
        public Guid AccountId { get; init; }
        public Guid QueueId { get; init; }
        public string Status { get; init; } = "";
        public string Priority { get; init; } = "";
        public Guid? RequesterUserId { get; init; }
        public Guid? AssigneeUserId { get; init; }
        public DateTimeOffset CreatedUtc { get; init; }
        public DateTimeOffset UpdatedUtc { get; init; }
        public DateTimeOffset? FirstResponseDueUtc { get; init; }
        public DateTimeOffset? ResolutionDueUtc { get; init; }
        public bool FirstResponseBreached { get; init; }
        public bool ResolutionBreached { get; init; }
        public DateTimeOffset? NextDue => FirstResponseDueUtc is { } f && (ResolutionDueUtc is null || f < ResolutionDueUtc) ? f : ResolutionDueUtc;
    }

    private async Task<List<Row>> RowsAsync()
    {
        await using var c = await db.Get<ConnectionFactory>().OpenAsync(Ct);
        return (await c.QueryAsync<Row>("""
            SELECT Id, Number, AccountId, QueueId, Status, Priority, RequesterUserId, AssigneeUserId, CreatedUtc, UpdatedUtc,
                   FirstResponseDueUtc, ResolutionDueUtc, FirstResponseBreached, ResolutionBreached
            FROM Tickets
            """)).ToList();
    }

    private sealed record Scene(Guid AgentId, Guid OtherAgentId, Guid ManagerId, Guid ManagedAccount, Guid OtherAccount, Guid Buyer, Guid Colleague);

    /// <summary>
    /// 60 requests of two accounts (the first managed by an account manager; a buyer and a colleague raising them) over
    /// every queue, status and priority, assigned to two agents or nobody, with due instants over, within two hours and
    /// later, some without running clocks, some marked breached, created a minute apart.
    /// </summary>
    private async Task<Scene> SceneAsync()
    {
        var first = await DataSeed.CustomerAsync(db);
        var second = await DataSeed.CustomerAsync(db);
        var colleague = await CustomerUserAsync(db, first.AccountId);
        var agent = await StaffAsync(db, "DeskAgent");
        var other = await StaffAsync(db, "DeskAgent");
        var manager = await StaffAsync(db, "AccountManager");
        var now = db.Clock.GetUtcNow();
        await using var c = await db.Get<ConnectionFactory>().OpenAsync(Ct);
        await c.ExecuteAsync("UPDATE CustomerAccounts SET AccountManagerUserId = @Manager WHERE Id = @Id", new { Manager = manager.Id, Id = first.AccountId });
        var queues = (await Tickets.QueuesAsync(Ct)).Select(q => q.Id).ToList();
        for (var n = 0; n < 60; n++)
        {
            var status = TicketStatus.All[n % TicketStatus.All.Count];
            var runs = status is TicketStatus.New or TicketStatus.Open;
            await c.ExecuteAsync("""
                INSERT INTO Tickets (Id, Number, AccountId, Kind, QueueId, Subject, Status, Priority, Impact, RequesterUserId, AssigneeUserId,
                                     CreatedUtc, UpdatedUtc, FirstResponseDueUtc, ResolutionDueUtc, FirstResponseBreached, ResolutionBreached)
                VALUES (@Id, @Number, @AccountId, 'Other', @QueueId, 'Subject', @Status, @Priority, 'Minor', @Requester, @Assignee,
                        @Created, @Updated, @FirstDue, @ResolutionDue, @FirstBreached, @ResolutionBreached)
                """, new
            {
                Id = Guid.NewGuid(), Number = $"R-L{n:D3}", AccountId = n % 3 == 2 ? second.AccountId : first.AccountId, QueueId = queues[n / 2 % queues.Count],
                Status = status, Priority = TicketPriority.All[n / 3 % 4],
                Requester = n % 3 == 2 ? second.UserId : n % 3 == 1 ? colleague : first.UserId,
                Assignee = (n / 4 % 3) switch { 0 => (Guid?)null, 1 => agent.Id, _ => other.Id },
                Created = now.AddMinutes(-600 + n * 7 % 600), Updated = now.AddMinutes(-n),
                // over, within two hours, later, none: minutes from now
                FirstDue = status == TicketStatus.New && n % 4 != 3 ? now.AddMinutes((n % 4) switch { 0 => -30, 1 => 45, _ => 600 } + n) : (DateTimeOffset?)null,
                ResolutionDue = runs && n % 5 != 4 ? now.AddMinutes((n % 5) switch { 0 => -90, 1 => 100, 2 => 3000, _ => -5 } + n) : (DateTimeOffset?)null,
                FirstBreached = n % 11 == 0, ResolutionBreached = n % 13 == 0,
            });
        }
        return new Scene(agent.Id, other.Id, manager.Id, first.AccountId, second.AccountId, first.UserId, colleague);
    }

    private static IEnumerable<Row> Expected(IEnumerable<Row> rows, DeskFilter f, Guid? managedAccount, DateTimeOffset now)
    {
        var soon = now + Tickets.SoonWithin;
        var (one, open) = Tickets.StatusFilter(f.Status);
        var selected = rows.Where(t =>
            (one is null || t.Status == one) && (!open || TicketStatus.IsOpen(t.Status))
            && (f.QueueId is null || t.QueueId == f.QueueId) && (f.Priority is null || t.Priority == f.Priority)
            && (f.AccountId is null || t.AccountId == f.AccountId) && (f.AssigneeUserId is null || t.AssigneeUserId == f.AssigneeUserId)
            && (!f.Unassigned || t.AssigneeUserId is null) && (managedAccount is null || t.AccountId == managedAccount)
            && (!f.BreachingSoon || (t.Status is TicketStatus.New or TicketStatus.Open
                && (t.FirstResponseDueUtc >= now && t.FirstResponseDueUtc < soon || t.ResolutionDueUtc >= now && t.ResolutionDueUtc < soon)))
            && (!f.Breached || t.FirstResponseBreached || t.ResolutionBreached
                || (t.Status is TicketStatus.New or TicketStatus.Open && (t.FirstResponseDueUtc < now || t.ResolutionDueUtc < now))));
        return f.Sort switch
        {
            DeskSort.FirstResponse => selected.OrderBy(t => t.FirstResponseDueUtc is null).ThenBy(t => t.FirstResponseDueUtc).ThenBy(t => t.CreatedUtc).ThenBy(t => t.Id.ToString()),
            DeskSort.Resolution => selected.OrderBy(t => t.ResolutionDueUtc is null).ThenBy(t => t.ResolutionDueUtc).ThenBy(t => t.CreatedUtc).ThenBy(t => t.Id.ToString()),
            DeskSort.Newest => selected.OrderByDescending(t => t.CreatedUtc).ThenByDescending(t => t.Id.ToString()),
            DeskSort.Updated => selected.OrderByDescending(t => t.UpdatedUtc).ThenByDescending(t => t.Id.ToString()),
            _ => selected.OrderBy(t => t.NextDue is null).ThenBy(t => t.NextDue).ThenBy(t => t.CreatedUtc).ThenBy(t => t.Id.ToString()),
        };
    }

    [Fact]
    public async Task Every_desk_filter_alone_and_combined_selects_sorts_pages_and_counts_the_requests_it_names()
    {
        var scene = await SceneAsync();
        var rows = await RowsAsync();
        var now = db.Clock.GetUtcNow();
        var queue = (await Tickets.QueuesAsync(Ct))[0].Id;
        var desk = TicketViewer.Desk(scene.AgentId);
        var manager = TicketViewer.Manager(scene.ManagerId);

        var filters = new List<DeskFilter>();
        foreach (var status in new string?[] { null, "all" }.Concat(TicketStatus.All))
        {
            filters.Add(new DeskFilter { Status = status });
            filters.Add(new DeskFilter { Status = status, QueueId = queue });
            filters.Add(new DeskFilter { Status = status, Priority = TicketPriority.High });
            filters.Add(new DeskFilter { Status = status, AccountId = scene.OtherAccount });
            filters.Add(new DeskFilter { Status = status, AssigneeUserId = scene.AgentId });
            filters.Add(new DeskFilter { Status = status, Unassigned = true });
            filters.Add(new DeskFilter { Status = status, BreachingSoon = true });
            filters.Add(new DeskFilter { Status = status, Breached = true });
            filters.Add(new DeskFilter { Status = status, Breached = true, BreachingSoon = true, Unassigned = true });
            filters.Add(new DeskFilter { Status = status, QueueId = queue, Priority = TicketPriority.Low, AccountId = scene.ManagedAccount, AssigneeUserId = scene.OtherAgentId });
        }
        var checkedSome = 0;
        foreach (var filter in filters)
        foreach (var sort in DeskSort.All)
        foreach (var (viewer, managed) in new[] { (desk, (Guid?)null), (manager, scene.ManagedAccount) })
        {
            var expected = Expected(rows, filter with { Sort = sort }, managed, now).Select(t => t.Number).ToList();
            for (var page = 1; page <= Math.Max(1, (expected.Count + 3) / 4); page++)
            {
                var got = await Tickets.DeskListAsync(viewer, filter with { Sort = sort, Page = page, PageSize = 4 }, Ct);
                var what = $"{filter with { Sort = sort, Page = page }} as {(managed is null ? "desk" : "manager")}";
                Assert.True(expected.Skip((page - 1) * 4).Take(4).SequenceEqual(got.Items.Select(t => t.Number)),
                    $"{what}: expected {string.Join(",", expected.Skip((page - 1) * 4).Take(4))}, got {string.Join(",", got.Items.Select(t => t.Number))}");
                Assert.True(expected.Count == got.Total, $"{what}: {expected.Count} expected in all, {got.Total} counted");
                checkedSome += got.Items.Count;
            }
        }
        Assert.True(checkedSome > 500, "the scene selects too little to show anything");
    }

    [Fact]
    public async Task Desk_rows_name_their_account_queue_and_assignee_also_one_who_has_since_left_the_desk()
    {
        var scene = await SceneAsync();
        await using (var c = await db.Get<ConnectionFactory>().OpenAsync(Ct))
        {
            // the other agent leaves the desk: no longer among the staff the page offers to filter by
            await c.ExecuteAsync("UPDATE Users SET DisplayName = 'Former Agent', IsDisabled = 1 WHERE Id = @Id", new { Id = scene.OtherAgentId });
            await c.ExecuteAsync("UPDATE Users SET DisplayName = 'Current Agent' WHERE Id = @Id", new { Id = scene.AgentId });
        }
        var accounts = (await Tickets.AccountsAsync(TicketViewer.Desk(scene.AgentId), Ct)).ToDictionary(a => a.Id, a => a.Name);
        var queues = (await Tickets.QueuesAsync(Ct)).ToDictionary(q => q.Id, q => q.Name);
        var rows = (await RowsAsync()).ToDictionary(r => r.Number);
        var view = await Tickets.DeskListViewAsync(TicketViewer.Desk(scene.AgentId), new DeskFilter { Status = "all", PageSize = 60 }, Ct);
        Assert.DoesNotContain(view.Staff, p => p.Id == scene.OtherAgentId);
        Assert.Equal(60, view.Page.Items.Count);
        foreach (var item in view.Page.Items)
        {
            var row = rows[item.Number];
            Assert.Equal(accounts[row.AccountId], item.AccountName);
            Assert.Equal(queues[row.QueueId], item.QueueName);
            Assert.Equal(row.AssigneeUserId is null ? null : row.AssigneeUserId == scene.AgentId ? "Current Agent" : "Former Agent", item.AssigneeName);
        }
        Assert.Contains(view.Page.Items, t => t.AssigneeName == "Former Agent");
    }

    /// <summary>
    /// The lists are kept between requests under the database's list version (ServiceListCache, 0024): every kind of change
    /// they show, made through another node or by plain SQL, is on this node's next list; "breached" follows the clock.
    /// </summary>
    [Fact]
    public async Task A_change_made_on_another_node_or_by_hand_is_on_the_next_list_and_breached_follows_the_clock()
    {
        var scene = await SceneAsync();
        var desk = TicketViewer.Desk(scene.AgentId);
        var buyer = TicketViewer.Customer(scene.ManagedAccount, scene.Buyer, null, false);
        var all = new DeskFilter { Status = "all", Sort = DeskSort.Newest, PageSize = 100 };
        async Task<DeskListView> DeskAsync() => await Tickets.DeskListViewAsync(desk, all, Ct);
        var before = await DeskAsync();
        Assert.Same(before.Page, (await DeskAsync()).Page); // kept: nothing changed
        var buyersBefore = await Tickets.CustomerListAsync(buyer, "all", 1, 100, Ct);

        await using var other = db.AnotherHost();
        var elsewhere = other.GetRequiredService<Tickets>();
        var first = before.Page.Items.First(t => t.Status == TicketStatus.New);
        Assert.True((await elsewhere.SetStatusAsync(desk, first.Number, TicketStatus.Open, (await elsewhere.GetAsync(desk, first.Number, Ct))!.Version, Ct, notify: false))!.Succeeded);
        Assert.Equal(TicketStatus.Open, (await DeskAsync()).Page.Items.Single(t => t.Number == first.Number).Status);
        Assert.Equal(before.Views.AllOpen, (await DeskAsync()).Views.AllOpen);

        var queue = before.Queues[0];
        Assert.True((await elsewhere.RenameQueueAsync(queue.Id, "Claims and deliveries", Ct)).Succeeded);
        var renamed = await DeskAsync();
        Assert.Equal("Claims and deliveries", renamed.Queues[0].Name);
        Assert.All(renamed.Page.Items.Where(t => t.QueueId == queue.Id), t => Assert.Equal("Claims and deliveries", t.QueueName));

        await using (var c = await db.Get<ConnectionFactory>().OpenAsync(Ct))
        {
            await c.ExecuteAsync("UPDATE CustomerAccounts SET Name = 'Renamed Trading' WHERE Id = @Id", new { Id = scene.OtherAccount });
            await c.ExecuteAsync("DELETE FROM UserRoles WHERE UserId = @Id", new { Id = scene.OtherAgentId });
            await c.ExecuteAsync("UPDATE Users SET DisplayName = 'Bea Renamed' WHERE Id = @Id", new { Id = scene.Buyer });
            await c.ExecuteAsync("UPDATE CustomerAccounts SET TimeZone = 'America/New_York' WHERE Id = @Id", new { Id = scene.ManagedAccount });
        }
        var after = await DeskAsync();
        Assert.Contains(after.Accounts, a => a.Id == scene.OtherAccount && a.Name == "Renamed Trading");
        Assert.All(after.Page.Items.Where(t => t.AccountId == scene.OtherAccount), t => Assert.Equal("Renamed Trading", t.AccountName));
        Assert.DoesNotContain(after.Staff, p => p.Id == scene.OtherAgentId);
        Assert.All((await Tickets.CustomerListAsync(buyer, "all", 1, 100, Ct)).Items, t =>
        {
            Assert.Equal("Bea Renamed", t.RequesterName);
            Assert.Equal("America/New_York", t.AccountTimeZone);
        });

        // a request raised on the other node is on the buyer's list here at once
        var raised = await elsewhere.CreateAsync(buyer, new NewTicket { Kind = TicketKind.Other, Impact = TicketImpact.Minor, Subject = "Raised on the other node", Body = "Hello" }, Ct);
        Assert.True(raised.Succeeded);
        var buyersAfter = await Tickets.CustomerListAsync(buyer, "all", 1, 100, Ct);
        Assert.Equal(buyersBefore.Total + 1, buyersAfter.Total);
        Assert.Contains(buyersAfter.Items, t => t.Number == raised.Value!.Number);

        // nothing is written when a due instant passes: the breached view catches up with the clock within its step
        var breached = new DeskFilter { Breached = true, PageSize = 100 };
        var late = (await Tickets.DeskListAsync(desk, breached, Ct)).Items.Select(t => t.Number).ToHashSet();
        var next = (await Tickets.DeskListAsync(desk, new DeskFilter { PageSize = 100 }, Ct)).Items
            .Where(t => t.Status is TicketStatus.New or TicketStatus.Open && t.NextDueUtc > db.Clock.GetUtcNow() && !late.Contains(t.Number))
            .OrderBy(t => t.NextDueUtc).First();
        db.Clock.Advance(next.NextDueUtc!.Value - db.Clock.GetUtcNow() + ServiceListCache.ClockStep);
        Assert.Contains((await Tickets.DeskListAsync(desk, breached, Ct)).Items, t => t.Number == next.Number);
    }

    [Fact]
    public async Task The_customer_list_shows_a_buyer_their_own_and_a_customer_admin_the_accounts_in_every_status_never_another_accounts()
    {
        var scene = await SceneAsync();
        var rows = await RowsAsync();
        foreach (var (viewer, mine) in new[]
        {
            (TicketViewer.Customer(scene.ManagedAccount, scene.Buyer, null, false), (Func<Row, bool>)(t => t.RequesterUserId == scene.Buyer)),
            (TicketViewer.Customer(scene.ManagedAccount, scene.Colleague, null, true), t => t.AccountId == scene.ManagedAccount),
        })
        foreach (var status in new string?[] { null, "all" }.Concat(TicketStatus.All))
        {
            var (one, open) = Tickets.StatusFilter(status);
            var expected = rows.Where(mine).Where(t => (one is null || t.Status == one) && (!open || TicketStatus.IsOpen(t.Status)))
                .OrderByDescending(t => t.CreatedUtc).ThenByDescending(t => t.Id.ToString()).Select(t => t.Number).ToList();
            for (var page = 1; page <= Math.Max(1, (expected.Count + 2) / 3); page++)
            {
                var got = await Tickets.CustomerListAsync(viewer, status, page, 3, Ct);
                Assert.Equal(expected.Skip((page - 1) * 3).Take(3), got.Items.Select(t => t.Number));
                Assert.Equal(expected.Count, got.Total);
                Assert.All(got.Items, t => Assert.Equal(scene.ManagedAccount, t.AccountId));
            }
        }
    }

    /// <summary>The kept counts of every (status, queue, assignee) against a plain count of the requests.</summary>
    private async Task AssertCountsKeptAsync(Guid agentId, string when)
    {
        await using var c = await db.Get<ConnectionFactory>().OpenAsync(Ct);
        var counted = (await c.QueryAsync<(string, string, string?, int)>(
            "SELECT Status, QueueId, AssigneeUserId, COUNT(*) FROM Tickets GROUP BY Status, QueueId, AssigneeUserId")).OrderBy(x => x).ToList();
        var kept = (await c.QueryAsync<(string, string, string?, int)>(
            "SELECT Status, QueueId, AssigneeUserId, Requests FROM TicketCounts WHERE Requests <> 0")).OrderBy(x => x).ToList();
        Assert.True(counted.SequenceEqual(kept), $"{when}: counted {string.Join("; ", counted)} but kept {string.Join("; ", kept)}");

        var rows = await RowsAsync();
        var (queues, views) = await Tickets.CountsAsync(TicketViewer.Desk(agentId), Ct);
        var open = rows.Where(t => TicketStatus.IsOpen(t.Status)).ToList();
        Assert.Equal(open.Count, views.AllOpen);
        Assert.Equal(open.Count(t => t.AssigneeUserId == agentId), views.Mine);
        Assert.Equal(open.Count(t => t.AssigneeUserId is null), views.Unassigned);
        foreach (var q in await Tickets.QueuesAsync(Ct)) Assert.Equal(open.Count(t => t.QueueId == q.Id), queues.GetValueOrDefault(q.Id));
    }

    [Fact]
    public async Task The_agent_a_request_is_assigned_to_is_told_once_and_nobody_is_told_of_taking_a_request_themselves()
    {
        var customer = await DataSeed.CustomerAsync(db);
        var agent = await StaffAsync(db, "DeskAgent");
        var other = await StaffAsync(db, "DeskAgent");
        var desk = TicketViewer.Desk(agent.Id, "Dana Desk");
        var (_, number) = await RequestAsync(db, customer.AccountId, customer.UserId, TicketPriority.High);
        async Task<int> VersionAsync() => (await Tickets.GetAsync(desk, number, Ct))!.Version;

        Assert.True((await Tickets.AssignAsync(desk, number, agent.Id, await VersionAsync(), Ct))!.Succeeded);
        Assert.Empty(await MailsToAsync(db, agent.Email));

        var stale = await VersionAsync();
        Assert.True((await Tickets.AssignAsync(desk, number, other.Id, stale, Ct))!.Succeeded);
        Assert.Equal([$"{number}: assigned to you"], await MailsToAsync(db, other.Email));
        await using (var c = await db.Get<ConnectionFactory>().OpenAsync(Ct))
        {
            var body = await c.QuerySingleAsync<string>("SELECT HtmlBody FROM MailOutbox WHERE ToAddress = @To", new { To = other.Email });
            Assert.Contains("Dana Desk assigned", body);
            Assert.Contains($"/desk/requests/{number}", body);
        }

        // a second press with the version seen before changes nothing and tells nobody again
        Assert.False((await Tickets.AssignAsync(desk, number, other.Id, stale, Ct))!.Succeeded);
        Assert.Single(await MailsToAsync(db, other.Email));
    }

    [Fact]
    public async Task The_desk_counts_kept_by_the_database_follow_raising_assigning_status_changes_moving_queues_and_deleting()
    {
        var customer = await DataSeed.CustomerAsync(db);
        var agent = await StaffAsync(db, "DeskAgent");
        var other = await StaffAsync(db, "DeskAgent");
        var desk = TicketViewer.Desk(agent.Id);
        await AssertCountsKeptAsync(agent.Id, "before any request");

        var requests = new List<(Guid Id, string Number)>();
        for (var n = 0; n < 6; n++)
            requests.Add(await RequestAsync(db, customer.AccountId, customer.UserId, TicketPriority.Normal, n % 2 == 0 ? agent.Id : null,
                queue: n % 3 == 0 ? TicketQueueCode.General : TicketQueueCode.Finance));
        await AssertCountsKeptAsync(agent.Id, "six raised");
        var (queuesBefore, viewsBefore) = await Tickets.CountsAsync(desk, Ct);
        Assert.Equal((6, 3, 3), (viewsBefore.AllOpen, viewsBefore.Mine, viewsBefore.Unassigned));

        async Task<int> VersionAsync(string number) => (await Tickets.GetAsync(desk, number, Ct))!.Version;
        Assert.True((await Tickets.AssignAsync(desk, requests[1].Number, agent.Id, await VersionAsync(requests[1].Number), Ct))!.Succeeded);
        Assert.True((await Tickets.AssignAsync(desk, requests[0].Number, other.Id, await VersionAsync(requests[0].Number), Ct))!.Succeeded);
        Assert.True((await Tickets.AssignAsync(desk, requests[2].Number, null, await VersionAsync(requests[2].Number), Ct))!.Succeeded);
        await AssertCountsKeptAsync(agent.Id, "assigned, reassigned and unassigned");

        Assert.True((await Tickets.SetStatusAsync(desk, requests[3].Number, TicketStatus.Resolved, await VersionAsync(requests[3].Number), Ct, notify: false))!.Succeeded);
        Assert.True((await Tickets.SetStatusAsync(desk, requests[4].Number, TicketStatus.WaitingOnCustomer, await VersionAsync(requests[4].Number), Ct, notify: false))!.Succeeded);
        await ChangeStatusAsync(db, requests[5].Id, TicketStatus.New, TicketStatus.Closed);
        await AssertCountsKeptAsync(agent.Id, "resolved, waiting, closed");
        var (_, views) = await Tickets.CountsAsync(desk, Ct);
        Assert.Equal(4, views.AllOpen);
        Assert.Equal(1, (await Tickets.DeskListAsync(desk, new DeskFilter { Status = TicketStatus.Resolved }, Ct)).Total);

        await using (var c = await db.Get<ConnectionFactory>().OpenAsync(Ct))
        {
            await c.ExecuteAsync("UPDATE Tickets SET QueueId = (SELECT Id FROM TicketQueues WHERE Code = @Code) WHERE Id = @Id",
                new { Code = TicketQueueCode.Quality, requests[1].Id });
            await c.ExecuteAsync("UPDATE Tickets SET Subject = 'Only the subject', Version = Version + 1 WHERE Id = @Id", new { requests[0].Id });
            await AssertCountsKeptAsync(agent.Id, "moved to another queue, subject changed");
            await c.ExecuteAsync("DELETE FROM TicketStatusChanges WHERE TicketId = @Id; DELETE FROM Tickets WHERE Id = @Id", new { requests[2].Id });
        }
        await AssertCountsKeptAsync(agent.Id, "one deleted");
        var (_, after) = await Tickets.CountsAsync(desk, Ct);
        Assert.Equal((3, 2, 0), (after.AllOpen, after.Mine, after.Unassigned));
    }
}
