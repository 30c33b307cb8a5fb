using System.Collections;
using System.Net;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Portal.Tests.Web;

/// <summary>
/// Bad input gets a clear answer, never a 500 or a sign-in page. As each role (and signed out), the walker follows the
/// links of the portal to reach every page it can, reads each page's GET query parameters and form fields from the
/// compiled page (handler parameters and bound properties, one level into input models and lists), then sends absurd
/// values: far-future and impossible dates, numbers past int, negative pages, 5,000-character and control-character
/// text, malformed GUIDs and enums. Every answer must be below 500; a GET that was 200 must not turn into a redirect
/// to the sign-in page.
/// </summary>
public sealed class BadInputWalkerTests(BadInputWalkerTests.App app) : IClassFixture<BadInputWalkerTests.App>
{
    /// <summary>Its own portal and database: the walker posts forms of every kind, which changes the data.</summary>
    public sealed class App : PortalApp;

    private sealed record PageInfo(string Pattern, Regex Matcher, CompiledPageActionDescriptor Page)
    {
        public bool HasRouteValues => Pattern.Contains('{');
        public string Path => (Page.AreaName is { } area ? "/" + area : "") + Page.ViewEnginePath;
    }

    private sealed record Field(string Name, Type Type);

    /// <summary>Signing out would end the walk for the role; deleting the account's own user would too.</summary>
    private static readonly string[] NotPosted = ["/Identity/Account/Logout", "/Identity/Account/Manage/DeletePersonalData"];

    private static readonly string LongText = new('x', 5000);

