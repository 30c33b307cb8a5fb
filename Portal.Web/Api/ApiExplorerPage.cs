using Scalar.AspNetCore;

namespace Portal.Web.Api;

/// <summary>
/// The API explorer for people who integrate, at /api/docs: Scalar (Scalar.AspNetCore) reading /openapi/v1.json, with
/// its script served from the package itself (no CDN, no web fonts). The page is ours rather than Scalar's own, so that
/// it has no inline script: it loads Scalar's script and a small module that starts it, and sends its own
/// Content-Security-Policy (Scalar's components add style elements at run time, hence 'unsafe-inline' for styles only).
/// </summary>
public static class ApiExplorerPage
{
    public const string Path = "/api/docs";
    private const string Assets = "/api/docs/scalar";

    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private const string Html = """
        <!doctype html>
        <html lang="en">
        <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Customer portal API</title>
        </head>
        <body>
            <div id="app"></div>
            <script src="/api/docs/scalar/scalar.js"></script>
            <script type="module" src="/api/docs/explorer.js"></script>
        </body>
        </html>
        """;

    private const string Script = """
        import { initialize } from '/api/docs/scalar/scalar.aspnetcore.js'

        initialize('%2Fapi%2Fdocs', false, {
          sources: [{ title: 'v1', url: '/openapi/v1.json' }],
          defaultHttpClient: { targetKey: 'shell', clientKey: 'curl' },
          authentication: { preferredSecurityScheme: ['ApiKey'] },
          withDefaultFonts: false,
          // Scalar's own toolbar and AI agent talk to Scalar's services; the explorer stays on this site
          showDeveloperTools: 'never',
          agent: { disabled: true },
          _integration: 'dotnet',
        }, '')
        """;

    public static void Map(WebApplication app)
    {
        // Scalar's files (scalar.js, scalar.aspnetcore.js) under /api/docs/scalar/
        app.MapScalarApiReference(Assets, o => o.WithTitle("Customer portal API").DisableDefaultFonts())
            .AllowAnonymous().WithMetadata(new PortalApiEndpoint()).ExcludeFromDescription();

        app.MapGet(Path, (HttpContext context) =>
        {
            context.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
            return Results.Content(Html, "text/html; charset=utf-8");
        }).AllowAnonymous().WithMetadata(new PortalApiEndpoint()).ExcludeFromDescription();

        app.MapGet(Path + "/explorer.js", () => Results.Content(Script, "text/javascript; charset=utf-8"))
            .AllowAnonymous().WithMetadata(new PortalApiEndpoint()).ExcludeFromDescription();
    }
}
