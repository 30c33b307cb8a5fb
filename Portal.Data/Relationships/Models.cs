namespace Portal.Data.Relationships;

/// <summary>
/// An account's relationship health as of a date (a row of AccountHealthScores): the nightly job and the
/// relationship-health command write them; the account manager's workspace and the supplier admins' view read them.
/// Customers never see their own score.
/// </summary>
public sealed record AccountHealth
{
    public Guid AccountId { get; init; }
    public DateOnly AsOfDate { get; init; }
    /// <summary>0 to 100, higher is healthier.</summary>
    public int Score { get; init; }
    /// <summary>The chance that the account has stopped buying, 0 to 1: higher is worse; accounts are ranked by it.</summary>
    public double Risk { get; init; }
    /// <summary>Gone quiet against its own rhythm, even when nothing is wrong on record.</summary>
    public bool Silent { get; init; }
    /// <summary>The reasons in plain words, most important first (stored one per line).</summary>
    public string Reasons { get; init; } = "";
    public DateTimeOffset ComputedUtc { get; init; }

    public IReadOnlyList<string> ReasonList => Reasons.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