    /// <summary>Absurd values per type; index 0 is "too big", 1 "too small or malformed", 2 (where present) "wrong shape".</summary>
    private static string[] Absurd(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(int) || type == typeof(long) || type == typeof(short))
            return ["99999999999", "-5", "2147483647", "-2147483648"];
        if (type == typeof(decimal) || type == typeof(double) || type == typeof(float))
            return ["79228162514264337593543950336", "-1e400", "99999999999999999.99999"];
        if (type == typeof(DateOnly) || type == typeof(DateTime) || type == typeof(DateTimeOffset))
            return ["9999-12-31", "0001-01-01", "99999-99-99"];
        if (type == typeof(Guid)) return ["not-a-guid", Guid.Empty.ToString()];
        if (type == typeof(bool)) return ["maybe", "2"];
        if (type.IsEnum) return ["999", "Nope"];
        return [LongText, "\u0001\u0007\u001b[0m", "%_[]'; DROP TABLE Orders; --"];
    }

    private static bool IsSimple(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(Guid)
               || type == typeof(DateOnly) || type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(TimeOnly);
    }

    /// <summary>The form or query names a model binder reads for one parameter or property, one level deep.</summary>
    private static IEnumerable<Field> Fields(string name, Type type)
    {
        if (type == typeof(CancellationToken) || typeof(IFormFile).IsAssignableFrom(type) || typeof(IFormFileCollection).IsAssignableFrom(type)) yield break;
        if (IsSimple(type)) { yield return new Field(name, type); yield break; }
        var element = type.IsArray ? type.GetElementType()
            : type.IsGenericType && typeof(IEnumerable).IsAssignableFrom(type) ? type.GetGenericArguments()[0] : null;
        if (element is not null)
        {
            if (IsSimple(element)) { yield return new Field(name, element); yield break; }
            foreach (var f in Members(element)) yield return f with { Name = $"{name}[0].{f.Name}" };
            yield break;
        }
        foreach (var f in Members(type)) yield return f with { Name = $"{name}.{f.Name}" };
    }

    private static IEnumerable<Field> Members(Type type)
    {
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite && IsSimple(p.PropertyType) || p.PropertyType.IsGenericType && p.CanWrite)
            .Select(p => (p.Name, p.PropertyType));
        // records with a primary constructor bind through its parameters
        var ctor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault();
        var parameters = ctor?.GetParameters().Select(p => (p.Name!, p.ParameterType)) ?? [];
        return properties.Concat(parameters).DistinctBy(p => p.Item1, StringComparer.OrdinalIgnoreCase)
            .Where(p => IsSimple(p.Item2) || p.Item2.IsGenericType && IsSimple(p.Item2.GetGenericArguments()[0]))
            .Select(p => new Field(p.Item1, p.Item2.IsGenericType && !IsSimple(p.Item2) ? p.Item2.GetGenericArguments()[0] : p.Item2));
    }

    private async Task<List<PageInfo>> PagesAsync()
    {
        var loader = app.Services.GetRequiredService<PageLoader>();
        var pages = new List<PageInfo>();
        var descriptors = app.Services.GetRequiredService<Microsoft.AspNetCore.Mvc.Infrastructure.IActionDescriptorCollectionProvider>().ActionDescriptors.Items;
        foreach (var descriptor in descriptors.OfType<PageActionDescriptor>())
        {
            if (descriptor.AttributeRouteInfo?.Template is not { } template) continue;
            var compiled = descriptor as CompiledPageActionDescriptor ?? await loader.LoadAsync(descriptor, EndpointMetadataCollection.Empty);
            var route = Microsoft.AspNetCore.Routing.Patterns.RoutePatternFactory.Parse(template);
            var pattern = "/" + template.TrimStart('/');
            var regex = "^" + string.Concat(route.PathSegments.Select(s => "/" + string.Concat(s.Parts.Select(p => p switch
            {
                Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal => Regex.Escape(literal.Content),
                Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart { IsOptional: true } => "[^/]*",
                _ => "[^/]+",
            })))) + "/?$";
            pages.Add(new PageInfo(pattern, new Regex(regex, RegexOptions.IgnoreCase), compiled));
        }
        return pages.DistinctBy(p => p.Pattern, StringComparer.OrdinalIgnoreCase).ToList();
    }

    private static IEnumerable<(string? Handler, List<Field> Fields)> Handlers(PageInfo page, string method)
    {
        var routeNames = page.Page.AttributeRouteInfo?.Template is { } template
            ? Regex.Matches(template, @"\{([A-Za-z]+)").Select(m => m.Groups[1].Value).ToHashSet(StringComparer.OrdinalIgnoreCase)
            : [];
        var bound = page.Page.BoundProperties.OfType<PageBoundPropertyDescriptor>()
            .Where(p => method == "POST" || p.Property.GetCustomAttribute<BindPropertyAttribute>()?.SupportsGet == true)
            .SelectMany(p => Fields(p.BindingInfo?.BinderModelName ?? p.Name, p.ParameterType))
            .ToList();
        foreach (var handler in page.Page.HandlerMethods.Where(h => h.HttpMethod.Equals(method, StringComparison.OrdinalIgnoreCase)))
        {
            var fields = handler.Parameters
                .Where(p => !routeNames.Contains(p.Name))
                .SelectMany(p => Fields(p.BindingInfo?.BinderModelName ?? p.Name, p.ParameterType))
                .Concat(bound)
                .DistinctBy(f => f.Name, StringComparer.OrdinalIgnoreCase)
                .ToList();
            yield return (handler.Name, fields);
        }
    }

    private static readonly Regex Href = new("href=\"(/[^\"#]*)\"");
    private static readonly Regex Token = new("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"");

    private static bool IsSignIn(HttpResponseMessage r) =>
        r.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found && r.Headers.Location?.ToString().Contains("/Identity/Account/Login", StringComparison.OrdinalIgnoreCase) == true;

    [Fact]
    public async Task No_page_answers_absurd_query_strings_or_form_fields_with_a_server_error()
    {
        var pages = await PagesAsync();
        Assert.True(pages.Count > 25, $"only {pages.Count} pages found");
        var failures = new List<string>();
        var reached = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var requested = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        // something behind every kind of link: an order (buyer's and desk's order pages) and a standing list
        var contoso = await app.SignedInAsync("buyer@contoso.test");
        await Portal.Tests.Web.Ordering.OrderingSteps.QuickOrderAsync(contoso, "85123A 12");
        Assert.Equal(HttpStatusCode.Redirect, (await contoso.PostFormAsync("/cart", [new("listName", "Walker list")], "/cart?handler=SaveList")).StatusCode);
        var placed = await Portal.Tests.Web.Ordering.OrderingSteps.CheckoutAsync(contoso, await Portal.Tests.Web.Ordering.OrderingSteps.EarliestAsync(contoso), Guid.NewGuid().ToString("N"));
        Assert.Equal(HttpStatusCode.Redirect, placed.StatusCode);
        await Portal.Tests.Web.Ordering.OrderingSteps.QuickOrderAsync(contoso, "85123A 12"); // and a cart, so checkout shows its form
        var scheduleId = "";
        using (var api = app.NewClient()) // and a reorder schedule (its page and its form)
        {
            api.DefaultRequestHeaders.Add("X-Api-Key", Portal.Data.Demo.DemoData.ContosoApiKey);
            var schedule = await api.PostAsync("/api/v1/reorder-schedules", new StringContent(
                """{"name":"Walker schedule","siteCode":"CON-DUB","cron":"0 9 * * MON","startDate":"2026-01-01","lines":[{"sku":"22423","quantity":2}]}""", System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Created, schedule.StatusCode);
            scheduleId = System.Text.Json.JsonDocument.Parse(await schedule.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        }
        // pages only e-mails link to: skipping a schedule's next order, rating a resolved request (the demo's resolved one)
        string resolvedRequest;
        await using (var c = await app.Services.GetRequiredService<Portal.Data.Db.ConnectionFactory>().OpenAsync())
            resolvedRequest = await Dapper.SqlMapper.QueryFirstAsync<string>(c, "SELECT Number FROM Tickets WHERE Status = 'Resolved' ORDER BY Number");
        string[] linkedFromMail = [$"/schedules/{scheduleId}/skip", $"/service/rate/{resolvedRequest}"];
        // and a stock rule (its form)
        var stockSite = System.Text.RegularExpressions.Regex.Match(await contoso.GetPageAsync("/stock"), "site=([0-9a-f-]{36})").Groups[1].Value;
        Assert.Equal(HttpStatusCode.Redirect, (await contoso.PostFormAsync("/stock", [new("Input.Sku", "22423"), new("Input.MinLevel", "1"), new("Input.MaxLevel", "5")],
            $"/stock?handler=Add&site={stockSite}")).StatusCode);

        var requests = 0;
        string?[] people = [null, "buyer@northwind.test", "approver@northwind.test", "admin@northwind.test", "buyer@contoso.test", "desk@supplier.test", "manager@supplier.test", "admin@supplier.test"];
        foreach (var person in people)
        {
            var who = person ?? "signed out";
            var client = person is null ? app.NewClient() : await app.SignedInAsync(person);
            string? token = null;

            async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, IEnumerable<KeyValuePair<string, string>>? form = null)
            {
                requests++;
                using var request = new HttpRequestMessage(method, url);
                if (form is not null) request.Content = new FormUrlEncodedContent(form.Append(new("__RequestVerificationToken", token ?? "")));
                var response = await client.SendAsync(request);
                if ((int)response.StatusCode >= 500)
                    failures.Add($"{who}: {method} {Shorten(url)}{(form is null ? "" : " with " + Shorten(string.Join("&", form.Select(f => $"{f.Key}={f.Value}"))))} -> {(int)response.StatusCode}");
                return response;
            }

            // crawl: every page reachable by a link, at most three addresses per page pattern
            // every page without route values, then whatever their links lead to
            var queue = new Queue<string>(["/", "/invitation?token=nope", "/Error?code=404", .. linkedFromMail, .. pages.Where(p => !p.HasRouteValues).Select(p => p.Pattern)]);
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var perPattern = new Dictionary<string, int>();
            var visits = new List<(string Url, PageInfo Page, bool Ok)>();
            while (queue.Count > 0)
            {
                var url = queue.Dequeue();
                var path = url.Split('?')[0];
                if (!seen.Add(path)) continue;
                var page = pages.Where(p => p.Matcher.IsMatch(path)).OrderBy(p => p.HasRouteValues).FirstOrDefault(); // /account/users/invite before /account/users/{id}
                if (page is null) continue; // the API, static files, the jobs dashboard
                if (perPattern.GetValueOrDefault(page.Pattern) >= 3) continue;
                perPattern[page.Pattern] = perPattern.GetValueOrDefault(page.Pattern) + 1;
                requested.Add(page.Path);
                var response = await SendAsync(HttpMethod.Get, url);
                var html = response.Content.Headers.ContentType?.MediaType == "text/html" ? await response.Content.ReadAsStringAsync() : "";
                if (Token.Match(html) is { Success: true } t) token = WebUtility.HtmlDecode(t.Groups[1].Value);
                visits.Add((path, page, response.StatusCode == HttpStatusCode.OK));
                if (response.StatusCode == HttpStatusCode.OK) reached.Add(page.Path);
                foreach (Match link in Href.Matches(html))
                {
                    var href = WebUtility.HtmlDecode(link.Groups[1].Value);
                    if (!href.StartsWith("/lib/", StringComparison.Ordinal) && !href.StartsWith("/css/", StringComparison.Ordinal) && !href.StartsWith("/api/", StringComparison.Ordinal)) queue.Enqueue(href);
                }
            }

            foreach (var (path, page, ok) in visits)
            {
                foreach (var (handler, fields) in Handlers(page, "GET"))
                {
                    var prefix = path + "?" + (handler is null ? "" : $"handler={handler}&");
                    foreach (var field in fields)
                        foreach (var value in Absurd(field.Type))
                        {
                            var response = await SendAsync(HttpMethod.Get, prefix + $"{Uri.EscapeDataString(field.Name)}={Uri.EscapeDataString(value)}");
                            if (ok && handler is null && IsSignIn(response)) failures.Add($"{who}: GET {path}?{field.Name}={Shorten(value)} sends to the sign-in page");
                        }
                    if (fields.Count > 1)
                        await SendAsync(HttpMethod.Get, prefix + string.Join("&", fields.Select(f => $"{Uri.EscapeDataString(f.Name)}={Uri.EscapeDataString(Absurd(f.Type)[0])}")));
                }
                if (!ok || person is null || NotPosted.Any(n => path.Equals(n, StringComparison.OrdinalIgnoreCase))) continue;
                foreach (var (handler, fields) in Handlers(page, "POST"))
                {
                    var url = path + (handler is null ? "" : $"?handler={handler}");
                    for (var variant = 0; variant < 3; variant++)
                    {
                        var form = fields.Select(f => new KeyValuePair<string, string>(f.Name, variant == 2 ? "" : Absurd(f.Type)[variant])).ToList();
                        await SendAsync(HttpMethod.Post, url, form);
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {requests} requests answered with a server error:\n" + string.Join("\n", failures.Distinct().Select(f => f.Length > 300 ? f[..300] : f).Take(60)));
        // the walk asked for every page, and (but for the few that need a token or a state no link gives) got it with a 200
        var notRequested = pages.Select(p => p.Path).Distinct().Where(p => !requested.Contains(p)).Order().ToList();
        Assert.True(notRequested.Count == 0, "pages the walk never requested:\n" + string.Join("\n", notRequested));
        string[] onlyWithToken =
        [
            "/Identity/Account/ConfirmEmail", "/Identity/Account/ConfirmEmailChange", "/Identity/Account/ExternalLogin", "/Identity/Account/LoginWith2fa",
            "/Identity/Account/LoginWithRecoveryCode", "/Identity/Account/Register", "/Identity/Account/RegisterConfirmation", "/Identity/Account/ResetPassword",
            "/Identity/Account/Logout", "/Identity/Account/Manage/DeletePersonalData", "/Identity/Account/Manage/Disable2fa", "/Identity/Account/Manage/ShowRecoveryCodes",
            "/Identity/Account/Manage/GenerateRecoveryCodes", "/Identity/Account/Manage/SetPassword", "/Identity/Account/Manage/ExternalLogins",
            "/Identity/Account/Manage/DownloadPersonalData", "/Identity/Account/ResendEmailConfirmation", "/Identity/Error", "/Accounts/AcceptInvitation",
        ];
        var missed = pages.Select(p => p.Path).Distinct().Where(p => !reached.Contains(p) && !onlyWithToken.Contains(p, StringComparer.OrdinalIgnoreCase)).Order().ToList();
        Assert.True(missed.Count == 0, $"{requests} requests; pages no role got with a 200:\n" + string.Join("\n", missed));
    }

    private static string Shorten(string text) => text.Length <= 160 ? text : text[..160] + $"…({text.Length} chars)";
}
