using System.Net;
using Portal.Data.Mail;
using Portal.Data.Ordering;

namespace Portal.Data.Service;

/// <summary>
/// Who looks at requests. A customer sees their account's requests: a customer admin all of them, everyone else the ones
/// they raised. The desk (desk agents, supplier admins) sees and works every request; an account manager reads the
/// requests of the accounts they manage. Customers never see internal notes or the files on them.
/// </summary>
public sealed record TicketViewer(Guid? AccountId, Guid UserId, Guid? SiteId, bool SeesAccount, bool IsDesk, Guid? ManagerUserId, string Name = "")
{
    public static TicketViewer Customer(Guid accountId, Guid userId, Guid? siteId, bool isCustomerAdmin, string name = "") =>
        new(accountId, userId, siteId, isCustomerAdmin, false, null, name);
    public static TicketViewer Desk(Guid userId, string name = "") => new(null, userId, null, true, true, null, name);
    public static TicketViewer Manager(Guid userId, string name = "") => new(null, userId, null, true, false, userId, name);

    public bool IsCustomer => AccountId is not null;

    /// <summary>The person to record as author (null for an API key made without a user).</summary>
    public Guid? Who => UserId == Guid.Empty ? null : UserId;
    /// <summary>Customers never see internal notes or the files on them.</summary>
    public int PublicOnly => IsCustomer ? 1 : 0;

    /// <summary>The scope parameters every viewer-scoped statement takes.</summary>
    public Dapper.DynamicParameters Scope(object? extra = null)
    {
        var p = new Dapper.DynamicParameters(extra);
        p.Add("AccountId", AccountId);
        p.Add("RequesterUserId", IsCustomer && !SeesAccount ? UserId : (Guid?)null);
        p.Add("ManagerUserId", IsDesk || IsCustomer ? null : ManagerUserId);
        p.Add("PublicOnly", PublicOnly);
        return p;
    }
}

public sealed record Ticket
{
    public Guid Id { get; init; }
    public string Number { get; init; } = "";
    public Guid AccountId { get; init; }
    public string AccountName { get; init; } = "";
    public string AccountTimeZone { get; init; } = "UTC";
    public Guid? SiteId { get; init; }
    public Guid? OrderId { get; init; }
    public string? OrderNumber { get; init; }
    public Guid? DeliveryId { get; init; }
    public string Kind { get; init; } = "";
    public string? ClaimType { get; init; }
    public Guid QueueId { get; init; }
    public string QueueName { get; init; } = "";
    public string Subject { get; init; } = "";
    public string Status { get; init; } = "";
    public string Priority { get; init; } = "";
    public string Impact { get; init; } = "";
    public Guid? RequesterUserId { get; init; }
    public string? RequesterName { get; init; }
    public string? RequesterEmail { get; init; }
    public Guid? AssigneeUserId { get; init; }
    public string? AssigneeName { get; init; }
    public string? AssigneeEmail { get; init; }
    public DateTimeOffset CreatedUtc { get; init; }
    public DateTimeOffset UpdatedUtc { get; init; }
    public DateTimeOffset? FirstRespondedUtc { get; init; }
    public DateTimeOffset? ResolvedUtc { get; init; }
    public DateTimeOffset? ClosedUtc { get; init; }
    public DateTimeOffset? FirstResponseDueUtc { get; init; }
    public DateTimeOffset? ResolutionDueUtc { get; init; }
    public bool FirstResponseBreached { get; init; }
    public bool ResolutionBreached { get; init; }
    public int Version { get; init; }

    /// <summary>The first due instant of the clocks still running (what "time left" counts down to).</summary>
    public DateTimeOffset? NextDueUtc => NextDue(FirstResponseDueUtc, ResolutionDueUtc);

    /// <summary>The earlier of the two due instants, either of which may be absent (the desk list's "time left" order).</summary>
    public static DateTimeOffset? NextDue(DateTimeOffset? firstResponse, DateTimeOffset? resolution) =>
        firstResponse is { } f && (resolution is null || f < resolution) ? f : resolution;
}

/// <summary>
/// A row of the desk's list or the customer's list: what those tables show, read without the rest of the request. The desk's
/// rows get their account, queue and assignee names from the lists the page already holds; the customer's rows carry the
/// account's time zone, the order number and who raised it.
/// </summary>
public sealed record TicketListItem
{
    public string Number { get; init; } = "";
    public Guid AccountId { get; init; }
    public string AccountName { get; init; } = "";
    public string AccountTimeZone { get; init; } = "UTC";
    public string Kind { get; init; } = "";
    public string? OrderNumber { get; init; }
    public Guid QueueId { get; init; }
    public string QueueName { get; init; } = "";
    public string Subject { get; init; } = "";
    public string Status { get; init; } = "";
    public string Priority { get; init; } = "";
    public Guid? RequesterUserId { get; init; }
    public string? RequesterName { get; init; }
    public Guid? AssigneeUserId { get; init; }
    public string? AssigneeName { get; init; }
    public DateTimeOffset CreatedUtc { get; init; }
    public DateTimeOffset? FirstResponseDueUtc { get; init; }
    public DateTimeOffset? ResolutionDueUtc { get; init; }
    public bool FirstResponseBreached { get; init; }
    public bool ResolutionBreached { get; init; }

    /// <summary>The first due instant of the clocks still running (what "time left" counts down to).</summary>
    public DateTimeOffset? NextDueUtc => Ticket.NextDue(FirstResponseDueUtc, ResolutionDueUtc);
}

public sealed record TicketLineView
{
    public int LineNumber { get; init; }
    public int Quantity { get; init; }
    public string? Sku { get; init; }
    public string? Name { get; init; }
    public int? Ordered { get; init; }
}

public sealed record TicketMessageView
{
    public Guid Id { get; init; }
    public Guid TicketId { get; init; }
    public Guid? AuthorUserId { get; init; }
    public string? AuthorName { get; init; }
    public string AuthorSide { get; init; } = "";
    public bool IsInternal { get; init; }
    /// <summary>Sanitized when stored (<see cref="RichText"/>); shown as it is.</summary>
    public string BodyHtml { get; init; } = "";
    public DateTimeOffset CreatedUtc { get; init; }
}

public sealed record TicketStatusView
{
    public string? FromStatus { get; init; }
    public string ToStatus { get; init; } = "";
    public DateTimeOffset AtUtc { get; init; }
    public string? ByName { get; init; }
}

