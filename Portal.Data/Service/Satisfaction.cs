using System.Net;
using Portal.Data.Mail;
using Portal.Data.Replenishment;

namespace Portal.Data.Service;

/// <summary>Who is rating: a user of a customer account (account-scoped; another account's request is not found).</summary>
public sealed record Rater(Guid AccountId, Guid UserId, bool IsCustomerAdmin);

/// <summary>A request as its rating form shows it.</summary>
public sealed class RatingState
{
    public Guid Id { get; init; }
    public string Number { get; init; } = "";
    public string Subject { get; init; } = "";
    public string Status { get; init; } = "";
    public Guid? RequesterUserId { get; init; }
    public DateTimeOffset? ResolvedUtc { get; init; }
    /// <summary>The rating given for the current resolution, if any.</summary>
    public int? Score { get; init; }
    public string? Comment { get; init; }
    public DateTimeOffset? RatedUtc { get; init; }

    public bool IsResolved => ResolvedUtc is not null && Status is TicketStatus.Resolved or TicketStatus.Closed;
    public bool IsRated => Score is not null;
    /// <summary>Resolved and not yet rated for this resolution.</summary>
    public bool CanRate => IsResolved && !IsRated;
}

/// <summary>
/// Customer satisfaction: on resolution the requester is asked (in the portal and by an e-mail link) to rate the request
/// 1 to 5 with an optional comment, once per resolution. Only the requester or the account's customer admin may rate;
/// a request of another account, or someone else's for a user who is not the admin, is not found.
/// </summary>
public sealed class Satisfaction(ConnectionFactory db, SlaSql sql, MailOutbox mail, ReplenishmentOptions links, TimeProvider clock)
{
    public const int MaxComment = TextLimits.TicketRatings.Comment;

    private sealed class RequesterRow
    {
        public string Number { get; init; } = "";
        public string Subject { get; init; } = "";
        public string? Email { get; init; }
        public string DisplayName { get; init; } = "";
        public bool IsDisabled { get; init; }
    }

    /// <summary>The rating form's address for a request (the link in the resolution e-mail).</summary>
    public string RatingLink(string number) => ServiceLinks.Rate(links.PublicUrl, number);

    /// <summary>The paragraph the resolution e-mail carries: a link per score and one to the form with a comment box.</summary>
    public string InvitationHtml(string number)
    {
        var link = RatingLink(number);
        var scores = string.Join(" ", Enumerable.Range(1, 5).Select(s => $"""<a href="{WebUtility.HtmlEncode($"{link}?score={s}")}">{s}</a>"""));
        return $"""
            <p>How did we do? Rate how we handled {WebUtility.HtmlEncode(number)} from 1 (poor) to 5 (excellent): {scores}</p>
            <p><a href="{WebUtility.HtmlEncode(link)}">Rate it and tell us more</a></p>
            """;
    }

    /// <summary>
    /// Queues the invitation to rate to the request's requester, on the resolving transaction (the resolution path calls it
    /// right after setting ResolvedUtc). Returns the message id (call <see cref="MailOutbox.Wake"/> after the commit), or
    /// null when the requester has no usable address.
    /// </summary>
    public async Task<Guid?> RatingInvitationAsync(DbConnection c, DbTransaction? tx, Guid ticketId, CancellationToken ct = default)
    {
        var who = await c.QuerySingleOrDefaultAsync<RequesterRow>(new CommandDefinition(sql.Requester, new { TicketId = ticketId }, tx, cancellationToken: ct));
        if (who is not { IsDisabled: false, Email: { Length: > 0 } email }) return null;
        return await mail.QueueAsync(c, tx, email, $"{who.Number} is resolved: how did we do?", $"""
            <p>Hello {WebUtility.HtmlEncode(who.DisplayName)},</p>
            <p>Your request <strong>{WebUtility.HtmlEncode(who.Number)}</strong> ({WebUtility.HtmlEncode(who.Subject)}) is resolved.
            <a href="{WebUtility.HtmlEncode(ServiceLinks.CustomerRequest(links.PublicUrl, who.Number))}">See the request</a>.</p>
            {InvitationHtml(who.Number)}
            """, ct);
    }

    /// <summary>The request as the rater may see it; null when it is another account's, or someone else's and the rater is not the admin.</summary>
    public async Task<RatingState?> StateAsync(Rater rater, string number, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var state = await c.QuerySingleOrDefaultAsync<RatingState>(new CommandDefinition(sql.RatingState, new { Number = number, rater.AccountId }, cancellationToken: ct));
        return state is not null && (rater.IsCustomerAdmin || state.RequesterUserId == rater.UserId) ? state : null;
    }

    /// <summary>Rates the current resolution (errors keyed <c>Score</c>, <c>Comment</c>, or "" for the request); null when not found.</summary>
    public async Task<Outcome<RatingState>?> RateAsync(Rater rater, string number, int? score, string? comment, CancellationToken ct = default)
    {
        var state = await StateAsync(rater, number, ct);
        if (state is null) return null;
        comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        if (!state.IsResolved) return Outcome<RatingState>.Failed("", $"{state.Number} is not resolved yet: you can rate it once it is.");
        if (state.IsRated) return Outcome<RatingState>.Failed("", AlreadyRated(state));
        var errors = new FieldErrors()
            .Add(score is not (>= 1 and <= 5), "Score", "Choose a rating from 1 (poor) to 5 (excellent).")
            .Text("Comment", comment, "The comment", MaxComment, multiLine: true);
        if (errors.Any) return Outcome<RatingState>.Failed(errors);
        await using (var c = await db.OpenAsync(ct))
        {
            var inserted = await c.ExecuteAsync(new CommandDefinition(sql.InsertRating, new
            {
                Id = Guid.NewGuid(), TicketId = state.Id, ResolvedUtc = state.ResolvedUtc!.Value, Score = score!.Value, Comment = comment,
                RatedByUserId = rater.UserId, CreatedUtc = clock.GetUtcNow(),
            }, cancellationToken: ct));
            if (inserted == 0) return Outcome<RatingState>.Failed("", AlreadyRated((await StateAsync(rater, number, ct))!));
        }
        return Outcome<RatingState>.Ok((await StateAsync(rater, number, ct))!);
    }

    private static string AlreadyRated(RatingState state) =>
        $"{state.Number} is already rated{(state.Score is { } s ? $" ({s} out of 5)" : "")}: thank you. A request can be rated once each time it is resolved.";
}
