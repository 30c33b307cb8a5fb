using Dapper;
using Portal.Data.Db;
using Portal.Data.Relationships;

namespace Portal.Tests.Data;

/// <summary>
/// The account manager's workspace on a real database: ranking by risk, the follow-up tasks the job makes by itself
/// (once each), completing with an outcome, the contact log and the last contact as of a date. Scores are inserted the
/// way the nightly health job writes them.
/// </summary>
public abstract class WorkspaceFacts(ProviderDatabase db)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private DateOnly Today => DateOnly.FromDateTime(db.Clock.GetUtcNow().UtcDateTime);

    private async Task<Guid> ManagerAsync()
    {
        var id = Guid.NewGuid();
        var email = $"am-{DataSeed.Tag().ToLowerInvariant()}@supplier.test";
        await using var c = await db.Get<ConnectionFactory>().OpenAsync(Ct);
        await c.ExecuteAsync("""
            INSERT INTO Users (Id, AccountId, SiteId, DisplayName, UserName, NormalizedUserName, Email, NormalizedEmail, EmailConfirmed, CreatedUtc)
            VALUES (@Id, NULL, NULL, 'Fact Manager', @Email, @Normal, @Email, @Normal, 1, @Now)
            """, new { Id = id, Email = email, Normal = email.ToUpperInvariant(), Now = db.Clock.GetUtcNow() });
        return id;
    }

    private async Task<Guid> AccountAsync(Guid? manager)
    {
        var customer = await DataSeed.CustomerAsync(db);
        await using var c = await db.Get<ConnectionFactory>().OpenAsync(Ct);
        await c.ExecuteAsync("UPDATE CustomerAccounts SET AccountManagerUserId = @Manager WHERE Id = @Id", new { Manager = manager, Id = customer.AccountId });
        return customer.AccountId;
    }

    private async Task ScoreAsync(Guid accountId, DateOnly asOf, int score, double risk, bool silent, string reasons = "Orders at its usual rhythm")
    {
        await using var c = await db.Get<ConnectionFactory>().OpenAsync(Ct);
        await c.ExecuteAsync("""
            INSERT INTO AccountHealthScores (AccountId, AsOfDate, Score, Risk, Silent, Reasons, ComputedUtc)
            VALUES (@AccountId, @AsOf, @Score, @Risk, @Silent, @Reasons, @Now)
            """, new { AccountId = accountId, AsOf = asOf, Score = score, Risk = risk, Silent = silent, Reasons = reasons, Now = db.Clock.GetUtcNow() });
    }

    private async Task<Guid> ResolvedTicketAsync(Guid accountId, string kind, DateTimeOffset resolved)
    {
        var id = Guid.NewGuid();
        await using var c = await db.Get<ConnectionFactory>().OpenAsync(Ct);
        await c.ExecuteAsync("""
            INSERT INTO Tickets (Id, Number, AccountId, Kind, QueueId, Subject, Status, Priority, Impact, CreatedUtc, UpdatedUtc, ResolvedUtc)
            SELECT @Id, @Number, @AccountId, @Kind, Id, 'Broken pallets', 'Resolved', 'Normal', 'Minor', @Created, @Resolved, @Resolved
            FROM TicketQueues WHERE Code = 'General'
            """, new { Id = id, Number = "R-" + DataSeed.Tag(), AccountId = accountId, Kind = kind, Created = resolved.AddDays(-2), Resolved = resolved });
        return id;
    }

    private Task<IReadOnlyList<FollowUpTask>> TasksAsync(Guid accountId) => db.Get<FollowUps>().OpenTasksOfAccountAsync(accountId, Ct);

    [Fact]
    public async Task A_manager_sees_their_accounts_ranked_by_risk_with_the_reasons_of_the_latest_score()
    {
        var manager = await ManagerAsync();
        var steady = await AccountAsync(manager);
        var silent = await AccountAsync(manager);
        var unscored = await AccountAsync(manager);
        await ScoreAsync(steady, Today.AddDays(-1), 80, 0.6, false, "Was slipping");
        await ScoreAsync(steady, Today, 85, 0.1, false);
        await ScoreAsync(silent, Today.AddDays(-1), 70, 0.2, false);
        await ScoreAsync(silent, Today, 35, 0.8, true, "No order for three times its usual gap\nNo sign-in for 30 days");

        var page = await db.Get<Workspace>().AccountsAsync(new WorkspaceViewer(manager, SeesAll: false), new WorkspaceFilter(), 1, Ct);

        Assert.Equal([silent, steady, unscored], page.Items.Select(a => a.AccountId));
        Assert.Equal(["No order for three times its usual gap", "No sign-in for 30 days"], page.Items[0].ReasonList);
        Assert.True(page.Items[0].IsSilent);
        Assert.Equal([70, 35], page.Items[0].Trend.Select(t => t.Score)); // oldest first
        Assert.Equal(["Orders at its usual rhythm"], page.Items[1].ReasonList); // the latest score's reasons, not the earlier one's
        Assert.Null(page.Items[2].Score);
    }

    [Fact]
    public async Task The_list_filters_by_silence_open_tasks_and_score_band()
    {
        var manager = await ManagerAsync();
        var viewer = new WorkspaceViewer(manager, false);
        var healthy = await AccountAsync(manager);
        var quiet = await AccountAsync(manager);
        await ScoreAsync(healthy, Today, 90, 0.05, false);
        await ScoreAsync(quiet, Today, 30, 0.9, true);
        Assert.True((await db.Get<FollowUps>().CreateAsync(viewer, healthy, new FollowUpInput(FollowUpKind.Visit, Today.AddDays(3), null), Ct))!.Succeeded);
        var workspace = db.Get<Workspace>();

        async Task<IEnumerable<Guid>> Ids(WorkspaceFilter f) => (await workspace.AccountsAsync(viewer, f, 1, Ct)).Items.Select(a => a.AccountId);
        Assert.Equal([quiet], await Ids(new() { Silent = true }));
        Assert.Equal([healthy], await Ids(new() { Silent = false }));
        Assert.Equal([healthy], await Ids(new() { HasOpenTasks = true }));
        Assert.Equal([quiet], await Ids(new() { HasOpenTasks = false }));
        Assert.Equal([quiet], await Ids(new() { Band = ScoreBand.AtRisk }));
        Assert.Equal([healthy], await Ids(new() { Band = ScoreBand.Healthy }));
        Assert.Empty(await Ids(new() { Band = ScoreBand.Watch }));
    }

    [Fact]
    public async Task Another_managers_account_is_not_found_and_a_supplier_admin_sees_every_account()
    {
        var mine = await ManagerAsync();
        var theirs = await ManagerAsync();
        var myAccount = await AccountAsync(mine);
        var theirAccount = await AccountAsync(theirs);
        var workspace = db.Get<Workspace>();
        var me = new WorkspaceViewer(mine, false);

        Assert.Null(await workspace.DetailsAsync(me, theirAccount, Ct));
        Assert.Null(await db.Get<Contacts>().LogAsync(me, theirAccount, new ContactInput(ContactKind.Call, db.Clock.GetUtcNow(), "Jo", null), Ct));
        Assert.Null(await db.Get<FollowUps>().CreateAsync(me, theirAccount, new FollowUpInput(FollowUpKind.Call, Today, null), Ct));
        Assert.DoesNotContain(theirAccount, (await workspace.AccountsAsync(me, new WorkspaceFilter(), 1, Ct)).Items.Select(a => a.AccountId));

        var admin = new WorkspaceViewer(Guid.NewGuid(), SeesAll: true);
        Assert.NotNull(await workspace.DetailsAsync(admin, theirAccount, Ct));
        var onlyTheirs = await workspace.AccountsAsync(admin, new WorkspaceFilter { ManagerUserId = theirs }, 1, Ct);
        Assert.Equal([theirAccount], onlyTheirs.Items.Select(a => a.AccountId));
        Assert.NotNull(await workspace.DetailsAsync(me, myAccount, Ct));
    }

    [Fact]
    public async Task An_account_that_turns_silent_gets_one_call_task_for_its_manager_even_when_the_job_runs_twice()
    {
        var manager = await ManagerAsync();
        var account = await AccountAsync(manager);
        await ScoreAsync(account, Today.AddDays(-1), 60, 0.4, false);
        await ScoreAsync(account, Today, 55, 0.7, true);

        var first = await db.Get<FollowUps>().CreateDueAsync(Ct);
        var second = await db.Get<FollowUps>().CreateDueAsync(Ct);

        Assert.True(first.TurnedSilent >= 1);
        Assert.Equal(0, second.Total);
        var task = Assert.Single(await TasksAsync(account));
        Assert.Equal(FollowUpKind.Call, task.Kind);
        Assert.Equal(FollowUpSource.TurnedSilent, task.Source);
        Assert.Equal(manager, task.AssignedUserId);
    }

    [Fact]
    public async Task An_account_that_stays_silent_gets_no_new_task()
    {
        var account = await AccountAsync(await ManagerAsync());
        await ScoreAsync(account, Today.AddDays(-1), 40, 0.7, true);
        await ScoreAsync(account, Today, 38, 0.72, true);
        await db.Get<FollowUps>().CreateDueAsync(Ct);
        Assert.Empty(await TasksAsync(account));
    }

    [Fact]
    public async Task A_score_that_falls_by_the_set_amount_makes_a_review_task_and_a_smaller_fall_does_not()
    {
        var fell = await AccountAsync(await ManagerAsync());
        var dipped = await AccountAsync(await ManagerAsync());
        var drop = db.Get<FollowUpOptions>().ScoreDropPoints;
        await ScoreAsync(fell, Today.AddDays(-1), 80, 0.2, false);
        await ScoreAsync(fell, Today, 80 - drop, 0.3, false);
        await ScoreAsync(dipped, Today.AddDays(-1), 80, 0.2, false);
        await ScoreAsync(dipped, Today, 80 - drop + 1, 0.25, false);

        await db.Get<FollowUps>().CreateDueAsync(Ct);
        await db.Get<FollowUps>().CreateDueAsync(Ct);

        var task = Assert.Single(await TasksAsync(fell));
        Assert.Equal(FollowUpKind.Review, task.Kind);
        Assert.Equal(FollowUpSource.ScoreDropped, task.Source);
        Assert.Contains($"from 80 to {80 - drop}", task.Notes);
        Assert.Empty(await TasksAsync(dipped));
    }

    [Fact]
    public async Task A_complaint_resolved_seven_days_ago_makes_one_call_task_and_a_recent_one_or_a_question_none()
    {
        var account = await AccountAsync(await ManagerAsync());
        var now = db.Clock.GetUtcNow();
        var weekOld = await ResolvedTicketAsync(account, Portal.Data.Service.TicketKind.QualityComplaint, now.AddDays(-7).AddHours(-1));
        await ResolvedTicketAsync(account, Portal.Data.Service.TicketKind.DeliveryClaim, now.AddDays(-6));
        await ResolvedTicketAsync(account, Portal.Data.Service.TicketKind.ProductQuestion, now.AddDays(-8));

        var first = await db.Get<FollowUps>().CreateDueAsync(Ct);
        var again = await db.Get<FollowUps>().CreateDueAsync(Ct);

        Assert.Equal(1, first.ComplaintResolved);
        Assert.Equal(0, again.Total);
        var task = Assert.Single(await TasksAsync(account));
        Assert.Equal(weekOld, task.TicketId);
        Assert.Equal(FollowUpSource.ComplaintResolved, task.Source);
        Assert.Equal(FollowUpKind.Call, task.Kind);
    }

    [Fact]
    public async Task Completing_a_task_needs_an_outcome()
    {
        var manager = await ManagerAsync();
        var account = await AccountAsync(manager);
        var viewer = new WorkspaceViewer(manager, false);
        var followUps = db.Get<FollowUps>();
        var task = (await followUps.CreateAsync(viewer, account, new FollowUpInput(FollowUpKind.Call, Today.AddDays(1), "Ask about the spring range"), Ct))!.Value!;

        var refused = await followUps.CompleteAsync(viewer, account, task.Id, task.Version, "   ", Ct);
        Assert.False(refused!.Succeeded);
        Assert.Contains("outcome", refused.Errors["Outcome"]);
        Assert.Single(await TasksAsync(account));

        var done = await followUps.CompleteAsync(viewer, account, task.Id, task.Version, "Ordering again next week", Ct);
        Assert.True(done!.Succeeded);
        Assert.Equal("Ordering again next week", done.Value!.Outcome);
        Assert.Empty(await TasksAsync(account));
    }

    [Fact]
    public async Task A_new_task_refuses_an_unknown_kind_and_a_missing_due_date()
    {
        var manager = await ManagerAsync();
        var account = await AccountAsync(manager);
        var outcome = await db.Get<FollowUps>().CreateAsync(new WorkspaceViewer(manager, false), account, new FollowUpInput("Lunch", null, "x"), Ct);
        Assert.Equal(["DueDate", "Kind"], outcome!.Errors.Keys.Order());
    }

    [Fact]
    public async Task A_logged_contact_is_the_last_contact_as_of_later_dates_only_and_does_not_count_as_an_order()
    {
        var manager = await ManagerAsync();
        var account = await AccountAsync(manager);
        var other = await AccountAsync(manager);
        var contacts = db.Get<Contacts>();
        var viewer = new WorkspaceViewer(manager, false);
        var now = db.Clock.GetUtcNow();
        var call = now.AddDays(-3);
        Assert.True((await contacts.LogAsync(viewer, account, new ContactInput(ContactKind.Call, call, "Jo Bloggs", "Spring range"), Ct))!.Succeeded);
        Assert.True((await contacts.LogAsync(viewer, account, new ContactInput(ContactKind.Meeting, now.AddDays(-10), "Jo Bloggs", null), Ct))!.Succeeded);

        Assert.Equal(call, await contacts.LastContactUtcAsync(account, now, Ct));
        Assert.Equal(now.AddDays(-10), await contacts.LastContactUtcAsync(account, now.AddDays(-5), Ct));
        Assert.Null(await contacts.LastContactUtcAsync(account, now.AddDays(-11), Ct));
        Assert.Null(await contacts.LastContactUtcAsync(other, now, Ct));
        var all = await contacts.LastContactPerAccountAsync(now, Ct);
        Assert.Equal(call, all[account]);
        Assert.False(all.ContainsKey(other));

        var shown = await db.Get<Workspace>().AccountAsync(viewer, account, Ct);
        Assert.Equal(call, shown!.LastContactUtc);
        Assert.Null(shown.LastOrderUtc);
    }

    [Fact]
    public async Task A_contact_in_the_future_or_without_a_name_is_refused()
    {
        var manager = await ManagerAsync();
        var account = await AccountAsync(manager);
        var outcome = await db.Get<Contacts>().LogAsync(new WorkspaceViewer(manager, false), account,
            new ContactInput("Fax", db.Clock.GetUtcNow().AddDays(1), " ", null), Ct);
        Assert.Equal(["ContactedUtc", "Kind", "WithWhom"], outcome!.Errors.Keys.Order());
    }
}

public sealed class WorkspaceFacts_Sqlite(SqliteDatabase db) : WorkspaceFacts(db), IClassFixture<SqliteDatabase>;
public sealed class WorkspaceFacts_SqlServer(SqlServerDatabase db) : WorkspaceFacts(db), IClassFixture<SqlServerDatabase>;
