using Portal.Data.Db;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Portal.Web.Areas.Identity.Pages.Account;

namespace Portal.Web.Infrastructure;

/// <summary>
/// Sign-in and transport security in one place: the public address for links in e-mails, forwarded headers from known
/// proxies, HSTS and Secure cookies, the Content-Security-Policy, throttling of sign-in and password resets per client
/// address, server-side sessions and the data-protection key ring in the database.
/// </summary>
public static class PortalSecurity
{
    public static void AddPortalSecurity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var publicUrl = PublicUrl.Configured(builder.Configuration, builder.Environment, required: false);
        services.AddSingleton<PublicUrl>();

        // behind a reverse proxy: the client's address and scheme come from X-Forwarded-For/-Proto, from known proxies only
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            var proxies = List(builder.Configuration, "Proxies:KnownProxies");
            var networks = List(builder.Configuration, "Proxies:KnownNetworks");
            if (proxies.Count + networks.Count > 0)
            {
                // configured proxies replace the default (loopback only)
                o.KnownProxies.Clear();
                o.KnownIPNetworks.Clear();
                foreach (var proxy in proxies) o.KnownProxies.Add(IPAddress.Parse(proxy));
                foreach (var network in networks) o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
            o.ForwardLimit = builder.Configuration.GetValue("Proxies:ForwardLimit", 1);
        });
        services.AddHsts(o =>
        {
            o.MaxAge = TimeSpan.FromDays(365);
            o.IncludeSubDomains = false;
        });

        // Secure cookies: always when the portal's public address is https, else whenever the request came over https
        var secure = publicUrl?.Scheme == Uri.UriSchemeHttps ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "portal.antiforgery";
            o.Cookie.SecurePolicy = secure;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
        });
        services.PostConfigure<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>(
            Microsoft.AspNetCore.Identity.IdentityConstants.ApplicationScheme, o => o.Cookie.SecurePolicy = secure);
        services.PostConfigure<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>(
            Microsoft.AspNetCore.Identity.IdentityConstants.TwoFactorUserIdScheme, o => o.Cookie.SecurePolicy = secure);

        services.Configure<Microsoft.AspNetCore.Mvc.CookieTempDataProviderOptions>(o => o.Cookie.SecurePolicy = secure);
        // the Hangfire dashboard (supplier admins only) writes <style> elements; its scripts stay the dashboard's own files
        services.Configure<ContentSecurityPolicyOptions>(o => o.ByPathPrefix["/desk/jobs"] = ContentSecurityPolicyOptions.Strict.Replace(
            "style-src 'self'; style-src-attr 'unsafe-inline'", "style-src 'self' 'unsafe-inline'"));

        // throttling per client address, so that nobody can lock others' sign-ins or flood mailboxes from one place
        var permits = builder.Configuration.GetValue("Portal:SignInAttemptsPerMinute", 10);
        services.AddRateLimiter(o => o.AddPolicy(SignInThrottle.Name, new SignInThrottle(permits)));

        // one key ring for the farm, in the database; the application name keeps it the same on every node and folder
        services.AddSingleton<DataProtectionSql>();
        services.AddSingleton<DataProtectionKeyStore>();
        var protection = services.AddDataProtection().SetApplicationName("Portal");
        // optional: the keys are encrypted at rest with a certificate every node holds (else they are stored as plain XML,
        // readable by whoever can read the database)
        if (builder.Configuration["DataProtection:Certificate"] is { Length: > 0 } certificate)
            protection.ProtectKeysWithCertificate(System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12FromFile(
                Path.Combine(builder.Environment.ContentRootPath, certificate), builder.Configuration["DataProtection:CertificatePassword"]));
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp =>
            new ConfigureOptions<KeyManagementOptions>(o => o.XmlRepository = new DatabaseXmlRepository(sp.GetRequiredService<DataProtectionKeyStore>())));

        services.AddSingleton<HealthSql>();
        services.AddSingleton<DatabaseProbe>();
        services.AddSingleton<PasswordResetMailer>();
        services.AddHostedService(sp => sp.GetRequiredService<PasswordResetMailer>());
    }

    /// <summary>
    /// Makes sure the shared key ring has a key before the node serves anyone (also on <c>--migrate</c>), so that nodes
    /// started later find it rather than each making its own first key.
    /// </summary>
    public static void EnsureDataProtectionKey(this IServiceProvider services)
    {
        var keys = services.GetRequiredService<IKeyManager>();
        var now = DateTimeOffset.UtcNow;
        if (!keys.GetAllKeys().Any(k => !k.IsRevoked && k.ActivationDate <= now && k.ExpirationDate > now.AddDays(2)))
            keys.CreateNewKey(now, now.AddDays(90));
    }

    /// <summary>The sign-in pages whose posts are throttled per client address.</summary>
    public static readonly string[] ThrottledPages =
        ["/Account/Login", "/Account/LoginWith2fa", "/Account/LoginWithRecoveryCode", "/Account/ForgotPassword", "/Account/ResetPassword"];

    public static void ThrottleSignIn(this Microsoft.AspNetCore.Mvc.ApplicationModels.PageConventionCollection conventions)
    {
        foreach (var page in ThrottledPages)
            conventions.AddAreaPageApplicationModelConvention("Identity", page, m => m.EndpointMetadata.Add(new EnableRateLimitingAttribute(SignInThrottle.Name)));
    }

    /// <summary>First in the pipeline: the client's address and scheme from known proxies.</summary>
    public static void UsePortalForwardedHeaders(this WebApplication app)
    {
        // checked here rather than when services are added, so that `--migrate` runs without it
        PublicUrl.Configured(app.Configuration, app.Environment, required: true);
        app.UseForwardedHeaders();
    }

    /// <summary>After the exception handler (which clears headers and runs the rest again): HSTS and the security headers including the CSP.</summary>
    public static void UsePortalSecurityHeaders(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
            app.UseHsts();
        var csp = app.Services.GetRequiredService<IOptions<ContentSecurityPolicyOptions>>().Value;
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "SAMEORIGIN";
            headers["Referrer-Policy"] = "same-origin";
            if (csp.For(context.Request.Path) is { } policy)
                headers.ContentSecurityPolicy = policy;
            await next();
        });
    }

    private static List<string> List(IConfiguration configuration, string key)
    {
        var section = configuration.GetSection(key);
        var items = section.GetChildren().Select(c => c.Value).ToList();
        if (section.Value is { } single) items.AddRange(single.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries));
        return items.Where(i => !string.IsNullOrWhiteSpace(i)).Select(i => i!.Trim()).ToList();
    }
}

