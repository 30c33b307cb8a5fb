namespace Portal.Data;

/// <summary>
/// The longest text the portal accepts per table column, in one place: the stores' validation, the pages' input models
/// ([StringLength] and maxlength) and the API use these numbers. Each nested class is a table, each constant a column
/// (the names are the SQL names); a test reads the SQL Server migrations and checks every constant fits its column, and
/// that every text column written from user input has an entry here.
/// </summary>
public static class TextLimits
{
    /// <summary>A person's name as shown in the portal.</summary>
    public const int PersonName = 200;

    /// <summary>An e-mail address (RFC 5321 path limit).</summary>
    public const int Email = 254;

    public static class Supplier
    {
        public const int Name = 200;
    }

    public static class CustomerAccounts
    {
        public const int Name = 200;
        /// <summary>An IANA/Windows zone id, also checked against the list of known zones.</summary>
        public const int TimeZone = 100;
    }

    public static class Sites
    {
        public const int Code = 20;
        public const int Name = 200;
        public const int AddressLine1 = 200;
        public const int AddressLine2 = 200;
        public const int City = 100;
        public const int PostalCode = 20;
        public const int Country = 100;
    }

    public static class Users
    {
        public const int DisplayName = PersonName;
        public const int UserName = TextLimits.Email;
        public const int NormalizedUserName = TextLimits.Email;
        public const int Email = TextLimits.Email;
        public const int NormalizedEmail = TextLimits.Email;
        public const int PhoneNumber = 32;
    }

    public static class Invitations
    {
        public const int Email = TextLimits.Email;
        public const int NormalizedEmail = TextLimits.Email;
        public const int DisplayName = PersonName;
    }

    public static class MailOutbox
    {
        public const int ToAddress = TextLimits.Email;
        /// <summary>Subjects are made by the code around names; longer ones are cut with an ellipsis.</summary>
        public const int Subject = 250;
    }

    public static class ApiKeys
    {
        public const int Name = 100;
    }

    public static class Categories
    {
        public const int Name = 100;
    }

    public static class Products
    {
        public const int Sku = 40;
        public const int Name = 200;
        public const int Description = 2000;
        public const int Unit = 20;
    }

    public static class StandingLists
    {
        public const int Name = 100;
    }

    public static class Orders
    {
        public const int PoNumber = 50;
        public const int Notes = 1000;
        public const int IdempotencyKey = 100;
        public const int DecisionReason = 500;
    }

    public static class OrderEvents
    {
        /// <summary>Made by the code around a reason, a note or the shipped lines; cut with <see cref="Cut"/> to the column.</summary>
        public const int Note = 2000;
    }

    public static class Promises
    {
        public const int Note = 500;
    }

    public static class Shipments
    {
        public const int Carrier = 100;
        public const int TrackingRef = 100;
    }

    public static class ReorderSchedules
    {
        public const int Name = 100;
        public const int Cron = 100;
        /// <summary>Copied from the account's zone (same limit).</summary>
        public const int TimeZone = CustomerAccounts.TimeZone;
        public const int PoNumber = Orders.PoNumber;
        /// <summary>A ScheduleStatus code.</summary>
        public const int Status = 16;
        /// <summary>Made by the code (why a schedule was suspended); cut with <see cref="Cut"/>.</summary>
        public const int StatusReason = 500;
    }

    public static class ReorderOccurrences
    {
        /// <summary>An OccurrenceOutcome code.</summary>
        public const int Outcome = 16;
        /// <summary>Copied from Orders.Number.</summary>
        public const int OrderNumber = 64;
        /// <summary>Made by the code (why no order, what was left out); cut with <see cref="Cut"/>.</summary>
        public const int Reason = 1000;
    }

    public static class StockCounts
    {
        /// <summary>A CountSource code.</summary>
        public const int Source = 8;
    }

