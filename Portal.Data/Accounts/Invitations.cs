using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Portal.Data.Mail;

namespace Portal.Data.Accounts;

public sealed record Invitation
{
    public Guid Id { get; init; }
    public Guid? AccountId { get; init; }
    public string Email { get; init; } = "";
    public string DisplayName { get; init; } = "";
    public string Roles { get; init; } = "";
    public Guid? SiteId { get; init; }
    public string? SiteName { get; init; }
    public DateTimeOffset CreatedUtc { get; init; }
    public DateTimeOffset ExpiresUtc { get; init; }
    public DateTimeOffset? AcceptedUtc { get; init; }
    public DateTimeOffset? RevokedUtc { get; init; }
    public string? InvitedBy { get; init; }

    public IReadOnlyList<string> RoleList => Roles.Split(',', StringSplitOptions.RemoveEmptyEntries);
    public bool IsExpired(DateTimeOffset now) => ExpiresUtc <= now;
}

/// <summary>Who is inviting: a customer account's admin (AccountId set) or the supplier's admin (AccountId null).</summary>
public sealed record InvitationRequest(Guid? AccountId, string Email, string DisplayName, IReadOnlyCollection<string> Roles, Guid? SiteId, Guid? InvitedByUserId);

/// <summary>
/// No public sign-up: people join by invitation. An invitation is an e-mailed link with a random token (only its hash is
/// stored) that expires, can be withdrawn, and can be used once.
/// </summary>
public sealed class Invitations(
    ConnectionFactory db,
    InvitationSql sql,
    AccountStore accounts,
    UserManager<PortalUser> users,
    MailOutbox mail,
    TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    public async Task<Outcome<Invitation>> InviteAsync(InvitationRequest request, string acceptUrlBase, CancellationToken ct = default)
    {
        var email = request.Email?.Trim() ?? "";
        var name = request.DisplayName?.Trim() ?? "";
        var roles = request.Roles.Distinct().ToList();
        var allowed = Accounts.Roles.AllowedFor(supplierUser: request.AccountId is null);
        var errors = (await CheckInviteeAsync(email, name, request.AccountId))
            .Add(roles.Count == 0, "Roles", "Choose at least one role.")
            .Add(roles.Any(r => !allowed.Contains(r)), "Roles", $"Choose roles from: {string.Join(", ", allowed)}.");

        CustomerAccount? account = null;
        if (request.AccountId is { } accountId)
        {
            account = await accounts.GetAccountAsync(accountId, ct);
            errors.Add(account is null, "", "The account was not found.");
            errors.Add(account is { IsActive: false }, "", "This account is deactivated; nobody can be invited to it.");
            if (request.SiteId is { } siteId)
                errors.Add(await accounts.GetSiteAsync(accountId, siteId, ct) is null, "SiteId", "Choose one of the account's sites.");
        }
        else
        {
            errors.Add(request.SiteId is not null, "SiteId", "Supplier staff are not tied to a customer site.");
        }
        if (errors.Any) return Outcome<Invitation>.Failed(errors);

        var token = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow();
        var invitation = new Invitation
        {
            Id = Guid.NewGuid(), AccountId = request.AccountId, Email = email, DisplayName = name, Roles = string.Join(',', roles),
            SiteId = request.SiteId, CreatedUtc = now, ExpiresUtc = now + Lifetime,
        };
        await using (var c = await db.OpenAsync(ct))
        await using (var tx = await c.BeginTransactionAsync(ct))
        {
            var normalized = users.NormalizeEmail(email);
            await c.ExecuteAsync(new CommandDefinition(request.AccountId is null ? sql.RevokeOpenForEmailOfSupplier : sql.RevokeOpenForEmailOfAccount,
                new { NormalizedEmail = normalized, request.AccountId, Now = now }, tx, cancellationToken: ct));
            await c.ExecuteAsync(new CommandDefinition(sql.Insert, new
            {
                invitation.Id, invitation.AccountId, invitation.Email, NormalizedEmail = normalized, invitation.DisplayName,
                invitation.Roles, invitation.SiteId, TokenHash = Hash(token), invitation.CreatedUtc, invitation.ExpiresUtc,
                request.InvitedByUserId,
            }, tx, cancellationToken: ct));
            await tx.CommitAsync(ct);
        }

        var link = $"{acceptUrlBase.TrimEnd('/')}/invitation?token={Uri.EscapeDataString(token)}";
        var who = account?.Name ?? (await accounts.GetSupplierAsync(ct))?.Name ?? "the supplier";
        // the address already signs in elsewhere: the inviting account is answered as for anyone else (it must not learn
        // that the address is in use in another account); only the address's owner is told, and gets no link
        var body = await users.FindByEmailAsync(email) is not null
            ? $"""
            <p>Hello {WebUtility.HtmlEncode(name)},</p>
            <p>You have been invited to the customer portal for <strong>{WebUtility.HtmlEncode(who)}</strong>, but this
            e-mail address already has a sign-in to the portal, and one address can have only one.</p>
            <p>If you should work for {WebUtility.HtmlEncode(who)} too, ask the person who invited you to invite another
            address of yours. Otherwise there is nothing to do.</p>
            """
            : $"""
            <p>Hello {WebUtility.HtmlEncode(name)},</p>
            <p>You have been invited to the customer portal for <strong>{WebUtility.HtmlEncode(who)}</strong>
            as {WebUtility.HtmlEncode(string.Join(", ", roles))}.</p>
            <p><a href="{WebUtility.HtmlEncode(link)}">Accept the invitation and choose your password</a></p>
            <p>The link works once and expires on {invitation.ExpiresUtc:yyyy-MM-dd HH:mm} UTC.</p>
            """;
        await mail.QueueAsync(email, $"Your invitation to the {who} ordering portal", body, ct);
        return Outcome<Invitation>.Ok(invitation);
    }

    /// <summary>
    /// The checks on the person invited (e-mail and name), also usable before creating the account they join. An address
    /// that already signs in is refused only when it is of the inviting account itself (<paramref name="accountId"/>), or
    /// when the supplier asks (null); a customer account is never told that an address is in use in another account.
    /// </summary>
    public async Task<FieldErrors> CheckInviteeAsync(string? email, string? name, Guid? accountId = null)
    {
        email = email?.Trim() ?? "";
        name = name?.Trim() ?? "";
        var errors = new FieldErrors()
            .Add(!IsEmail(email), "Email", "Enter a valid e-mail address, for example name@company.com.")
            .Add(name.Length == 0, "DisplayName", "Enter the person's name.")
            .Text("DisplayName", name, "The name", TextLimits.Invitations.DisplayName);
        if (!errors.ContainsKey("Email") && await users.FindByEmailAsync(email) is { } existing && (accountId is null || existing.AccountId == accountId))
            errors.Add(true, "Email", "Someone with this e-mail address already has a sign-in.");
        return errors;
    }

    public async Task<Invitation?> FindByTokenAsync(string? token, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(token)) return null;
        await using var c = await db.OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<Invitation>(new CommandDefinition(sql.ByTokenHash, new { TokenHash = Hash(token) }, cancellationToken: ct));
    }

    /// <summary>Why an invitation cannot be used, in words for the person holding the link; null when it can be.</summary>
    public string? Problem(Invitation? invitation) => invitation switch
    {
        null => "This invitation link is not valid. Check that you copied the whole link from the e-mail.",
        { RevokedUtc: not null } => "This invitation was withdrawn. Ask your administrator to invite you again.",
        { AcceptedUtc: not null } => "This invitation has already been used. Sign in with your e-mail address and password.",
        _ when invitation.IsExpired(clock.GetUtcNow()) => "This invitation has expired. Ask your administrator to send a new one.",
        _ => null,
    };

    /// <summary>Creates the user the invitation describes, with the password they chose. Works once per invitation.</summary>
    public async Task<Outcome<PortalUser>> AcceptAsync(string token, string password, CancellationToken ct = default)
    {
        var invitation = await FindByTokenAsync(token, ct);
        if (Problem(invitation) is { } problem) return Outcome<PortalUser>.Failed("", problem);

        if (invitation!.AccountId is { } accountId && await accounts.GetAccountAsync(accountId, ct) is not { IsActive: true })
            return Outcome<PortalUser>.Failed("", "This account is deactivated; the invitation can no longer be used.");
        if (await users.FindByEmailAsync(invitation.Email) is not null)
            return Outcome<PortalUser>.Failed("", "Someone with this e-mail address already has a sign-in. Sign in instead.");

        var user = new PortalUser
        {
            Id = Guid.NewGuid(), AccountId = invitation.AccountId, SiteId = invitation.SiteId, DisplayName = invitation.DisplayName,
            UserName = invitation.Email, Email = invitation.Email, EmailConfirmed = true, LockoutEnabled = true,
        };
        var passwordErrors = new FieldErrors();
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, user, password ?? "");
            passwordErrors.Add(!result.Succeeded, "Password", string.Join(" ", result.Errors.Select(x => x.Description)));
        }
        if (passwordErrors.Any) return Outcome<PortalUser>.Failed(passwordErrors);

        var now = clock.GetUtcNow();
        await using var c = await db.OpenAsync(ct);
        if (await c.ExecuteAsync(new CommandDefinition(sql.Claim, new { invitation.Id, Now = now }, cancellationToken: ct)) == 0)
            return Outcome<PortalUser>.Failed("", "This invitation has already been used. Sign in with your e-mail address and password.");

        var created = await users.CreateAsync(user, password!);
        if (created.Succeeded) created = await users.AddToRolesAsync(user, invitation.RoleList);
        if (!created.Succeeded)
        {
            await c.ExecuteAsync(new CommandDefinition(sql.Unclaim, new { invitation.Id }, cancellationToken: ct));
            return Outcome<PortalUser>.Failed("", string.Join(" ", created.Errors.Select(e => e.Description)));
        }
        await c.ExecuteAsync(new CommandDefinition(sql.SetAcceptedUser, new { invitation.Id, UserId = user.Id }, cancellationToken: ct));
        return Outcome<PortalUser>.Ok(user);
    }

    public async Task<IReadOnlyList<Invitation>> PendingAsync(Guid? accountId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = accountId is { } id
            ? await c.QueryAsync<Invitation>(new CommandDefinition(sql.PendingOfAccount, new { AccountId = id }, cancellationToken: ct))
            : await c.QueryAsync<Invitation>(new CommandDefinition(sql.PendingOfSupplier, cancellationToken: ct));
        return rows.ToList();
    }

    /// <summary>Withdraws an open invitation of the caller's own account (or of the supplier). False when there is none such.</summary>
    public async Task<bool> RevokeAsync(Guid? accountId, Guid invitationId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var now = clock.GetUtcNow();
        var rows = accountId is { } id
            ? await c.ExecuteAsync(new CommandDefinition(sql.RevokeOfAccount, new { Id = invitationId, AccountId = id, Now = now }, cancellationToken: ct))
            : await c.ExecuteAsync(new CommandDefinition(sql.RevokeOfSupplier, new { Id = invitationId, Now = now }, cancellationToken: ct));
        return rows == 1;
    }

    internal static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static bool IsEmail(string email) =>
        email.Length is > 3 and <= TextLimits.Invitations.Email && !TextRules.HasControlCharacters(email) && System.Net.Mail.MailAddress.TryCreate(email, out var parsed) && parsed.Address == email && email.Contains('.');
}
