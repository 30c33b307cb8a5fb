using System.Net;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Accounts;
using Portal.Data.Db;

namespace Portal.Tests.Web;

/// <summary>Customers never see a relationship health score, their own or anyone's: not on a page, not in the API.</summary>
public sealed class HealthIsolationTests(PortalApp app) : IClassFixture<PortalApp>
{
    private const string Marker = "HEALTH-REASON-MARKER";

    [Fact]
    public async Task No_customer_page_or_api_shows_a_health_score_or_its_reasons()
    {
        var accounts = app.Services.GetRequiredService<AccountStore>();
        var northwind = (await accounts.ListAccountsAsync(null, 1, 100)).Items.Single(a => a.Name == "Northwind Traders").Id;
        await using (var c = await app.Services.GetRequiredService<ConnectionFactory>().OpenAsync(TestContext.Current.CancellationToken))
            await c.ExecuteAsync("""
                INSERT INTO AccountHealthScores (AccountId, AsOfDate, Score, Risk, Silent, Reasons, ComputedUtc)
                VALUES (@AccountId, @AsOfDate, 17, 0.8321, 1, @Reasons, @Now)
                ON CONFLICT (AccountId, AsOfDate) DO UPDATE SET Score = excluded.Score, Risk = excluded.Risk, Silent = excluded.Silent, Reasons = excluded.Reasons
                """, new { AccountId = northwind, AsOfDate = DateOnly.FromDateTime(DateTime.UtcNow), Reasons = $"No order for 70 days; {Marker}", Now = DateTimeOffset.UtcNow });

        foreach (var email in new[] { "admin@northwind.test", "buyer@northwind.test" })
        {
            var client = await app.SignedInAsync(email);
            var visited = await CrawlAsync(client);
            Assert.True(visited.Count >= 5, $"{email} reached only {string.Join(", ", visited.Keys)}");
            foreach (var (url, html) in visited)
            {
                Assert.DoesNotContain(Marker, html);
                Assert.DoesNotContain("0.8321", html);
                Assert.False(Regex.IsMatch(html.Text(), @"\b(relationship health|health score|silent account|risk of stopping)\b", RegexOptions.IgnoreCase), $"{url} talks about health");
            }
        }

        // the API's description offers customers no health figures
        var document = await (await app.SignedInAsync("buyer@northwind.test")).GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        Assert.DoesNotMatch(@"(?i)healthscore|relationship-health|accounthealth", await document.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>Every page reachable by links from the home page (same site, GET), up to 60 pages.</summary>
    private static async Task<Dictionary<string, string>> CrawlAsync(HttpClient client)
    {
        var visited = new Dictionary<string, string>();
        var queue = new Queue<string>(["/"]);
        while (queue.Count > 0 && visited.Count < 60)
        {
            var url = queue.Dequeue();
            if (visited.ContainsKey(url)) continue;
            var response = await client.GetAsync(url, TestContext.Current.CancellationToken);
            if (response.StatusCode != HttpStatusCode.OK || response.Content.Headers.ContentType?.MediaType != "text/html") { visited[url] = ""; continue; }
            var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            visited[url] = html;
            foreach (Match m in Regex.Matches(html, "href=\"(/[^\"#]*)\""))
            {
                var link = WebUtility.HtmlDecode(m.Groups[1].Value);
                if (link.StartsWith("//") || link.Contains("sign-out", StringComparison.OrdinalIgnoreCase) || link.Contains("logout", StringComparison.OrdinalIgnoreCase)
                    || link.StartsWith("/css") || link.StartsWith("/js") || link.StartsWith("/lib") || link.Contains("export", StringComparison.OrdinalIgnoreCase)) continue;
                if (!visited.ContainsKey(link)) queue.Enqueue(link);
            }
        }
        return visited.Where(v => v.Value.Length > 0).ToDictionary();
    }
}
