using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Dapper;
using Microsoft.Data.Sqlite;
using Portal.Data.Demo;

namespace Portal.Tests.Web.Service;

/// <summary>What the request tests do through the pages and the API, and how they judge HTML harmless.</summary>
public static class TicketSteps
{
    public static HttpClient Api(this PortalApp app, string key)
    {
        var client = app.NewClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    public static async Task<JsonElement> Json(this HttpResponseMessage response) => JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    public static string Date(int days)
    {
        var d = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(days));
        while (d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) d = d.AddDays(1);
        return d.ToString("yyyy-MM-dd");
    }

    /// <summary>A Northwind order for the London site, confirmed, with line 2 shipped 4 and delivered 3: one short.</summary>
    public static async Task<string> ShortDeliveredOrderAsync(this PortalApp app)
    {
        var customer = app.Api(DemoData.NorthwindApiKey);
        var supplier = app.Api(DemoData.SupplierApiKey);
        var placed = await customer.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders")
        {
            Content = JsonContent.Create(new { siteCode = "NW-LON", poNumber = "PO-T", requestedDeliveryDate = Date(14), lines = new[] { new { sku = "22423", quantity = 2 }, new { sku = "85123A", quantity = 4 } } }),
            Headers = { { "Idempotency-Key", Guid.NewGuid().ToString() } },
        });
        Assert.True(placed.StatusCode == HttpStatusCode.Created, await placed.Content.ReadAsStringAsync());
        var number = (await placed.Json()).GetProperty("number").GetString()!;
        var confirmed = await supplier.PostAsJsonAsync($"/api/v1/supplier/orders/{number}/confirmation",
            new { lines = new[] { new { line = 1, promisedDate = Date(15), quantity = 2 }, new { line = 2, promisedDate = Date(15), quantity = 4 } } });
        Assert.True(confirmed.IsSuccessStatusCode, await confirmed.Content.ReadAsStringAsync());
        var shipment = (await (await supplier.PostAsJsonAsync($"/api/v1/supplier/orders/{number}/shipments",
            new { carrier = "DPD", trackingReference = "TRK-T", lines = new[] { new { line = 1, quantity = 2 }, new { line = 2, quantity = 4 } } })).Json()).GetProperty("shipmentId").GetString();
        var delivered = await supplier.PostAsJsonAsync($"/api/v1/supplier/orders/{number}/deliveries",
            new { shipmentId = shipment, deliveredDate = DateTime.UtcNow.ToString("yyyy-MM-dd"), lines = new[] { new { line = 1, quantity = 2 }, new { line = 2, quantity = 3 } } });
        Assert.True(delivered.IsSuccessStatusCode, await delivered.Content.ReadAsStringAsync());
        return number;
    }

    private static readonly Regex Token = new("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"");

    /// <summary>Posts a multipart form (fields and files) with the antiforgery token of the page it came from.</summary>
    public static async Task<HttpResponseMessage> PostMultipartAsync(this HttpClient client, string pageUrl, IEnumerable<(string Name, string Value)> fields,
        IEnumerable<(string FileName, byte[] Content)> files, string? postUrl = null)
    {
        var html = await client.GetPageAsync(pageUrl);
        var content = new MultipartFormDataContent();
        foreach (var (name, value) in fields) content.Add(new StringContent(value), name);
        foreach (var (fileName, bytes) in files)
        {
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            content.Add(part, "Files", fileName);
        }
        content.Add(new StringContent(WebUtility.HtmlDecode(Token.Match(html).Groups[1].Value)), "__RequestVerificationToken");
        return await client.PostAsync(postUrl ?? pageUrl, content);
    }

    /// <summary>Raises a request through the page; returns its number.</summary>
    public static async Task<string> RaiseAsync(this HttpClient client, string subject, string body, IEnumerable<(string, byte[])>? files = null, string kind = "ProductQuestion")
    {
        var response = await client.PostMultipartAsync("/requests/new",
            [("Input.Kind", kind), ("Input.Impact", "Moderate"), ("Input.Subject", subject), ("Input.Body", body)], files ?? []);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"raising should redirect, was {(int)response.StatusCode}: {(await response.Content.ReadAsStringAsync()).Text()}");
        return Regex.Match(response.Headers.Location!.ToString(), "RQ-\\d+").Value;
    }

    public static long Count(this PortalApp app, string sql, object? args = null)
    {
        using var c = new SqliteConnection($"Data Source={app.DatabaseFile}");
        return c.ExecuteScalar<long>(sql, args);
    }

    // ---- the XSS corpus and how harmless output is judged ------------------------------------------------------------

    public static readonly IReadOnlyList<string> Corpus =
    [
        "<script>alert('xss1')</script>",
        "<img src=x onerror=\"alert('xss2')\">",
        "<a href=\"javascript:alert('xss3')\">js link</a>",
        "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgneHNzNCcpPC9zY3JpcHQ+\">data link</a>",
        "<svg onload=\"alert('xss5')\"><circle r=\"1\"/></svg>",
        "<style>body{background:url(\"javascript:alert('xss6')\")}</style>",
        "&lt;script&gt;alert('xss7')&lt;/script&gt;",
        "<scr<script>ipt>alert('xss8')</script>",
        "<IMG SRC=JaVaScRiPt:alert('xss9')>",
        "<iframe src=\"https://evil.example/\"></iframe>",
        "<a href=\"https://example.com/ok\" onclick=\"alert('xss10')\">ok link</a>",
        "[md link](javascript:alert('xss11'))",
        "<div style=\"background-image:url(javascript:alert('xss12'))\">styled</div>",
        "<math><mi xlink:href=\"javascript:alert('xss13')\">m</mi></math>",
        "<a href=\"jav&#x09;ascript:alert('xss14')\">tab link</a>",
        "<b onmouseover=alert('xss15')>bold</b",
        "%3Cscript%3Ealert('xss16')%3C/script%3E",
    ];

    public static string CorpusText => string.Join("\n\n", Corpus);

    private static readonly string[] UrlAttributes = ["href", "src", "action", "formaction", "xlink:href", "background", "poster", "srcdoc"];

    /// <summary>
    /// Fails when HTML could run script: a script element that is not one of the portal's own files, an event-handler
    /// attribute, a javascript: or data:text URL, or an svg, math, iframe, object, embed, style or base element from user text.
    /// </summary>
    public static void AssertHarmless(string html, string where)
    {
        var document = new HtmlParser().ParseDocument(html);
        var problems = new List<string>();
        foreach (var element in document.All)
        {
            var name = element.LocalName;
            if (name == "script" && (element.GetAttribute("src") is not { } src || !src.StartsWith('/') || element.TextContent.Trim().Length > 0))
                problems.Add("script: " + element.OuterHtml);
            if (name is "svg" or "math" or "iframe" or "object" or "embed" or "base" || (name == "style" && element.Closest("head") is null))
                problems.Add(name + ": " + element.OuterHtml);
            foreach (var attribute in element.Attributes)
            {
                if (attribute.LocalName.StartsWith("on", StringComparison.OrdinalIgnoreCase)) problems.Add("handler: " + element.OuterHtml);
                if (UrlAttributes.Contains(attribute.Name.ToLowerInvariant()))
                {
                    var value = new string(attribute.Value.Where(c => !char.IsWhiteSpace(c) && !char.IsControl(c)).ToArray()).ToLowerInvariant();
                    if (value.StartsWith("javascript:") || value.StartsWith("vbscript:") || value.StartsWith("data:text")) problems.Add("url: " + element.OuterHtml);
                }
                if (attribute.LocalName == "style" && attribute.Value.Contains("javascript", StringComparison.OrdinalIgnoreCase)) problems.Add("style: " + element.OuterHtml);
            }
            if (name == "a" && element.HasAttribute("href") && element.Closest("[data-testid=thread]") is not null
                && element.GetAttribute("rel") != "noopener noreferrer nofollow" && !element.HasAttribute("download"))
                problems.Add("link without rel: " + element.OuterHtml);
        }
        Assert.True(problems.Count == 0, $"{where} is not harmless:\n" + string.Join("\n", problems));
    }
}
