using Microsoft.AspNetCore.Mvc.Filters;

namespace Portal.Web.Infrastructure;

/// <summary>
/// The stock Identity UI pages throw when reached out of order or with a mangled link: two-factor steps without a
/// pending sign-in ("Unable to load two-factor authentication user"), a reset link whose code is not Base64Url, an
/// external-login handler without a provider. Those are bad requests, not server faults: the person gets the 400 page
/// ("Go back and try again") instead of a 500. Applied to the Identity area only; other exceptions are left alone.
/// </summary>
public sealed class IdentityStepFilter(ILogger<IdentityStepFilter> logger) : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var executed = await next();
        // "link an external login" with a provider that is not configured: a challenge of an unknown scheme would throw later
        if (executed.Result is ChallengeResult challenge && challenge.AuthenticationSchemes.Count > 0)
        {
            var schemes = context.HttpContext.RequestServices.GetRequiredService<Microsoft.AspNetCore.Authentication.IAuthenticationSchemeProvider>();
            foreach (var scheme in challenge.AuthenticationSchemes)
                if (string.IsNullOrEmpty(scheme) || await schemes.GetSchemeAsync(scheme) is null) executed.Result = new BadRequestResult();
        }
        if (executed.Exception is not (InvalidOperationException or FormatException or ArgumentException) || executed.ExceptionHandled) return;
        logger.LogInformation("Identity page {Page} refused a request out of order or with a bad link: {Message}", context.ActionDescriptor.ViewEnginePath, executed.Exception.Message);
        executed.Result = new BadRequestResult();
        executed.ExceptionHandled = true;
    }
}