/// <summary>
/// The address people reach the portal at (<c>Portal:PublicUrl</c>), for every link in an e-mail: never the request's
/// Host header, which whoever sends the request chooses. Required outside Development; in Development without it, the
/// address the server listens on.
/// </summary>
public sealed class PublicUrl(IConfiguration configuration, IWebHostEnvironment environment, Microsoft.AspNetCore.Hosting.Server.IServer server)
{
    private string? value;

    public string Base => value ??= Configured(configuration, environment, required: true)?.ToString().TrimEnd('/') ?? Listening();

    /// <summary>Reads and checks <c>Portal:PublicUrl</c>; refuses to start outside Development without a valid one.</summary>
    public static Uri? Configured(IConfiguration configuration, IHostEnvironment environment, bool required)
    {
        var text = configuration["Portal:PublicUrl"];
        if (string.IsNullOrWhiteSpace(text))
        {
            if (environment.IsDevelopment() || !required) return null;
            throw new InvalidOperationException(
                "Set Portal:PublicUrl (environment variable Portal__PublicUrl) to the address people reach the portal at, for example https://portal.example.com: links in e-mails use it.");
        }
        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) || !string.IsNullOrEmpty(uri.Query))
            throw new InvalidOperationException($"Portal:PublicUrl '{text}' is not an absolute http(s) address such as https://portal.example.com.");
        return uri;
    }

    private string Listening()
    {
        var addresses = server.Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses ?? [];
        var address = addresses.FirstOrDefault(a => a.StartsWith("https:", StringComparison.Ordinal)) ?? addresses.FirstOrDefault() ?? "http://localhost:5000";
        return address.Replace("://[::]", "://localhost").Replace("://0.0.0.0", "://localhost").Replace("://+", "://localhost").Replace("://*", "://localhost").TrimEnd('/');
    }
}

/// <summary>
/// The Content-Security-Policy of every response: scripts only from the portal's own files (no inline script, no inline
/// event handlers). A path prefix may get a policy of its own (or none), in one place:
/// <c>services.Configure&lt;ContentSecurityPolicyOptions&gt;(o =&gt; o.ByPathPrefix["/scalar"] = "...")</c>.
/// </summary>
public sealed class ContentSecurityPolicyOptions
{
    public const string Strict =
        "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'";

    public string Default { get; set; } = Strict;

    /// <summary>Policies for path prefixes (the longest matching prefix wins); a null value sends no policy there.</summary>
    public Dictionary<string, string?> ByPathPrefix { get; } = new(StringComparer.OrdinalIgnoreCase);

    public string? For(PathString path)
    {
        string? best = null;
        foreach (var prefix in ByPathPrefix.Keys)
            if (path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase) && (best is null || prefix.Length > best.Length))
                best = prefix;
        return best is null ? Default : ByPathPrefix[best];
    }
}

/// <summary>
/// Posts to the sign-in pages (sign-in, two-factor, forgot and reset password) are limited per client address (after
/// forwarded headers); getting the pages is not. A rejected post answers 429 with Retry-After and the error page.
/// </summary>
public sealed class SignInThrottle(int permitsPerMinute) : IRateLimiterPolicy<string>
{
    public const string Name = "sign-in";

    public RateLimitPartition<string> GetPartition(HttpContext context) =>
        HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)
            ? RateLimitPartition.GetNoLimiter("")
            : RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = permitsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => (context, _) =>
    {
        var retry = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
        context.HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retry.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        // no body: the status-code pages show the portal's error page for 429
        return ValueTask.CompletedTask;
    };
}

/// <summary>The data-protection key ring's storage: the DataProtectionKeys table, through Portal.Data.</summary>
public sealed class DatabaseXmlRepository(DataProtectionKeyStore store) : IXmlRepository
{
    public IReadOnlyCollection<System.Xml.Linq.XElement> GetAllElements() =>
        store.All().Select(x => System.Xml.Linq.XElement.Parse(x)).ToList();

    public void StoreElement(System.Xml.Linq.XElement element, string friendlyName) =>
        store.Add(friendlyName, element.ToString(System.Xml.Linq.SaveOptions.DisableFormatting));
}
