using System.Net;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Db;

namespace Portal.Tests.Web.Service;

/// <summary>The supplier admin's calendar and SLA target forms, the desk dashboard and the rating page, through the real host.</summary>
public sealed class ServiceSettingsTests(PortalApp app) : IClassFixture<PortalApp>
{
    private static List<KeyValuePair<string, string>> Week(string zone, Func<int, (bool Open, string Opens, string Closes)>? change = null)
    {
        var fields = new List<KeyValuePair<string, string>> { new("Input.TimeZone", zone), new("Input.Version", "1") };
        int[] order = [1, 2, 3, 4, 5, 6, 0];
        for (var i = 0; i < order.Length; i++)
        {
            var (open, opens, closes) = change?.Invoke(order[i]) ?? (order[i] is >= 1 and <= 5, "09:00", "17:30");
            fields.Add(new($"Input.Days[{i}].Weekday", order[i].ToString()));
            if (open) fields.Add(new($"Input.Days[{i}].Open", "true"));
            fields.Add(new($"Input.Days[{i}].Open", "false"));
            fields.Add(new($"Input.Days[{i}].Opens", open ? opens : ""));
            fields.Add(new($"Input.Days[{i}].Closes", open ? closes : ""));
        }
        return fields;
    }

    [Fact]
    public async Task Refused_working_hours_show_the_page_again_with_everything_typed_and_the_message_by_the_field()
    {
        var admin = await app.SignedInAsync("admin@supplier.test");
        var response = await admin.PostFormAsync("/desk/service/calendar",
            Week("Europe/Paris", d => d == 2 ? (true, "10:15", "08:00") : d == 6 ? (true, "10:00", "13:00") : (d is >= 1 and <= 5, "09:00", "17:30")),
            "/desk/service/calendar?handler=Hours");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Tuesday: the closing time must be after the opening time.", html.Text());
        Assert.Matches("id=\"Input_Days_1__Closes\"[^>]*aria-invalid=\"true\"|aria-invalid=\"true\"[^>]*id=\"Input_Days_1__Closes\"", html);
        Assert.Contains("value=\"10:15\"", html);
        Assert.Contains("value=\"08:00\"", html);
        Assert.Contains("value=\"Europe/Paris\"", html);
        Assert.Contains("value=\"13:00\"", html); // Saturday, typed open, kept
        // nothing was stored
        Assert.Contains("value=\"Europe/London\"", await admin.GetPageAsync("/desk/service/calendar"));
    }

    [Fact]
    public async Task A_holiday_without_a_name_is_refused_keeping_its_date_and_a_named_one_is_listed_and_can_be_removed()
    {
        var admin = await app.SignedInAsync("admin@supplier.test");
        var refused = await admin.PostFormAsync("/desk/service/calendar", [new("Holiday.Date", "2027-01-04"), new("Holiday.Name", "")], "/desk/service/calendar?handler=AddHoliday");
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Give the holiday a name", html.Text());
        Assert.Contains("value=\"2027-01-04\"", html);

        var added = await admin.PostFormAsync("/desk/service/calendar", [new("Holiday.Date", "2027-01-04"), new("Holiday.Name", "Extra new year")], "/desk/service/calendar?handler=AddHoliday");
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var page = await admin.GetPageAsync("/desk/service/calendar");
        Assert.Contains("Mon 4 Jan 2027 Extra new year", page.Text());
        Assert.Contains("data-confirm=\"Remove the holiday Extra new year", page);

        var removed = await admin.PostFormAsync("/desk/service/calendar", [], "/desk/service/calendar?handler=RemoveHoliday&date=2027-01-04");
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.DoesNotContain("Extra new year", (await admin.GetPageAsync("/desk/service/calendar")).Text());
    }