public sealed record TicketThread(Ticket Ticket, IReadOnlyList<TicketLineView> Lines, IReadOnlyList<TicketMessageView> Messages,
    IReadOnlyList<TicketAttachment> Attachments, IReadOnlyList<TicketStatusView> History, TicketClockReadings? Clocks);

public sealed record TicketQueue
{
    public Guid Id { get; init; }
    public string Code { get; init; } = "";
    public string Name { get; init; } = "";
    public int SortOrder { get; init; }
}

public sealed record DeskPerson
{
    public Guid Id { get; init; }
    public string DisplayName { get; init; } = "";
    public string? Email { get; init; }
}

public sealed record AccountName
{
    public Guid Id { get; init; }
    public string Name { get; init; } = "";
}

public sealed record CannedReply
{
    public Guid Id { get; init; }
    public string Name { get; init; } = "";
    public string Body { get; init; } = "";
    public DateTimeOffset UpdatedUtc { get; init; }

    /// <summary>The body with its placeholders filled: {customerName}, {orderNumber}, {agentName}.</summary>
    public string Fill(string? customerName, string? orderNumber, string? agentName) => Body
        .Replace("{customerName}", customerName ?? "", StringComparison.Ordinal)
        .Replace("{orderNumber}", orderNumber ?? "", StringComparison.Ordinal)
        .Replace("{agentName}", agentName ?? "", StringComparison.Ordinal);
}

public sealed record DeliveryRef
{
    public Guid Id { get; init; }
    public Guid ShipmentId { get; init; }
    public DateOnly DeliveredDate { get; init; }
}

public sealed record NewTicketLine(int LineNumber, int? Quantity);

public sealed record NewTicket
{
    public string? Kind { get; init; }
    public string? ClaimType { get; init; }
    public string? Impact { get; init; }
    public string? Subject { get; init; }
    public string? Body { get; init; }
    public string? OrderNumber { get; init; }
    public Guid? DeliveryId { get; init; }
    public IReadOnlyList<NewTicketLine> Lines { get; init; } = [];
    public IReadOnlyList<UploadedFile> Files { get; init; } = [];
}

public sealed record TicketReply
{
    public string? Body { get; init; }
    /// <summary>The desk's internal note: never shown to the customer, never mailed.</summary>
    public bool Internal { get; init; }
    /// <summary>The desk may set a status with a reply (e.g. Waiting on customer, Resolved).</summary>
    public string? Status { get; init; }
    public IReadOnlyList<UploadedFile> Files { get; init; } = [];
}

/// <summary>The desk list's filter and sort (<see cref="DeskSort"/>).</summary>
public sealed record DeskFilter
{
    public Guid? QueueId { get; init; }
    /// <summary>A TicketStatus, "open" (New, Open, Waiting on customer: the default) or "all".</summary>
    public string? Status { get; init; }
    public string? Priority { get; init; }
    public Guid? AccountId { get; init; }
    public Guid? AssigneeUserId { get; init; }
    public bool Unassigned { get; init; }
    public bool BreachingSoon { get; init; }
    public bool Breached { get; init; }
    public string Sort { get; init; } = DeskSort.TimeLeft;
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 50;
}

/// <summary>Which of the desk list's filters are given: its statements hold a condition for exactly these (TicketSql.DeskList).</summary>
[Flags]
public enum DeskFilters
{
    None = 0,
    /// <summary>New, Open or Waiting on customer (the default); instead of <see cref="Status"/>.</summary>
    Open = 1,
    Status = 2,
    Queue = 4,
    Assignee = 8,
    Unassigned = 16,
    Priority = 32,
    Account = 64,
    /// <summary>An account manager: the accounts they manage only.</summary>
    Manager = 128,
    Soon = 256,
    Breached = 512,
    /// <summary>The filters the kept counts (TicketCounts) can answer.</summary>
    Kept = Open | Status | Queue | Assignee | Unassigned,
    Every = 1023,
}

/// <summary>Which of the customer list's filters are given (TicketSql.CustomerList).</summary>
[Flags]
public enum CustomerFilters
{
    None = 0,
    /// <summary>Only the requests the viewer raised (everyone but a customer admin).</summary>
    Own = 1,
    Status = 2,
    /// <summary>New, Open or Waiting on customer (the default); instead of <see cref="Status"/>.</summary>
    Open = 4,
    Every = 7,
}

public static class DeskSort
{
    public const string TimeLeft = "timeleft";
    public const string FirstResponse = "firstresponse";
    public const string Resolution = "resolution";
    public const string Newest = "newest";
    public const string Updated = "updated";
    public static readonly IReadOnlyList<string> All = [TimeLeft, FirstResponse, Resolution, Newest, Updated];

    public static string Label(string sort) => sort switch
    {
        TimeLeft => "Time left (least first)",
        FirstResponse => "First response due",
        Resolution => "Resolution due",
        Newest => "Newest first",
        Updated => "Recently changed",
        _ => sort,
    };
}

/// <summary>What the desk's list page shows (<see cref="Tickets.DeskListViewAsync"/>).</summary>
public sealed record DeskListView(Page<TicketListItem> Page, IReadOnlyList<TicketQueue> Queues, IReadOnlyDictionary<Guid, int> QueueCounts,
    DeskViewCounts Views, IReadOnlyList<DeskPerson> Staff, IReadOnlyList<AccountName> Accounts);

public sealed record DeskViewCounts
{
    public int AllOpen { get; init; }
    public int Mine { get; init; }
    public int Unassigned { get; init; }
}

/// <summary>Where links in e-mails point (<c>Portal:PublicUrl</c>).</summary>
public sealed record TicketOptions(string PublicUrl = "http://localhost:5080");

/// <summary>
/// Service desk requests: raised by the customer's people (linked to an order, its lines and a delivery), a thread of
/// messages with attachments, worked by the desk (assign, status, priority, internal notes, canned replies). Every write
/// that changes what an SLA clock depends on calls <see cref="TicketClocks.RecomputeAsync"/> in its transaction; the
/// requester is mailed each desk reply and status change, the assignee each customer reply, in the same transaction.
/// </summary>
public sealed class Tickets(ConnectionFactory db, TicketSql sql, TicketClocks clocks, Orders orders, MailOutbox outbox, TicketOptions options, Satisfaction satisfaction, ServiceListCache lists, TimeProvider clock)
{
    /// <summary>A resolved request reopens on a customer reply within this time; after it, the customer raises a new one.</summary>
    public static readonly TimeSpan ReopenWithin = TimeSpan.FromDays(14);
    /// <summary>"Breaching soon": a running clock due within this time.</summary>
    public static readonly TimeSpan SoonWithin = TimeSpan.FromHours(2);
    public const int MaxLinesPerRequest = 200;

