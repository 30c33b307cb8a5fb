using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Data.Service;

namespace Portal.Web.Api;

public sealed record TicketLineRequest(int LineNumber, int Quantity);
public sealed record TicketRequest(string? Kind, string? Subject, string? Body, string? OrderNumber, IReadOnlyList<TicketLineRequest>? Lines,
    string? ClaimType = null, string? Impact = null);
public sealed record TicketMessageRequest(string? Body);
public sealed record DeskMessageRequest(string? Body, bool Internal = false, string? Status = null);
public sealed record TicketStatusRequest(string? Status);

public sealed record TicketCreatedDto(string Number, string Status, string Queue, DateTimeOffset? FirstResponseDueUtc, DateTimeOffset? ResolutionDueUtc);
public sealed record TicketLineDto(int LineNumber, string? Sku, string? Name, int? Ordered, int Quantity);
public sealed record TicketAttachmentDto(Guid Id, string FileName, string ContentType, int Size);
/// <param name="Body">The message as HTML, sanitized when it was stored (the allow-list of the portal's editor).</param>
public sealed record TicketMessageDto(string? Author, string Side, bool Internal, string Body, DateTimeOffset CreatedUtc, IReadOnlyList<TicketAttachmentDto> Attachments);
public sealed record TicketSummaryDto(string Number, string Account, string Kind, string? ClaimType, string Queue, string Subject, string Status, string Priority, string Impact,
    string? OrderNumber, string? Requester, string? Assignee, DateTimeOffset CreatedUtc, DateTimeOffset UpdatedUtc, DateTimeOffset? FirstRespondedUtc, DateTimeOffset? ResolvedUtc,
    DateTimeOffset? FirstResponseDueUtc, DateTimeOffset? ResolutionDueUtc);
public sealed record TicketDto(TicketSummaryDto Ticket, IReadOnlyList<TicketLineDto> Lines, IReadOnlyList<TicketMessageDto> Messages);

