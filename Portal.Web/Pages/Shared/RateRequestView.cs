using Portal.Data.Service;

namespace Portal.Web.Pages;

/// <summary>
/// What the rating form (<c>_RateRequest</c>) shows: the request's rating state, the score and comment typed (kept when the
/// form is refused), and the page to come back to after rating. Drop it into a request page with
/// <c>&lt;partial name="_RateRequest" model="@(new RateRequestView(state))" /&gt;</c>, the state from
/// <see cref="Satisfaction.StateAsync"/>.
/// </summary>
public sealed record RateRequestView(RatingState State, int? Score = null, string? Comment = null, string? ReturnUrl = null);