    public async Task<IReadOnlyList<TicketQueue>> QueuesAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<TicketQueue>(new CommandDefinition(sql.Queues, cancellationToken: ct))).ToList();
    }

    public async Task<Outcome<TicketQueue>> RenameQueueAsync(Guid id, string? name, CancellationToken ct = default)
    {
        name = name?.Trim();
        var errors = new FieldErrors()
            .Add(string.IsNullOrEmpty(name), "Name", "Give the queue a name.")
            .Text("Name", name, "The name", TextLimits.TicketQueues.Name);
        if (errors.Any) return Outcome<TicketQueue>.Failed(errors);
        await using var c = await db.OpenAsync(ct);
        var changed = await c.ExecuteAsync(new CommandDefinition(sql.RenameQueue, new { Id = id, Name = name }, cancellationToken: ct));
        if (changed == 0) return Outcome<TicketQueue>.Failed("Name", "There is no such queue.");
        return Outcome<TicketQueue>.Ok((await QueuesAsync(ct)).First(q => q.Id == id));
    }

    public async Task<Ticket?> GetAsync(TicketViewer viewer, string number, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(number) || number.Length > TextLimits.Tickets.Number) return null;
        await using var c = await db.OpenAsync(ct);
        return await GetAsync(c, null, viewer, number, ct);
    }

    private async Task<Ticket?> GetAsync(DbConnection c, DbTransaction? tx, TicketViewer viewer, string number, CancellationToken ct) =>
        await c.QuerySingleOrDefaultAsync<Ticket>(new CommandDefinition(sql.TicketByNumber, viewer.Scope(new { Number = number.Trim() }), tx, cancellationToken: ct));

    /// <summary>The request with its lines, thread (public only for customers), files, status history and clocks; null when not the viewer's.</summary>
    public async Task<TicketThread?> ThreadAsync(TicketViewer viewer, string number, CancellationToken ct = default)
    {
        var ticket = await GetAsync(viewer, number, ct);
        if (ticket is null) return null;
        await using var c = await db.OpenAsync(ct);
        var publicOnly = viewer.PublicOnly;
        var lines = (await c.QueryAsync<TicketLineView>(new CommandDefinition(sql.Lines, new { TicketId = ticket.Id }, cancellationToken: ct))).ToList();
        var messages = (await c.QueryAsync<TicketMessageView>(new CommandDefinition(sql.Messages, new { TicketId = ticket.Id, PublicOnly = publicOnly }, cancellationToken: ct))).ToList();
        var files = (await c.QueryAsync<TicketAttachment>(new CommandDefinition(sql.AttachmentsOfTicket, new { TicketId = ticket.Id, PublicOnly = publicOnly }, cancellationToken: ct))).ToList();
        var history = (await c.QueryAsync<TicketStatusView>(new CommandDefinition(sql.StatusHistory, new { TicketId = ticket.Id }, cancellationToken: ct))).ToList();
        var readings = await clocks.ReadAsync(c, null, ticket.Id, ct: ct);
        return new TicketThread(ticket, lines, messages, files, history, readings);
    }

    private sealed class AttachmentRow
    {
        public Guid Id { get; init; }
        public Guid TicketId { get; init; }
        public Guid MessageId { get; init; }
        public string FileName { get; init; } = "";
        public string ContentType { get; init; } = "";
        public int Size { get; init; }
        public DateTimeOffset CreatedUtc { get; init; }
        public byte[] Content { get; init; } = [];
    }

    /// <summary>An attachment's bytes when the viewer may see its request (and, for customers, its message); else null.</summary>
    public async Task<AttachmentContent?> AttachmentAsync(TicketViewer viewer, Guid id, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var p = viewer.Scope(new { Id = id });
        var row = await c.QuerySingleOrDefaultAsync<AttachmentRow>(new CommandDefinition(sql.AttachmentContent, p, cancellationToken: ct));
        return row is null ? null : new AttachmentContent(new TicketAttachment
        {
            Id = row.Id, TicketId = row.TicketId, MessageId = row.MessageId, FileName = row.FileName, ContentType = row.ContentType,
            Size = row.Size, CreatedUtc = row.CreatedUtc,
        }, row.Content);
    }

    /// <summary>The customer's requests (their own, or the account's for a customer admin), newest first.</summary>
    public async Task<Page<TicketListItem>> CustomerListAsync(TicketViewer viewer, string? status, int page = 1, int pageSize = 50, CancellationToken ct = default)
    {
        if (!viewer.IsCustomer) throw new InvalidOperationException("The customer's list is read with the customer's account.");
        var (one, open) = StatusFilter(status);
        var filters = (viewer.SeesAccount ? CustomerFilters.None : CustomerFilters.Own)
            | (one is not null ? CustomerFilters.Status : CustomerFilters.None) | (open ? CustomerFilters.Open : CustomerFilters.None);
        var p = viewer.Scope(new { Status = one, Skip = Paging.Skip(page, pageSize), Take = pageSize });
        await using var c = await db.OpenAsync(ct);
        var key = new CustomerListKey(await lists.AccountVersionAsync(c, viewer.AccountId!.Value, ct), viewer.AccountId!.Value, viewer.SeesAccount ? null : viewer.UserId, filters, one, page, pageSize);
        return await lists.GetAsync(key, async () =>
        {
            var items = (await c.QueryAsync<TicketListItem>(new CommandDefinition(sql.CustomerList(filters), p, cancellationToken: ct))).ToList();
            // a first page that is not full needs no count
            var total = page <= 1 && items.Count < pageSize
                ? items.Count
                : await c.ExecuteScalarAsync<int>(new CommandDefinition(sql.CustomerCount(filters), p, cancellationToken: ct));
            return new Page<TicketListItem>(items, Math.Max(1, page), pageSize, total);
        });
    }

    private sealed record CustomerListKey(long Version, Guid AccountId, Guid? RequesterUserId, CustomerFilters Filters, string? Status, int Page, int PageSize);

    /// <summary>"open" (the default), "all" or one status; anything else reads as the default.</summary>
    public static (string? One, bool OpenOnly) StatusFilter(string? status) => status switch
    {
        "all" => (null, false),
        _ when status is not null && TicketStatus.All.Contains(status) => (status, false),
        _ => (null, true),
    };

    /// <summary>Requests changed at or after an instant (the API), at most <paramref name="take"/>.</summary>
    public async Task<IReadOnlyList<Ticket>> SinceAsync(TicketViewer viewer, DateTimeOffset since, int take = 200, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<Ticket>(new CommandDefinition(sql.Since, viewer.Scope(new { Since = since, Skip = 0, Take = take }), cancellationToken: ct))).ToList();
    }

    /// <summary>The desk's list: filters, sort by time left (or due times, newest, recently changed), paged.</summary>
    public async Task<Page<TicketListItem>> DeskListAsync(TicketViewer viewer, DeskFilter filter, CancellationToken ct = default) =>
        (await DeskListViewAsync(viewer, filter, ct)).Page;

    private async Task<Page<TicketListItem>> DeskListAsync(DbConnection c, TicketViewer viewer, DeskFilter filter, CancellationToken ct)
    {
        var (one, open) = StatusFilter(filter.Status);
        var priority = TicketPriority.IsKnown(filter.Priority) ? filter.Priority : null;
        var manager = viewer.IsDesk ? null : viewer.ManagerUserId;
        var f = (open ? DeskFilters.Open : DeskFilters.None) | (one is not null ? DeskFilters.Status : DeskFilters.None)
            | (filter.QueueId is not null ? DeskFilters.Queue : DeskFilters.None) | (priority is not null ? DeskFilters.Priority : DeskFilters.None)
            | (filter.AccountId is not null ? DeskFilters.Account : DeskFilters.None) | (filter.AssigneeUserId is not null ? DeskFilters.Assignee : DeskFilters.None)
            | (filter.Unassigned ? DeskFilters.Unassigned : DeskFilters.None) | (manager is not null ? DeskFilters.Manager : DeskFilters.None)
            | (filter.BreachingSoon ? DeskFilters.Soon : DeskFilters.None) | (filter.Breached ? DeskFilters.Breached : DeskFilters.None);
        var now = clock.GetUtcNow();
        var p = new DynamicParameters(new
        {
            filter.QueueId, Status = one, Priority = priority, filter.AccountId, filter.AssigneeUserId, ManagerUserId = manager,
            Now = now, Soon = now + SoonWithin, Skip = Paging.Skip(filter.Page, filter.PageSize), Take = filter.PageSize,
        });
        var items = (await c.QueryAsync<TicketListItem>(new CommandDefinition(sql.DeskList(f, filter.Sort), p, cancellationToken: ct))).ToList();
        // a first page that is not full needs no count
        var total = filter.Page <= 1 && items.Count < filter.PageSize
            ? items.Count
            : await c.ExecuteScalarAsync<int>(new CommandDefinition(sql.DeskCount(f), p, cancellationToken: ct));
        return new Page<TicketListItem>(items, Math.Max(1, filter.Page), filter.PageSize, total);
    }

    /// <summary>
    /// The desk list's rows with their account, queue and assignee names: from the lists given (the page's filter options),
    /// and for the few ids not in them (an assignee who left the desk, an account outside the list) from one read each.
    /// </summary>
    private async Task<Page<TicketListItem>> NamedAsync(DbConnection c, Page<TicketListItem> page, IReadOnlyList<TicketQueue> queues,
        IReadOnlyList<DeskPerson> staff, IReadOnlyList<AccountName> accounts, CancellationToken ct)
    {
        if (page.Items.Count == 0) return page;
        var accountNames = accounts.ToDictionary(a => a.Id, a => a.Name);
        var people = staff.ToDictionary(p => p.Id, p => p.DisplayName);
        // rare: an assignee who has left the desk, an account missing from the list given
        foreach (var id in page.Items.Select(t => t.AccountId).Where(id => !accountNames.ContainsKey(id)).Distinct().ToList())
            accountNames[id] = (await c.QuerySingleOrDefaultAsync<AccountName>(new CommandDefinition(sql.AccountNameById, new { Id = id }, cancellationToken: ct)))?.Name ?? "";
        foreach (var id in page.Items.Where(t => t.AssigneeUserId is { } a && !people.ContainsKey(a)).Select(t => t.AssigneeUserId!.Value).Distinct().ToList())
            people[id] = (await c.QuerySingleOrDefaultAsync<DeskPerson>(new CommandDefinition(sql.PersonById, new { Id = id }, cancellationToken: ct)))?.DisplayName ?? "";
        var queueNames = queues.ToDictionary(q => q.Id, q => q.Name);
        return page with
        {
            Items = page.Items.Select(t => t with
            {
                AccountName = accountNames.GetValueOrDefault(t.AccountId, ""),
                QueueName = queueNames.GetValueOrDefault(t.QueueId, ""),
                AssigneeName = t.AssigneeUserId is { } a ? people.GetValueOrDefault(a) : null,
            }).ToList(),
        };
    }

    private sealed class QueueCountRow
    {
        public Guid QueueId { get; init; }
        public int Requests { get; init; }
        public int Mine { get; init; }
        public int Unassigned { get; init; }
    }

    /// <summary>Open requests per queue, and all open / mine / unassigned.</summary>
    public async Task<(IReadOnlyDictionary<Guid, int> Queues, DeskViewCounts Views)> CountsAsync(TicketViewer viewer, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await CountsAsync(c, viewer, ct);
    }

    private async Task<(IReadOnlyDictionary<Guid, int> Queues, DeskViewCounts Views)> CountsAsync(DbConnection c, TicketViewer viewer, CancellationToken ct)
    {
        var manager = viewer.IsDesk ? null : viewer.ManagerUserId;
        var rows = (await c.QueryAsync<QueueCountRow>(new CommandDefinition(manager is null ? sql.DeskQueueCounts : sql.ManagerQueueCounts,
            new { ManagerUserId = manager, viewer.UserId }, cancellationToken: ct))).ToList();
        return (rows.ToDictionary(r => r.QueueId, r => r.Requests),
            new DeskViewCounts { AllOpen = rows.Sum(r => r.Requests), Mine = rows.Sum(r => r.Mine), Unassigned = rows.Sum(r => r.Unassigned) });
    }

    /// <summary>Everything the desk's list page shows, read on one connection: the page of requests, the queues with their
    /// open counts, the staff and the accounts to filter by.</summary>
    /// <remarks>
    /// Kept between requests (<see cref="ServiceListCache"/>) under the lists' version: the queues, staff and accounts per
    /// viewer scope, the counts per viewer, the page per filter (and per 15 s of the clock for "breaching soon" and
    /// "breached"). A desk of thirty people looking at the same queues reads the database once per change, not per look.
    /// </remarks>
    public async Task<DeskListView> DeskListViewAsync(TicketViewer viewer, DeskFilter filter, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var version = await lists.VersionAsync(c, ct);
        var manager = viewer.IsDesk ? null : viewer.ManagerUserId;
        var reference = await lists.GetAsync(new DeskReferenceKey(version, manager), async () => new DeskReference(
            (await c.QueryAsync<TicketQueue>(new CommandDefinition(sql.Queues, cancellationToken: ct))).ToList(),
            (await c.QueryAsync<DeskPerson>(new CommandDefinition(sql.DeskStaff, cancellationToken: ct))).ToList(),
            await AccountsAsync(c, viewer, ct)));
        var counts = await lists.GetAsync(new DeskCountsKey(version, manager, viewer.UserId), async () => new DeskCounts(await CountsAsync(c, viewer, ct)));
        var page = await lists.GetAsync(new DeskPageKey(version, manager, filter, lists.Step(filter.BreachingSoon || filter.Breached)),
            async () => await NamedAsync(c, await DeskListAsync(c, viewer, filter, ct), reference.Queues, reference.Staff, reference.Accounts, ct));
        return new DeskListView(page, reference.Queues, counts.Value.Queues, counts.Value.Views, reference.Staff, reference.Accounts);
    }

    private sealed record DeskReferenceKey(long Version, Guid? ManagerUserId);
    private sealed record DeskReference(IReadOnlyList<TicketQueue> Queues, IReadOnlyList<DeskPerson> Staff, IReadOnlyList<AccountName> Accounts);
    private sealed record DeskCountsKey(long Version, Guid? ManagerUserId, Guid UserId);
    private sealed record DeskCounts((IReadOnlyDictionary<Guid, int> Queues, DeskViewCounts Views) Value);
    private sealed record DeskPageKey(long Version, Guid? ManagerUserId, DeskFilter Filter, long ClockStep);

    public async Task<IReadOnlyList<DeskPerson>> DeskStaffAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<DeskPerson>(new CommandDefinition(sql.DeskStaff, cancellationToken: ct))).ToList();
    }

    public async Task<IReadOnlyList<AccountName>> AccountsAsync(TicketViewer viewer, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await AccountsAsync(c, viewer, ct);
    }

    /// <summary>The accounts the viewer works for: every one for the desk, an account manager's own.</summary>
    private async Task<IReadOnlyList<AccountName>> AccountsAsync(DbConnection c, TicketViewer viewer, CancellationToken ct) =>
        (await c.QueryAsync<AccountName>(new CommandDefinition(sql.Accounts, new { ManagerUserId = viewer.IsDesk ? null : viewer.ManagerUserId }, cancellationToken: ct))).ToList();

    public async Task<IReadOnlyList<DeliveryRef>> DeliveriesAsync(Guid accountId, Guid orderId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<DeliveryRef>(new CommandDefinition(sql.DeliveriesOfOrder, new { OrderId = orderId, AccountId = accountId }, cancellationToken: ct))).ToList();
    }

    // ---- raising a request ------------------------------------------------------------------------------------------

    public async Task<Outcome<Ticket>> CreateAsync(TicketViewer viewer, NewTicket input, CancellationToken ct = default)
    {
        if (!viewer.IsCustomer) throw new InvalidOperationException("Requests are raised by the customer's people.");
        var accountId = viewer.AccountId!.Value;
        var subject = input.Subject?.Trim();
        var errors = new FieldErrors()
            .Add(!TicketKind.IsKnown(input.Kind), "Kind", "Choose what the request is about.")
            .Add(!string.IsNullOrEmpty(input.ClaimType) && !ClaimType.All.Contains(input.ClaimType), "ClaimType",
                "Choose what went wrong with the delivery: late, short, damaged or wrong item.")
            .Add(!string.IsNullOrEmpty(input.ClaimType) && input.Kind is not null && input.Kind != TicketKind.DeliveryClaim && TicketKind.IsKnown(input.Kind), "ClaimType",
                "What went wrong with a delivery is asked for delivery claims only; choose Delivery claim, or leave it empty.")
            .Add(!TicketImpact.IsKnown(input.Impact), "Impact", "Choose how much it affects you.")
            .Add(string.IsNullOrEmpty(subject), "Subject", "Give the request a subject: a few words that say what is wrong.")
            .Text("Subject", subject, "The subject", TextLimits.Tickets.Subject);
        var body = CheckBody(input.Body, errors, "Body");

        Order? order = null;
        var lines = new List<(int LineNumber, int Quantity)>();
        if (!string.IsNullOrWhiteSpace(input.OrderNumber))
        {
            order = input.OrderNumber.Length <= TextLimits.ReorderOccurrences.OrderNumber
                ? await orders.GetAsync(new OrderViewer(accountId, viewer.UserId, viewer.SiteId, viewer.SeesAccount), input.OrderNumber.Trim(), ct)
                : null;
            errors.Add(order is null, "OrderNumber", $"There is no order {input.OrderNumber.Trim()} of yours. Check the number, or leave it out.");
        }
        if (order is not null)
        {
            var (orderLines, _) = await orders.DetailsAsync(order, ct);
            for (var i = 0; i < input.Lines.Count; i++)
            {
                var l = input.Lines[i];
                if (l.Quantity is null or 0) continue;
                var line = orderLines.FirstOrDefault(x => x.LineNumber == l.LineNumber);
                var field = $"Lines[{i}].Quantity";
                if (line is null) errors.Add(true, field, $"{order.Number} has no line {l.LineNumber}.");
                else if (l.Quantity < 0) errors.Add(true, field, $"The quantity affected on line {l.LineNumber} cannot be negative.");
                else if (l.Quantity > line.Quantity) errors.Add(true, field, $"Line {l.LineNumber} ({line.Name}) was ordered {line.Quantity}; the quantity affected can be at most that.");
                else lines.Add((l.LineNumber, l.Quantity.Value));
            }
            errors.Add(lines.Select(l => l.LineNumber).Distinct().Count() != lines.Count, "Lines", "Each line can be named once.");
            if (input.DeliveryId is { } deliveryId)
                errors.Add(!(await DeliveriesAsync(accountId, order.Id, ct)).Any(d => d.Id == deliveryId), "DeliveryId", "Choose one of the order's deliveries, or none.");
        }
        else
        {
            errors.Add(input.Lines.Any(l => l.Quantity is > 0), "OrderNumber", "Name the order the lines belong to.");
            errors.Add(input.DeliveryId is not null && string.IsNullOrWhiteSpace(input.OrderNumber), "DeliveryId", "Name the order the delivery belongs to.");
        }
        errors.Add(lines.Count > MaxLinesPerRequest, "Lines", $"A request can name at most {MaxLinesPerRequest} lines.");
        var (files, fileProblem) = Attachments.Check(input.Files);
        errors.Add(fileProblem is not null, "Files", fileProblem ?? "");
        if (errors.Any) return Outcome<Ticket>.Failed(errors);

        var now = clock.GetUtcNow();
        var id = Guid.NewGuid();
        string number;
        await using (var c = await db.OpenAsync(ct))
        await using (var tx = await db.BeginWriteAsync(c, ct))
        {
            var queues = (await c.QueryAsync<TicketQueue>(new CommandDefinition(sql.Queues, transaction: tx, cancellationToken: ct))).ToList();
            var queue = queues.First(q => q.Code == TicketKind.QueueCode(input.Kind!));
            number = $"RQ-{await c.ExecuteScalarAsync<long>(new CommandDefinition(sql.NextNumber, new { Name = "ticket-number" }, tx, cancellationToken: ct))}";
            await c.ExecuteAsync(new CommandDefinition(sql.InsertTicket, new
            {
                Id = id, Number = number, AccountId = accountId, SiteId = order?.SiteId ?? viewer.SiteId, OrderId = order?.Id,
                DeliveryId = order is null ? null : input.DeliveryId, input.Kind, ClaimType = input.Kind == TicketKind.DeliveryClaim && !string.IsNullOrEmpty(input.ClaimType) ? input.ClaimType : null,
                QueueId = queue.Id, Subject = subject, Status = TicketStatus.New, Priority = TicketPriority.Normal, input.Impact,
                RequesterUserId = viewer.Who, Now = now,
            }, tx, cancellationToken: ct));
            // the first status change is the creation itself: the clocks start from it
            await c.ExecuteAsync(new CommandDefinition(sql.InsertStatusChange, new { Id = Guid.NewGuid(), TicketId = id, FromStatus = (string?)null, ToStatus = TicketStatus.New, ChangedByUserId = viewer.Who, Now = now }, tx, cancellationToken: ct));
            if (lines.Count > 0)
                await c.ExecuteAsync(new CommandDefinition(sql.InsertLine, lines.Select(l => new { TicketId = id, l.LineNumber, l.Quantity }).ToList(), tx, cancellationToken: ct));
            await InsertMessageAsync(c, tx, id, viewer.Who, AuthorSide.Customer, false, body!, files, now, ct);
            await clocks.RecomputeAsync(c, tx, id, ct: ct);
            await tx.CommitAsync(ct);
        }
        return Outcome<Ticket>.Ok((await GetAsync(viewer, number, ct))!);
    }

    private static string? CheckBody(string? source, FieldErrors errors, string field)
    {
        if (source is { Length: > RichText.MaxSourceLength })
        {
            errors.Add(true, field, TextLimits.TooLong("The message", RichText.MaxSourceLength));
            return null;
        }
        var html = RichText.FromEditor(source);
        errors.Add(!RichText.HasText(html), field, "Write the message: what happened, and what you need from us.");
        return html;
    }

    private async Task<Guid> InsertMessageAsync(DbConnection c, DbTransaction tx, Guid ticketId, Guid? authorId, string side, bool isInternal, string bodyHtml,
        IReadOnlyList<(string Name, string ContentType, byte[] Content)> files, DateTimeOffset now, CancellationToken ct)
    {
        var messageId = Guid.NewGuid();
        await c.ExecuteAsync(new CommandDefinition(sql.InsertMessage, new
        {
            Id = messageId, TicketId = ticketId, AuthorUserId = authorId, AuthorSide = side, IsInternal = isInternal ? 1 : 0, BodyHtml = bodyHtml, Now = now,
        }, tx, cancellationToken: ct));
        foreach (var f in files)
            await c.ExecuteAsync(new CommandDefinition(sql.InsertAttachment, new
            {
                Id = Guid.NewGuid(), TicketId = ticketId, MessageId = messageId, FileName = f.Name, f.ContentType, Size = f.Content.Length, f.Content, Now = now,
            }, tx, cancellationToken: ct));
        return messageId;
    }

    // ---- the thread -------------------------------------------------------------------------------------------------

    /// <summary>
    /// A reply. The customer's reopens a resolved request within 14 days (after that it is refused: raise a new one) and
    /// takes a request waiting on them back to Open; the assignee is mailed. The desk's public reply stops the first-response
    /// clock, may set a status, and is mailed to the requester; an internal note changes nothing the customer sees.
    /// Null when the viewer may not see the request.
    /// </summary>
    public async Task<Outcome<Ticket>?> ReplyAsync(TicketViewer viewer, string number, TicketReply reply, CancellationToken ct = default, bool notify = true)
    {
        var ticket = await GetAsync(viewer, number, ct);
        if (ticket is null) return null;
        if (!viewer.IsCustomer && !viewer.IsDesk) return Outcome<Ticket>.Failed("", "Account managers read requests; the desk answers them.");
        var errors = new FieldErrors();
        var body = CheckBody(reply.Body, errors, "Body");
        var now = clock.GetUtcNow();
        string? newStatus = null;
        if (viewer.IsCustomer)
        {
            if (ticket.Status == TicketStatus.Closed)
                errors.Add(true, "Body", $"{ticket.Number} is closed. Raise a new request, and mention {ticket.Number} in it.");
            else if (ticket.Status == TicketStatus.Resolved)
            {
                if (ticket.ResolvedUtc is { } resolved && now - resolved > ReopenWithin)
                    errors.Add(true, "Body", $"{ticket.Number} was resolved more than 14 days ago and can no longer be reopened. Raise a new request, and mention {ticket.Number} in it.");
                else newStatus = TicketStatus.Open;
            }
            else if (ticket.Status == TicketStatus.WaitingOnCustomer) newStatus = TicketStatus.Open;
        }
        else if (!reply.Internal)
        {
            if (reply.Status is { Length: > 0 } s)
            {
                errors.Add(!TicketStatus.All.Contains(s), "Status", "Choose a status from the list.");
                if (TicketStatus.All.Contains(s) && s != ticket.Status) newStatus = s;
            }
            else if (ticket.Status == TicketStatus.New) newStatus = TicketStatus.Open;
        }
        var (files, fileProblem) = Attachments.Check(reply.Files);
        errors.Add(fileProblem is not null, "Files", fileProblem ?? "");
        if (errors.Any) return Outcome<Ticket>.Failed(errors);

        var isInternal = viewer.IsDesk && reply.Internal;
        var mails = new List<Guid>();
        await using (var c = await db.OpenAsync(ct))
        await using (var tx = await db.BeginWriteAsync(c, ct))
        {
            var current = await GetAsync(c, tx, viewer, number, ct);
            if (current is null) return null;
            await InsertMessageAsync(c, tx, ticket.Id, viewer.Who, viewer.IsDesk ? AuthorSide.Desk : AuthorSide.Customer, isInternal, body!, files, now, ct);
            await c.ExecuteAsync(new CommandDefinition(sql.Touch, new { ticket.Id, Now = now, FirstResponse = viewer.IsDesk && !isInternal ? 1 : 0 }, tx, cancellationToken: ct));
            if (newStatus is not null)
            {
                var changed = await ChangeStatusAsync(c, tx, current, newStatus, viewer.Who, null, now, ct);
                if (!changed) return Outcome<Ticket>.Failed("", $"{ticket.Number} changed meanwhile; look at it again and send your reply once more.");
            }
            if (!isInternal) await clocks.RecomputeAsync(c, tx, ticket.Id, ct: ct);

            if (notify && viewer.IsDesk && !isInternal && current.RequesterEmail is { Length: > 0 } to)
                mails.Add(await outbox.QueueAsync(c, tx, to, $"{current.Number}: the service desk replied to your request",
                    Mail($"{Encode(viewer.Name)} replied to your request {Encode(current.Number)} “{Encode(current.Subject)}”:", body!,
                        newStatus is null ? null : $"Its status is now {Encode(TicketStatus.Label(newStatus))}.", CustomerLink(current.Number)), ct));
            if (notify && viewer.IsCustomer && current.AssigneeEmail is { Length: > 0 } assignee && current.AssigneeUserId != viewer.UserId)
                mails.Add(await outbox.QueueAsync(c, tx, assignee, $"{current.Number}: {current.RequesterName ?? viewer.Name} replied",
                    Mail($"{Encode(viewer.Name)} of {Encode(current.AccountName)} replied to {Encode(current.Number)} “{Encode(current.Subject)}”:", body!,
                        newStatus is null ? null : $"The request is {Encode(TicketStatus.Label(newStatus).ToLowerInvariant())} again.", DeskLink(current.Number)), ct));
            await tx.CommitAsync(ct);
        }
        foreach (var m in mails) outbox.Wake(m);
        return Outcome<Ticket>.Ok((await GetAsync(viewer, number, ct))!);
    }

    private async Task<bool> ChangeStatusAsync(DbConnection c, DbTransaction tx, Ticket current, string status, Guid? byUserId, int? version, DateTimeOffset now, CancellationToken ct)
    {
        var resolved = status is TicketStatus.Resolved ? now : status is TicketStatus.Closed ? current.ResolvedUtc ?? now : current.ResolvedUtc;
        var closed = status == TicketStatus.Closed ? now : (DateTimeOffset?)null;
        var rows = await c.ExecuteAsync(new CommandDefinition(sql.SetStatus, new
        {
            current.Id, Status = status, OldStatus = current.Status, Version = version, ResolvedUtc = resolved, ClosedUtc = closed, Now = now,
        }, tx, cancellationToken: ct));
        if (rows == 0) return false;
        await c.ExecuteAsync(new CommandDefinition(sql.InsertStatusChange, new { Id = Guid.NewGuid(), TicketId = current.Id, FromStatus = current.Status, ToStatus = status, ChangedByUserId = byUserId, Now = now }, tx, cancellationToken: ct));
        // on resolution the requester is asked to rate it (the outbox job sends it with the status mail)
        if (status == TicketStatus.Resolved) await satisfaction.RatingInvitationAsync(c, tx, current.Id, ct);
        return true;
    }

    // ---- the desk's work --------------------------------------------------------------------------------------------

    /// <summary>The desk sets a status (at the version they saw); the requester is told. Null when there is no such request.</summary>
    public async Task<Outcome<Ticket>?> SetStatusAsync(TicketViewer viewer, string number, string? status, int? version, CancellationToken ct = default, bool notify = true)
    {
        if (!viewer.IsDesk) return Outcome<Ticket>.Failed("", "Only the service desk changes a request's status.");
        var ticket = await GetAsync(viewer, number, ct);
        if (ticket is null) return null;
        if (status is null || !TicketStatus.All.Contains(status)) return Outcome<Ticket>.Failed("Status", "Choose a status from the list.");
        if (status == ticket.Status) return Outcome<Ticket>.Failed("Status", $"{ticket.Number} is already {TicketStatus.Label(status).ToLowerInvariant()}.");
        var now = clock.GetUtcNow();
        Guid? mail = null;
        await using (var c = await db.OpenAsync(ct))
        await using (var tx = await db.BeginWriteAsync(c, ct))
        {
            if (!await ChangeStatusAsync(c, tx, ticket, status, viewer.Who, version, now, ct))
                return Outcome<Ticket>.Failed("", $"Someone changed {ticket.Number} after you opened it. Look at it again, then make your change.");
            await clocks.RecomputeAsync(c, tx, ticket.Id, ct: ct);
            if (notify && ticket.RequesterEmail is { Length: > 0 } to)
                mail = await outbox.QueueAsync(c, tx, to, $"{ticket.Number} is now {TicketStatus.Label(status).ToLowerInvariant()}",
                    Mail($"Your request {Encode(ticket.Number)} “{Encode(ticket.Subject)}” is now {Encode(TicketStatus.Label(status).ToLowerInvariant())}.", null,
                        status == TicketStatus.Resolved ? "If it is not solved for you, reply within 14 days and it opens again." : null, CustomerLink(ticket.Number)), ct);
            await tx.CommitAsync(ct);
        }
        if (mail is { } m) outbox.Wake(m);
        return Outcome<Ticket>.Ok((await GetAsync(viewer, number, ct))!);
    }

    public async Task<Outcome<Ticket>?> SetPriorityAsync(TicketViewer viewer, string number, string? priority, int? version, CancellationToken ct = default)
    {
        if (!viewer.IsDesk) return Outcome<Ticket>.Failed("", "Only the service desk sets a request's priority.");
        var ticket = await GetAsync(viewer, number, ct);
        if (ticket is null) return null;
        if (!TicketPriority.IsKnown(priority)) return Outcome<Ticket>.Failed("Priority", "Choose a priority from the list.");
        await using (var c = await db.OpenAsync(ct))
        await using (var tx = await db.BeginWriteAsync(c, ct))
        {
            var rows = await c.ExecuteAsync(new CommandDefinition(sql.SetPriority, new { ticket.Id, Priority = priority, Version = version, Now = clock.GetUtcNow() }, tx, cancellationToken: ct));
            if (rows == 0) return Outcome<Ticket>.Failed("", $"Someone changed {ticket.Number} after you opened it. Look at it again, then make your change.");
            await clocks.RecomputeAsync(c, tx, ticket.Id, ct: ct);
            await tx.CommitAsync(ct);
        }
        return Outcome<Ticket>.Ok((await GetAsync(viewer, number, ct))!);
    }

    /// <summary>Assign (or take: the viewer themself; or unassign: null) at the version the person saw.</summary>
    public async Task<Outcome<Ticket>?> AssignAsync(TicketViewer viewer, string number, Guid? assigneeUserId, int version, CancellationToken ct = default)
    {
        if (!viewer.IsDesk) return Outcome<Ticket>.Failed("", "Only the service desk assigns requests.");
        var ticket = await GetAsync(viewer, number, ct);
        if (ticket is null) return null;
        if (assigneeUserId is { } a && !(await DeskStaffAsync(ct)).Any(p => p.Id == a))
            return Outcome<Ticket>.Failed("AssigneeUserId", "Choose a desk agent or supplier admin from the list.");
        Guid? mail = null;
        await using (var c = await db.OpenAsync(ct))
        await using (var tx = await db.BeginWriteAsync(c, ct))
        {
            var rows = await c.ExecuteAsync(new CommandDefinition(sql.SetAssignee, new { ticket.Id, AssigneeUserId = assigneeUserId, Version = version, Now = clock.GetUtcNow() }, tx, cancellationToken: ct));
            if (rows == 0)
            {
                await tx.RollbackAsync(ct);
                var now = await GetAsync(viewer, number, ct);
                return Outcome<Ticket>.Failed("", $"Someone changed {ticket.Number} after you opened it{(now?.AssigneeName is { } who ? $": it is now assigned to {who}" : "")}. Look at it again, then make your change.");
            }
            // the new assignee hears of it (not someone taking a request themselves, nor the one it was already with)
            if (assigneeUserId is { } to && to != viewer.UserId && to != ticket.AssigneeUserId
                && await GetAsync(c, tx, viewer, number, ct) is { AssigneeEmail: { Length: > 0 } email } assigned)
                mail = await outbox.QueueAsync(c, tx, email, $"{assigned.Number}: assigned to you",
                    Mail($"{Encode(viewer.Name is { Length: > 0 } by ? by : "The service desk")} assigned {Encode(assigned.Number)} “{Encode(assigned.Subject)}” "
                        + $"from {Encode(assigned.AccountName)} to you.", null,
                        $"Priority {Encode(assigned.Priority.ToLowerInvariant())}, status {Encode(TicketStatus.Label(assigned.Status).ToLowerInvariant())}.", DeskLink(assigned.Number)), ct);
            await tx.CommitAsync(ct);
        }
        if (mail is { } m) outbox.Wake(m);
        return Outcome<Ticket>.Ok((await GetAsync(viewer, number, ct))!);
    }

    // ---- canned replies ---------------------------------------------------------------------------------------------

    public async Task<IReadOnlyList<CannedReply>> CannedRepliesAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<CannedReply>(new CommandDefinition(sql.CannedReplies, cancellationToken: ct))).ToList();
    }

    public async Task<CannedReply?> CannedReplyAsync(Guid id, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<CannedReply>(new CommandDefinition(sql.CannedReply, new { Id = id }, cancellationToken: ct));
    }

    /// <summary>Adds (id null) or changes a canned reply.</summary>
    public async Task<Outcome<CannedReply>> SaveCannedAsync(Guid? id, string? name, string? body, CancellationToken ct = default)
    {
        name = name?.Trim();
        var errors = new FieldErrors()
            .Add(string.IsNullOrEmpty(name), "Name", "Give the canned reply a name.")
            .Text("Name", name, "The name", TextLimits.CannedReplies.Name)
            .Add(string.IsNullOrWhiteSpace(body), "Body", "Write the reply.")
            .Text("Body", body, "The reply", TextLimits.CannedReplies.Body, multiLine: true);
        await using var c = await db.OpenAsync(ct);
        if (!errors.Any)
            errors.Add(await c.ExecuteScalarAsync<int>(new CommandDefinition(sql.CannedNameTaken, new { Name = name, Id = id ?? Guid.Empty }, cancellationToken: ct)) > 0,
                "Name", $"There is already a canned reply called {name}.");
        if (errors.Any) return Outcome<CannedReply>.Failed(errors);
        var key = id ?? Guid.NewGuid();
        var rows = await c.ExecuteAsync(new CommandDefinition(id is null ? sql.InsertCanned : sql.UpdateCanned,
            new { Id = key, Name = name, Body = body!.Replace("\r\n", "\n"), Now = clock.GetUtcNow() }, cancellationToken: ct));
        if (rows == 0) return Outcome<CannedReply>.Failed("Name", "That canned reply was deleted meanwhile.");
        return Outcome<CannedReply>.Ok((await CannedReplyAsync(key, ct))!);
    }

    public async Task DeleteCannedAsync(Guid id, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(sql.DeleteCanned, new { Id = id }, cancellationToken: ct));
    }

    // ---- mail -------------------------------------------------------------------------------------------------------

    public string CustomerLink(string number) => $"{options.PublicUrl.TrimEnd('/')}/requests/{Uri.EscapeDataString(number)}";
    public string DeskLink(string number) => $"{options.PublicUrl.TrimEnd('/')}/desk/requests/{Uri.EscapeDataString(number)}";

    private static string Encode(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <summary>A mail body: an encoded lead sentence, the message's stored (sanitized) HTML, an encoded note and the link.</summary>
    private static string Mail(string lead, string? bodyHtml, string? note, string link) =>
        $"<p>{lead}</p>" +
        (bodyHtml is null ? "" : $"<blockquote>{RichText.Sanitize(bodyHtml)}</blockquote>") +
        (note is null ? "" : $"<p>{note}</p>") +
        $"<p><a href=\"{Encode(link)}\">Open the request</a></p>";
}
