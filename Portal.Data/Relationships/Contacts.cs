namespace Portal.Data.Relationships;

/// <summary>How the supplier was in touch with the customer.</summary>
public static class ContactKind
{
    public const string Call = "Call";
    public const string Meeting = "Meeting";
    public const string Email = "Email";

    public static readonly IReadOnlyList<string> All = [Call, Meeting, Email];
    public static bool IsKnown(string? kind) => kind is not null && All.Contains(kind);
    public static string Label(string kind) => kind switch { Call => "Call", Meeting => "Meeting", Email => "E-mail", _ => kind };
}

public sealed class AccountContact
{
    public Guid Id { get; init; }
    public Guid AccountId { get; init; }
    public string Kind { get; init; } = "";
    public DateTimeOffset ContactedUtc { get; init; }
    public string WithWhom { get; init; } = "";
    public string Notes { get; init; } = "";
    public Guid LoggedByUserId { get; init; }
    public string LoggedByName { get; init; } = "";
    public DateTimeOffset LoggedUtc { get; init; }
}

/// <summary>A contact as a person types it; <see cref="ContactedUtc"/> is the instant (the page reads the local time in the account's zone).</summary>
public sealed record ContactInput(string? Kind, DateTimeOffset? ContactedUtc, string? WithWhom, string? Notes);

/// <summary>
/// The contact log: calls, meetings and e-mails with a customer, logged by its account manager or a supplier admin.
/// A logged contact ends contact silence (the health score reads <see cref="LastContactUtcAsync"/> or
/// <see cref="LastContactPerAccountAsync"/> as of its date) but not ordering silence, which only an order ends.
/// </summary>
public sealed class Contacts(ConnectionFactory db, WorkspaceSql sql, Workspace workspace, TimeProvider clock)
{
    public async Task<Outcome<AccountContact>?> LogAsync(WorkspaceViewer viewer, Guid accountId, ContactInput input, CancellationToken ct = default)
    {
        if (await workspace.AccountAsync(viewer, accountId, ct) is null) return null;
        var now = clock.GetUtcNow();
        var withWhom = input.WithWhom?.Trim() ?? "";
        var notes = input.Notes?.Trim() ?? "";
        var errors = new FieldErrors()
            .Add(!ContactKind.IsKnown(input.Kind), "Kind", "Choose call, meeting or e-mail.")
            .Add(input.ContactedUtc is null, "ContactedUtc", "Enter when the contact took place.")
            .Add(input.ContactedUtc is { } at && at > now.AddMinutes(5), "ContactedUtc", "That time is in the future: log a contact once it has taken place.")
            .Add(input.ContactedUtc is { } at2 && at2 < now.AddYears(-5), "ContactedUtc", "That is more than five years ago.")
            .Add(withWhom.Length == 0, "WithWhom", "Say who you spoke with.")
            .Add(withWhom.Length > TextLimits.AccountContacts.WithWhom, "WithWhom", TextLimits.TooLong("Who it was with", TextLimits.AccountContacts.WithWhom))
            .Add(TextRules.HasControlCharacters(withWhom), "WithWhom", "The name contains characters that cannot be stored.")
            .Add(notes.Length > TextLimits.AccountContacts.Notes, "Notes", TextLimits.TooLong("The notes", TextLimits.AccountContacts.Notes))
            .Add(TextRules.HasControlCharacters(notes, multiLine: true), "Notes", "The notes contain characters that cannot be stored.");
        if (errors.Any) return Outcome<AccountContact>.Failed(errors);
        var contact = new AccountContact
        {
            Id = Guid.NewGuid(), AccountId = accountId, Kind = input.Kind!, ContactedUtc = input.ContactedUtc!.Value.ToUniversalTime(), WithWhom = withWhom,
            Notes = notes, LoggedByUserId = viewer.UserId, LoggedUtc = now,
        };
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(sql.InsertContact, new
        {
            contact.Id, contact.AccountId, contact.Kind, contact.ContactedUtc, contact.WithWhom, contact.Notes, contact.LoggedByUserId, Now = now,
        }, cancellationToken: ct));
        return Outcome<AccountContact>.Ok(contact);
    }

    /// <summary>
    /// The account's last logged contact at or before <paramref name="asOfUtc"/>, null when none: for the health score's
    /// contact silence (supplier side only; no viewer check).
    /// </summary>
    public async Task<DateTimeOffset?> LastContactUtcAsync(Guid accountId, DateTimeOffset asOfUtc, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<LastContactOfOne>(new CommandDefinition(sql.LastContact, new { AccountId = accountId, AsOfUtc = asOfUtc }, cancellationToken: ct));
        return row?.LastContactUtc;
    }

    /// <summary>
    /// Every account's last logged contact at or before <paramref name="asOfUtc"/> in one statement (accounts never
    /// contacted are absent): the set-based read for the health score over thousands of accounts.
    /// </summary>
    public async Task<IReadOnlyDictionary<Guid, DateTimeOffset>> LastContactPerAccountAsync(DateTimeOffset asOfUtc, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<LastContactRow>(new CommandDefinition(sql.LastContactPerAccount, new { AsOfUtc = asOfUtc }, cancellationToken: ct));
        return rows.ToDictionary(r => r.AccountId, r => r.LastContactUtc);
    }

    private sealed class LastContactOfOne
    {
        public DateTimeOffset? LastContactUtc { get; init; }
    }

    private sealed class LastContactRow
    {
        public Guid AccountId { get; init; }
        public DateTimeOffset LastContactUtc { get; init; }
    }
}

/// <summary>The contact log as the health score's source of logged contacts: a contact ends contact silence (never ordering silence).</summary>
public sealed class ContactLogSource(WorkspaceSql sql) : IAccountContactSource
{
    private sealed class Row
    {
        public Guid AccountId { get; init; }
        public DateTimeOffset LastContactUtc { get; init; }
    }

    public async Task<IReadOnlyDictionary<Guid, DateTimeOffset>> LastContactsAsync(DbConnection connection, DateTimeOffset asOf, CancellationToken ct) =>
        (await connection.QueryAsync<Row>(new CommandDefinition(sql.LastContactPerAccount, new { AsOfUtc = asOf }, cancellationToken: ct)))
            .ToDictionary(r => r.AccountId, r => r.LastContactUtc);
}
