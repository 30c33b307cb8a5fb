using Microsoft.AspNetCore.Antiforgery;

namespace Portal.Web.Infrastructure;

/// <summary>
/// "Stay signed in" from the idle sign-out warning (site.js): a signed-in POST with the antiforgery token starts the idle
/// clock again and answers how many seconds are left. Without script it is a plain form that comes back to the page.
/// </summary>
public static class IdleSession
{
    public const string KeepAlivePath = "/session/keep-alive";

    public static void MapIdleSession(this WebApplication app) =>
        app.MapPost(KeepAlivePath, async (HttpContext context, IAntiforgery antiforgery, string? returnUrl) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context))
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The form has expired. Reload the page.");
            if (await IdleSignOut.TouchAsync(context) is not { } left)
                return Results.Unauthorized();
            if (context.Request.Headers.Accept.Any(a => a?.Contains("application/json", StringComparison.OrdinalIgnoreCase) == true))
                return Results.Json(new { secondsLeft = (int)left.TotalSeconds });
            return Results.LocalRedirect(!string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//") && !returnUrl.StartsWith("/\\") ? returnUrl : "/");
        }).RequireAuthorization().DisableAntiforgery();
}