    [Fact]
    public async Task A_refused_target_keeps_what_was_typed_and_a_good_one_is_listed()
    {
        var admin = await app.SignedInAsync("admin@supplier.test");
        List<KeyValuePair<string, string>> form(string minutes) =>
        [
            new("Input.Priority", "Low"), new("Input.QueueId", ""), new("Input.FirstResponseHours", "12"), new("Input.FirstResponseMinutes", minutes),
            new("Input.ResolutionHours", "90"), new("Input.ResolutionMinutes", "15"),
        ];
        var refused = await admin.PostFormAsync("/desk/service/sla-policies", form("75"));
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("The first response minutes must be a whole number from 0 to 59.", html.Text());
        Assert.Contains("value=\"75\"", html);
        Assert.Contains("value=\"90\"", html);
        Assert.Matches("<option (selected=\"selected\" value=\"Low\"|value=\"Low\" selected=\"selected\")", html);

        var letters = await (await admin.PostFormAsync("/desk/service/sla-policies", form("ten"))).Content.ReadAsStringAsync();
        Assert.Contains("Enter a whole number.", letters.Text());
        Assert.Contains("value=\"ten\"", letters);

        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync("/desk/service/sla-policies", form("30"))).StatusCode);
        Assert.Contains("Low All queues 12 h 30 min 90 h 15 min", (await admin.GetPageAsync("/desk/service/sla-policies")).Text());
    }

    [Fact]
    public async Task The_dashboard_is_for_desk_staff_only_and_settings_for_supplier_admins_only()
    {
        var desk = await app.SignedInAsync("desk@supplier.test");
        Assert.Contains("Open requests by queue", (await desk.GetPageAsync("/desk/service/dashboard?days=7")).Text());
        Assert.NotEqual(HttpStatusCode.OK, (await desk.GetAsync("/desk/service/calendar")).StatusCode);
        var buyer = await app.SignedInAsync("buyer@northwind.test");
        Assert.NotEqual(HttpStatusCode.OK, (await buyer.GetAsync("/desk/service/dashboard")).StatusCode);
    }

    private async Task<string> ResolvedRequestOfAsync(string requesterEmail)
    {
        var number = "R-" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var now = app.Clock.GetUtcNow();
        await using var c = await app.Services.GetRequiredService<ConnectionFactory>().OpenAsync();
        var user = await c.QuerySingleAsync<(string Id, string AccountId)>("SELECT Id, AccountId FROM Users WHERE NormalizedEmail = @Email", new { Email = requesterEmail.ToUpperInvariant() });
        var id = Guid.NewGuid();
        await c.ExecuteAsync("""
            INSERT INTO Tickets (Id, Number, AccountId, Kind, QueueId, Subject, Status, Priority, Impact, RequesterUserId, CreatedUtc, UpdatedUtc, ResolvedUtc)
            SELECT @Id, @Number, @AccountId, 'Other', Id, 'Short delivery', 'Resolved', 'Normal', 'Minor', @UserId, @Created, @Now, @Now
            FROM TicketQueues WHERE Code = 'General'
            """, new { Id = id, Number = number, AccountId = Guid.Parse(user.AccountId), UserId = Guid.Parse(user.Id), Created = now.AddHours(-3), Now = now });
        await c.ExecuteAsync("""
            INSERT INTO TicketStatusChanges (Id, TicketId, FromStatus, ToStatus, AtUtc) VALUES (@A, @Id, NULL, 'New', @Created), (@B, @Id, 'New', 'Resolved', @Now)
            """, new { A = Guid.NewGuid(), B = Guid.NewGuid(), Id = id, Created = now.AddHours(-3), Now = now });
        return number;
    }

    [Fact]
    public async Task The_requester_rates_a_resolved_request_once_and_another_account_finds_no_such_request()
    {
        var number = await ResolvedRequestOfAsync("buyer@northwind.test");
        var buyer = await app.SignedInAsync("buyer@northwind.test");
        var form = await buyer.GetPageAsync($"/service/rate/{number}?score=4");
        var otherTab = System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.Contains("How did we do?", form.Text());
        Assert.Matches("id=\"rate-score-4\"[^>]*checked", form);

        var refused = await buyer.PostFormAsync($"/service/rate/{number}", [new("Input.Comment", "Kept typing")]);
        var refusedHtml = await refused.Content.ReadAsStringAsync();
        Assert.Contains("Choose a rating from 1 (poor) to 5 (excellent).", refusedHtml.Text());
        Assert.Contains("Kept typing</textarea>", refusedHtml);

        var rated = await buyer.PostFormAsync($"/service/rate/{number}", [new("Input.Score", "4"), new("Input.Comment", "Fixed the same day")]);
        Assert.Equal(HttpStatusCode.Redirect, rated.StatusCode);
        var after = (await buyer.GetPageAsync($"/service/rate/{number}")).Text();
        Assert.Contains("4 out of 5", after);
        Assert.Contains("Fixed the same day", after);

        // a second attempt (a form left open in another tab) is told it is already rated
        var again = await buyer.PostAsync($"/service/rate/{number}", new FormUrlEncodedContent([new("Input.Score", "1"),
            new("__RequestVerificationToken", WebUtility.HtmlDecode(otherTab))]));
        Assert.Contains("already rated (4 out of 5)", (await again.Content.ReadAsStringAsync()).Text());

        var contoso = await app.SignedInAsync("buyer@contoso.test");
        Assert.Equal(HttpStatusCode.NotFound, (await contoso.GetAsync($"/service/rate/{number}")).StatusCode);
        var approver = await app.SignedInAsync("approver@northwind.test"); // same account, not the requester, not its admin
        Assert.Equal(HttpStatusCode.NotFound, (await approver.GetAsync($"/service/rate/{number}")).StatusCode);
        var admin = await app.SignedInAsync("admin@northwind.test");
        Assert.Contains("4 out of 5", (await admin.GetPageAsync($"/service/rate/{number}")).Text());
    }
}