    public static class StockOrders
    {
        /// <summary>Made by the run from the count ids (a hash, 47 characters).</summary>
        public const int TriggerKey = 100;
        /// <summary>A StockOrderOutcome code.</summary>
        public const int Outcome = 16;
        /// <summary>Copied from Orders.Number.</summary>
        public const int OrderNumber = 64;
        /// <summary>Made by the code (why no order, what was left out); cut with <see cref="Cut"/>.</summary>
        public const int Reason = 1000;
    }

    public static class ReplenishmentRuns
    {
        /// <summary>The machine and process that ran (cut).</summary>
        public const int Host = 200;
    }

    public static class ReplenishmentHeartbeats
    {
        public const int Host = ReplenishmentRuns.Host;
    }

    public static class ReplenishmentRunProblems
    {
        /// <summary>A RunProblem kind.</summary>
        public const int Kind = 16;
        public const int AccountName = CustomerAccounts.Name;
        /// <summary>A schedule's or a site's name.</summary>
        public const int Subject = 200;
        public const int Reason = 1000;
    }

    /// <summary>The supplier's calendar (service desk SLA lane).</summary>
    public static class SupplierCalendar
    {
        /// <summary>An IANA zone id chosen from the server's list.</summary>
        public const int TimeZone = 100;
    }

    public static class BusinessHolidays
    {
        public const int Name = 100;
    }

    public static class Tickets
    {
        /// <summary>Made from the ticket-number counter ("RQ-10001").</summary>
        public const int Number = 32;
        /// <summary>A TicketKind code.</summary>
        public const int Kind = 32;
        /// <summary>A ClaimType code.</summary>
        public const int ClaimType = 32;
        public const int Subject = 200;
        /// <summary>A TicketStatus code.</summary>
        public const int Status = 32;
        /// <summary>A TicketPriority code.</summary>
        public const int Priority = 16;
        /// <summary>A TicketImpact code.</summary>
        public const int Impact = 32;
    }

    public static class TicketMessages
    {
        /// <summary>An AuthorSide code.</summary>
        public const int AuthorSide = 16;
    }

    public static class TicketStatusChanges
    {
        /// <summary>TicketStatus codes.</summary>
        public const int FromStatus = 32;
        public const int ToStatus = 32;
    }

    public static class TicketQueues
    {
        public const int Name = 100;
    }

    public static class TicketRatings
    {
        public const int Comment = 2000;
    }

    public static class TicketAttachments
    {
        /// <summary>The file's name as sent, cleaned and cut to the column.</summary>
        public const int FileName = 200;
        /// <summary>Detected from the content, one of a fixed list.</summary>
        public const int ContentType = 100;
    }

    public static class CannedReplies
    {
        public const int Name = 100;
        public const int Body = 4000;
    }

    public static class FollowUpTasks
    {
        /// <summary>A FollowUpKind code.</summary>
        public const int Kind = 16;
        public const int Notes = 2000;
        /// <summary>A FollowUpSource code.</summary>
        public const int Source = 32;
        /// <summary>Made by the follow-up job: a date (yyyy-MM-dd) or a ticket id.</summary>
        public const int SourceKey = 64;
        public const int Outcome = 2000;
    }

    public static class AccountContacts
    {
        /// <summary>A ContactKind code.</summary>
        public const int Kind = 16;
        public const int WithWhom = 200;
        public const int Notes = 2000;
    }

    /// <summary>Written by the health score (and the workspace's demo seeder): reasons one per line.</summary>
    public static class AccountHealthScores
    {
        public const int Reasons = 2000;
    }

    /// <summary>"The name can be at most 200 characters." — the one sentence every length check uses.</summary>
    public static string TooLong(string what, int limit) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{what} can be at most {limit:N0} characters.");

    /// <summary>Cuts generated text (subjects made around names) to a limit, ending with an ellipsis when cut.</summary>
    public static string Cut(string text, int limit) => text.Length <= limit ? text : string.Concat(text.AsSpan(0, limit - 1), "…");
}
