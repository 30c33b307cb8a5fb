using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Portal.Web.Infrastructure;

public static class PageExtensions
{
    /// <summary>Shows a rule's field errors next to the fields of the page's <c>Input</c>; a blank key goes to the summary.</summary>
    public static void AddErrors(this ModelStateDictionary modelState, FieldErrors errors, string prefix = "Input")
    {
        foreach (var (field, message) in errors)
            modelState.AddModelError(string.IsNullOrEmpty(field) ? "" : $"{prefix}.{field}", message);
    }

    /// <summary>
    /// The address people reach the portal at, for links in e-mails: <c>Portal:PublicUrl</c> (see <see cref="PublicUrl"/>),
    /// never this request's Host header.
    /// </summary>
    public static string PublicBaseUrl(this HttpRequest request) => request.HttpContext.RequestServices.GetRequiredService<PublicUrl>().Base;
}