/// <summary>
/// Service desk requests through the integration API. Customer keys raise requests (about an order and its lines), read
/// their account's requests with the public thread (never internal notes), poll for changes and reply. Supplier keys list
/// and read requests of every account (with internal notes), reply, add internal notes and change statuses. Bodies take
/// the same path as the pages (rendered and sanitized by RichText); another account's request is 404.
/// </summary>
public static class TicketApi
{
    public static void Map(RouteGroupBuilder api)
    {
        var customer = api.MapGroup("/tickets").RequireAuthorization(ApiSetup.CustomerPolicy).WithTags("Customer");

        customer.MapPost("", async Task<Results<Created<TicketCreatedDto>, ValidationProblem>> (TicketRequest? body, CurrentUser caller, Tickets tickets, CancellationToken ct) =>
        {
            if (body is null) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [""] = ["Send a JSON body with kind, subject and body."] });
            var made = await tickets.CreateAsync(CustomerViewer(caller), new NewTicket
            {
                Kind = body.Kind, ClaimType = body.ClaimType, Impact = body.Impact ?? TicketImpact.Moderate, Subject = body.Subject, Body = body.Body,
                OrderNumber = body.OrderNumber, Lines = (body.Lines ?? []).Select(l => new NewTicketLine(l.LineNumber, l.Quantity)).ToList(),
            }, ct);
            if (!made.Succeeded) return Invalid(made.Errors);
            var t = made.Value!;
            return TypedResults.Created($"/api/v1/tickets/{t.Number}", new TicketCreatedDto(t.Number, t.Status, t.QueueName, t.FirstResponseDueUtc, t.ResolutionDueUtc));
        }).WithName("CreateTicket")
          .WithSummary("Raise a request: kind (DeliveryClaim, QualityComplaint, ProductQuestion, BillingQuery, ReturnRequest, Other), subject, body, optionally an order and its lines")
          .WithDescription("body is text with the editor's light formatting (**bold**, *italic*, lists, > quotes, `code`, [links](https://…)); HTML is cleaned to the same allow-list. " +
                           "Each line's quantity is at most what was ordered. The answer holds the request's number and the promised first-response and resolution instants (UTC).");

        customer.MapGet("", async Task<Ok<List<TicketSummaryDto>>> (DateTimeOffset? since, CurrentUser caller, Tickets tickets, CancellationToken ct) =>
            TypedResults.Ok((await tickets.SinceAsync(CustomerViewer(caller), since ?? DateTimeOffset.UnixEpoch, 200, ct)).Select(Summary).ToList()))
            .WithName("ListTickets")
            .WithSummary("The account's requests changed at or after since (UTC; all when left out), oldest change first, at most 200");

        customer.MapGet("/{number}", async Task<Results<Ok<TicketDto>, ProblemHttpResult>> (string number, CurrentUser caller, Tickets tickets, CancellationToken ct) =>
            await tickets.ThreadAsync(CustomerViewer(caller), number, ct) is { } thread ? TypedResults.Ok(Dto(thread)) : NotFound(number))
            .WithName("GetTicket")
            .WithSummary("One request with its lines and public messages (body as sanitized HTML)")
            .ProducesProblem(StatusCodes.Status404NotFound);

        customer.MapPost("/{number}/messages", async Task<Results<Ok<TicketDto>, ValidationProblem, ProblemHttpResult>> (string number, TicketMessageRequest? body, CurrentUser caller, Tickets tickets, CancellationToken ct) =>
            await ReplyAsync(tickets, CustomerViewer(caller), number, new TicketReply { Body = body?.Body }, ct))
            .WithName("ReplyToTicket")
            .WithSummary("Reply to a request; a reply within 14 days of its resolution reopens it, later ones are refused (raise a new request)")
            .ProducesProblem(StatusCodes.Status404NotFound);

        var supplier = api.MapGroup("/supplier/tickets").RequireAuthorization(ApiSetup.SupplierPolicy).WithTags("Supplier");

        supplier.MapGet("", async Task<Ok<List<TicketSummaryDto>>> (DateTimeOffset? since, CurrentUser caller, Tickets tickets, CancellationToken ct) =>
            TypedResults.Ok((await tickets.SinceAsync(DeskViewer(caller), since ?? DateTimeOffset.UnixEpoch, 200, ct)).Select(Summary).ToList()))
            .WithName("ListSupplierTickets")
            .WithSummary("Requests of every account changed at or after since (UTC; all when left out), oldest change first, at most 200");

        supplier.MapGet("/{number}", async Task<Results<Ok<TicketDto>, ProblemHttpResult>> (string number, CurrentUser caller, Tickets tickets, CancellationToken ct) =>
            await tickets.ThreadAsync(DeskViewer(caller), number, ct) is { } thread ? TypedResults.Ok(Dto(thread)) : NotFound(number))
            .WithName("GetSupplierTicket")
            .WithSummary("One request of any account with its whole thread, internal notes included (marked internal)")
            .ProducesProblem(StatusCodes.Status404NotFound);

        supplier.MapPost("/{number}/messages", async Task<Results<Ok<TicketDto>, ValidationProblem, ProblemHttpResult>> (string number, DeskMessageRequest? body, CurrentUser caller, Tickets tickets, CancellationToken ct) =>
            await ReplyAsync(tickets, DeskViewer(caller), number, new TicketReply { Body = body?.Body, Internal = body?.Internal ?? false, Status = body?.Status }, ct))
            .WithName("ReplyToSupplierTicket")
            .WithSummary("Reply to the customer (optionally setting a status), or add an internal note (internal: true; never shown or mailed to the customer)")
            .ProducesProblem(StatusCodes.Status404NotFound);

        supplier.MapPost("/{number}/status", async Task<Results<Ok<TicketDto>, ValidationProblem, ProblemHttpResult>> (string number, TicketStatusRequest? body, CurrentUser caller, Tickets tickets, CancellationToken ct) =>
        {
            var viewer = DeskViewer(caller);
            var outcome = await tickets.SetStatusAsync(viewer, number, body?.Status, null, ct);
            if (outcome is null) return NotFound(number);
            if (!outcome.Succeeded) return Invalid(outcome.Errors);
            return TypedResults.Ok(Dto((await tickets.ThreadAsync(viewer, number, ct))!));
        }).WithName("SetSupplierTicketStatus")
          .WithSummary("Change a request's status: New, Open, WaitingOnCustomer, Resolved or Closed; the customer is told by e-mail")
          .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Ok<TicketDto>, ValidationProblem, ProblemHttpResult>> ReplyAsync(Tickets tickets, TicketViewer viewer, string number, TicketReply reply, CancellationToken ct)
    {
        var outcome = await tickets.ReplyAsync(viewer, number, reply, ct);
        if (outcome is null) return NotFound(number);
        if (!outcome.Succeeded) return Invalid(outcome.Errors);
        return TypedResults.Ok(Dto((await tickets.ThreadAsync(viewer, number, ct))!));
    }

    /// <summary>A customer key sees every request of its account.</summary>
    private static TicketViewer CustomerViewer(CurrentUser caller) => TicketViewer.Customer(caller.RequiredAccountId, caller.UserId, null, isCustomerAdmin: true, caller.DisplayName);

    private static TicketViewer DeskViewer(CurrentUser caller) => TicketViewer.Desk(caller.UserId, caller.DisplayName);

    private static ProblemHttpResult NotFound(string number) =>
        TypedResults.Problem(title: "No such request", detail: $"There is no request {number}.", statusCode: StatusCodes.Status404NotFound);

    private static ValidationProblem Invalid(FieldErrors errors) => TypedResults.ValidationProblem(errors.ToDictionary(e => Camel(e.Key), e => new[] { e.Value }));

    private static string Camel(string field) => field switch
    {
        "" => "",
        _ when field.StartsWith("Lines[", StringComparison.Ordinal) => "lines" + field["Lines".Length..].Replace(".Quantity", ".quantity"),
        _ => char.ToLowerInvariant(field[0]) + field[1..],
    };

    private static TicketSummaryDto Summary(Ticket t) => new(t.Number, t.AccountName, t.Kind, t.ClaimType, t.QueueName, t.Subject, t.Status, t.Priority, t.Impact,
        t.OrderNumber, t.RequesterName, t.AssigneeName, t.CreatedUtc, t.UpdatedUtc, t.FirstRespondedUtc, t.ResolvedUtc, t.FirstResponseDueUtc, t.ResolutionDueUtc);

    private static TicketDto Dto(TicketThread thread) => new(Summary(thread.Ticket),
        thread.Lines.Select(l => new TicketLineDto(l.LineNumber, l.Sku, l.Name, l.Ordered, l.Quantity)).ToList(),
        thread.Messages.Select(m => new TicketMessageDto(m.AuthorName, m.AuthorSide, m.IsInternal, RichText.Sanitize(m.BodyHtml), m.CreatedUtc,
            thread.Attachments.Where(a => a.MessageId == m.Id).Select(a => new TicketAttachmentDto(a.Id, a.FileName, a.ContentType, a.Size)).ToList())).ToList());
}
