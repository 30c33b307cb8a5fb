using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Accounts;
using Portal.Data.Relationships;

namespace Portal.Tests.Web;

/// <summary>
/// The account manager's workspace through the real host: who reaches it (account managers their own accounts, supplier
/// admins every account, nobody else), customers never seeing a score, a task or a contact anywhere, and bad input kept.
/// The demo data gives Contoso (silent) and Northwind a few weeks of health, both managed by manager@supplier.test.
/// </summary>
public sealed class WorkspaceTests(PortalApp app) : IClassFixture<PortalApp>
{
    private async Task<(Guid Northwind, Guid Contoso)> DemoAccountsAsync()
    {
        var list = (await app.Services.GetRequiredService<AccountStore>().ListAccountsAsync(null, 1, 100)).Items;
        return (list.Single(a => a.Name == "Northwind Traders").Id, list.Single(a => a.Name == "Contoso Ltd").Id);
    }

    [Fact]
    public async Task Customers_never_reach_the_workspace_and_no_customer_page_shows_a_score()
    {
        var (northwind, contoso) = await DemoAccountsAsync();
        foreach (var (email, own) in new[] { ("buyer@northwind.test", northwind), ("admin@northwind.test", northwind), ("approver@northwind.test", northwind), ("buyer@contoso.test", contoso) })
        {
            var customer = await app.SignedInAsync(email);
            foreach (var url in new[] { "/desk/relationships", $"/desk/relationships/{own}", $"/desk/relationships?silence=silent" })
            {
                var response = await customer.GetAsync(url);
                Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Forbidden or HttpStatusCode.NotFound, $"{email} {url}: {(int)response.StatusCode}");
                if (response.StatusCode == HttpStatusCode.Redirect) Assert.Contains("AccessDenied", response.Headers.Location!.ToString());
                Assert.DoesNotContain(DemoWorkspace.DemoMark, await response.Content.ReadAsStringAsync());
            }
            var logged = await customer.PostAsync($"/desk/relationships/{own}?handler=Contact", new FormUrlEncodedContent([new("Contact.Kind", "Call")]));
            Assert.NotEqual(HttpStatusCode.OK, logged.StatusCode);
            foreach (var page in new[] { "/", "/orders", "/account/sites" })
            {
                var html = await customer.GetPageAsync(page);
                Assert.DoesNotContain(DemoWorkspace.DemoMark, html);
                Assert.DoesNotContain("/desk/relationships", html);
            }
        }
    }

    [Fact]
    public async Task The_customer_api_describes_and_returns_no_health_task_or_contact()
    {
        var document = await app.NewClient().GetStringAsync("/openapi/v1.json");
        using var json = JsonDocument.Parse(document);
        var paths = json.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.NotEmpty(paths);
        foreach (var word in new[] { "health", "relationship", "follow", "contact", "score" })
            Assert.DoesNotContain(paths, p => p.Contains(word, StringComparison.OrdinalIgnoreCase));

        var client = app.NewClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", Portal.Data.Demo.DemoData.ContosoApiKey);
        foreach (var path in paths.Where(p => !p.Contains('{')))
        {
            var methods = json.RootElement.GetProperty("paths").GetProperty(path);
            if (!methods.TryGetProperty("get", out _)) continue;
            var body = await (await client.GetAsync(path)).Content.ReadAsStringAsync();
            Assert.DoesNotContain(DemoWorkspace.DemoMark, body);
            Assert.DoesNotContain("\"score\"", body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("\"silent\"", body, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task A_desk_agent_has_no_workspace()
    {
        var (_, contoso) = await DemoAccountsAsync();
        var desk = await app.SignedInAsync("desk@supplier.test");
        foreach (var url in new[] { "/desk/relationships", $"/desk/relationships/{contoso}" })
        {
            var response = await desk.GetAsync(url);
            Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Forbidden, url);
            if (response.StatusCode == HttpStatusCode.Redirect) Assert.Contains("AccessDenied", response.Headers.Location!.ToString());
        }
        Assert.DoesNotContain("/desk/relationships", await desk.GetPageAsync("/"));
    }

    [Fact]
    public async Task An_account_manager_sees_their_silent_account_first_and_another_managers_account_is_not_found()
    {
        var (_, contoso) = await DemoAccountsAsync();
        var other = (await app.Services.GetRequiredService<AccountStore>().CreateAccountAsync(new NewAccount("Fabrikam " + Guid.NewGuid().ToString("N")[..6], null, "Europe/London", 15))).Value!;

        var manager = await app.SignedInAsync("manager@supplier.test");
        var list = await manager.GetPageAsync("/desk/relationships");
        Assert.Contains("My accounts", list);
        var firstRow = list[list.IndexOf("<tbody>", StringComparison.Ordinal)..];
        firstRow = firstRow[..firstRow.IndexOf("</tr>", StringComparison.Ordinal)];
        Assert.Contains("Contoso Ltd", firstRow);
        Assert.Contains("Silent", firstRow);
        Assert.Contains("No order for three times its usual gap", firstRow);
        Assert.DoesNotContain(other.Name, list);

        Assert.Equal(HttpStatusCode.OK, (await manager.GetAsync($"/desk/relationships/{contoso}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync($"/desk/relationships/{other.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync($"/desk/relationships/{Guid.NewGuid()}")).StatusCode);
        var post = await manager.PostFormAsync($"/desk/relationships/{contoso}",
            [new("Contact.Kind", "Call"), new("Contact.Date", "2026-01-05"), new("Contact.Time", "10:00"), new("Contact.WithWhom", "Someone")],
            $"/desk/relationships/{other.Id}?handler=Contact");
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);

        var admin = await app.SignedInAsync("admin@supplier.test");
        var all = await admin.GetPageAsync("/desk/relationships");
        Assert.Contains("Accounts health", all);
        Assert.Contains(other.Name, all);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/desk/relationships/{other.Id}")).StatusCode);
        Assert.Contains("Contoso Ltd", await admin.GetPageAsync("/desk/relationships?silence=silent"));
        Assert.DoesNotContain(other.Name, await admin.GetPageAsync("/desk/relationships?silence=silent"));
    }

    [Fact]
    public async Task A_contact_with_a_bad_time_comes_back_with_everything_typed_and_the_time_marked()
    {
        var (northwind, _) = await DemoAccountsAsync();
        var manager = await app.SignedInAsync("manager@supplier.test");
        var url = $"/desk/relationships/{northwind}";
        var response = await manager.PostFormAsync(url,
            [new("Contact.Kind", "Meeting"), new("Contact.Date", "2026-01-05"), new("Contact.Time", "25:99"), new("Contact.WithWhom", "Jo Bloggs"), new("Contact.Notes", "Brought the spring samples")],
            url + "?handler=Contact");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("value=\"Jo Bloggs\"", html);
        Assert.Contains("Brought the spring samples", html);
        Assert.Contains("value=\"2026-01-05\"", html);
        Assert.Matches("<option selected=\"selected\" value=\"Meeting\">", html);
        Assert.Matches("id=\"Contact_Time\"[^>]*aria-invalid=\"true\"|aria-invalid=\"true\"[^>]*id=\"Contact_Time\"", html);
        Assert.Contains("Enter the time of the contact", html.Text());
        Assert.Null(await app.Services.GetRequiredService<Contacts>().LastContactUtcAsync(northwind, app.Clock.GetUtcNow().AddYears(1)));
    }

    [Fact]
    public async Task A_task_is_not_completed_without_an_outcome_and_the_page_says_so()
    {
        var (northwind, _) = await DemoAccountsAsync();
        var manager = await app.SignedInAsync("manager@supplier.test");
        var url = $"/desk/relationships/{northwind}";
        var added = await manager.PostFormAsync(url, [new("NewTask.Kind", "Visit"), new("NewTask.DueDate", DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime).AddDays(3).ToString("yyyy-MM-dd")), new("NewTask.Notes", "Walk the Manchester depot")], url + "?handler=Task");
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var task = Assert.Single(await app.Services.GetRequiredService<FollowUps>().OpenTasksOfAccountAsync(northwind), t => t.Notes == "Walk the Manchester depot");

        var refused = await manager.PostFormAsync(url, [new("taskId", task.Id.ToString()), new("version", task.Version.ToString()), new("outcome", " ")], url + "?handler=Complete");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains("the outcome is needed", html.Text());
        Assert.Contains($"aria-describedby=\"outcome-{task.Id:N}-error\"", html);
        Assert.Contains(await app.Services.GetRequiredService<FollowUps>().OpenTasksOfAccountAsync(northwind), t => t.Id == task.Id);

        var done = await manager.PostFormAsync(url, [new("taskId", task.Id.ToString()), new("version", task.Version.ToString()), new("outcome", "Depot visit booked")], url + "?handler=Complete");
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.DoesNotContain(await app.Services.GetRequiredService<FollowUps>().OpenTasksOfAccountAsync(northwind), t => t.Id == task.Id);
        Assert.Contains("Depot visit booked", await manager.GetPageAsync(url));
    }
}
