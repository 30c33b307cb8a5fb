namespace Portal.Data.Service;

/// <summary>What a request is about; each kind goes to a queue (the supplier admin may rename queues, not their codes).</summary>
public static class TicketKind
{
    public const string DeliveryClaim = "DeliveryClaim";
    public const string QualityComplaint = "QualityComplaint";
    public const string ProductQuestion = "ProductQuestion";
    public const string BillingQuery = "BillingQuery";
    public const string ReturnRequest = "ReturnRequest";
    public const string Other = "Other";

    public static readonly IReadOnlyList<string> All = [DeliveryClaim, QualityComplaint, ProductQuestion, BillingQuery, ReturnRequest, Other];

    public static bool IsKnown(string? kind) => kind is not null && All.Contains(kind);

    public static string Label(string kind) => kind switch
    {
        DeliveryClaim => "Delivery claim",
        QualityComplaint => "Quality complaint",
        ProductQuestion => "Product question",
        BillingQuery => "Invoice or billing query",
        ReturnRequest => "Return request",
        Other => "Other",
        _ => kind,
    };

    /// <summary>The code of the queue a kind goes to (TicketQueues.Code).</summary>
    public static string QueueCode(string kind) => kind switch
    {
        DeliveryClaim or ReturnRequest => TicketQueueCode.Deliveries,
        QualityComplaint => TicketQueueCode.Quality,
        BillingQuery => TicketQueueCode.Finance,
        _ => TicketQueueCode.General,
    };

    /// <summary>Complaints, as relationship health counts them.</summary>
    public static bool IsComplaint(string kind) => kind is DeliveryClaim or QualityComplaint or ReturnRequest;
}

public static class TicketQueueCode
{
    public const string Deliveries = "Deliveries";
    public const string Quality = "Quality";
    public const string Finance = "Finance";
    public const string General = "General";
}

/// <summary>What went wrong with a delivery (delivery claims only).</summary>
public static class ClaimType
{
    public const string Late = "Late";
    public const string Short = "Short";
    public const string Damaged = "Damaged";
    public const string WrongItem = "WrongItem";

    public static readonly IReadOnlyList<string> All = [Late, Short, Damaged, WrongItem];

    public static string Label(string claimType) => claimType switch
    {
        Late => "Late",
        Short => "Short",
        Damaged => "Damaged",
        WrongItem => "Wrong item",
        _ => claimType,
    };
}

public static class TicketStatus
{
    public const string New = "New";
    public const string Open = "Open";
    public const string WaitingOnCustomer = "WaitingOnCustomer";
    public const string Resolved = "Resolved";
    public const string Closed = "Closed";

    public static readonly IReadOnlyList<string> All = [New, Open, WaitingOnCustomer, Resolved, Closed];

    /// <summary>Not yet resolved or closed: the desk still owes the customer something (or waits on them).</summary>
    public static bool IsOpen(string status) => status is New or Open or WaitingOnCustomer;

    /// <summary>Whether SLA clocks run in this status (they stop while the request waits on the customer, and when it is done).</summary>
    public static bool ClockRuns(string status) => status is New or Open;

    public static string Label(string status) => status switch
    {
        New => "New",
        Open => "Open",
        WaitingOnCustomer => "Waiting on customer",
        Resolved => "Resolved",
        Closed => "Closed",
        _ => status,
    };
}

public static class TicketPriority
{
    public const string Low = "Low";
    public const string Normal = "Normal";
    public const string High = "High";
    public const string Urgent = "Urgent";

    public static readonly IReadOnlyList<string> All = [Low, Normal, High, Urgent];

    public static bool IsKnown(string? priority) => priority is not null && All.Contains(priority);
}

/// <summary>The impact the customer states when raising a request; the desk sets the priority.</summary>
public static class TicketImpact
{
    public const string Minor = "Minor";
    public const string Moderate = "Moderate";
    public const string Major = "Major";
    public const string Critical = "Critical";

    public static readonly IReadOnlyList<string> All = [Minor, Moderate, Major, Critical];

    public static bool IsKnown(string? impact) => impact is not null && All.Contains(impact);

    public static string Label(string impact) => impact switch
    {
        Minor => "Minor: an inconvenience",
        Moderate => "Moderate: we are working around it",
        Major => "Major: it holds up our work",
        Critical => "Critical: we cannot work",
        _ => impact,
    };
}

/// <summary>Who wrote a message in a request's thread.</summary>
public static class AuthorSide
{
    public const string Customer = "Customer";
    public const string Desk = "Desk";
    public const string System = "System";
}

public static class SlaTarget
{
    public const string FirstResponse = "FirstResponse";
    public const string Resolution = "Resolution";

    public static string Label(string target) => target == FirstResponse ? "First response" : "Resolution";
}

public static class SlaAlertKind
{
    /// <summary>80% of the target used: the assignee is warned.</summary>
    public const string Warning = "Warning";
    /// <summary>The target passed: the request is marked breached and the account manager and supplier admins told.</summary>
    public const string Breach = "Breach";
}
