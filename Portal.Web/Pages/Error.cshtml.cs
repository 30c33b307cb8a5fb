using System.Diagnostics;

namespace Portal.Web.Pages;

[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public string? RequestId { get; private set; }
    public int Code { get; private set; }
    public bool ShowRequestId => Code >= 500 && !string.IsNullOrEmpty(RequestId);

    public string Heading => Code switch
    {
        404 => "Not found",
        403 => "Not allowed",
        400 => "Bad request",
        429 => "Too many attempts",
        _ => "Something went wrong",
    };

    public string Explanation => Code switch
    {
        404 => "There is nothing at this address, or it is not yours to see.",
        403 => "Your role does not allow this page.",
        400 => "The request could not be understood. Go back and try again.",
        429 => "Too many sign-in or password-reset attempts came from your network in a short time. Wait a minute and try again.",
        _ => "The portal could not finish your request. Nothing was saved half-way; please try again.",
    };

    public void OnGet(int? code) => Set(code);
    public void OnPost(int? code) => Set(code);

    private void Set(int? code)
    {
        Code = code ?? 500;
        RequestId = Activity.Current?.Id ?? HttpContext.TraceIdentifier;
    }
}
