using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Demo;
using Portal.Data.Replenishment;
using Portal.Jobs;

namespace Portal.Tests.Web.Ordering;

/// <summary>Reorder schedules through the pages and the integration API on the real host: field errors, isolation, the job.</summary>
public sealed class ScheduleWebTests(PortalApp app) : IClassFixture<PortalApp>
{
    private HttpClient Api(string key = DemoData.ContosoApiKey)
    {
        var client = app.NewClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, was {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    private const string GoodSchedule = """
        {"name":"Cake stands every Monday","siteCode":"CON-DUB","cron":"0 9 * * MON","leadNoticeHours":24,"startDate":"2026-01-01","lines":[{"sku":"22423","quantity":4}]}
        """;

    [Fact]
    public async Task The_api_makes_a_schedule_answers_with_its_next_run_and_pauses_resumes_and_skips_it()
    {
        using var api = Api();
        var created = await ReadAsync(await api.PostAsync("/api/v1/reorder-schedules", Json(GoodSchedule)), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        var next = created.GetProperty("nextRunUtc").GetDateTimeOffset();
        Assert.Equal(DayOfWeek.Monday, next.DayOfWeek);
        Assert.True(next > app.Clock.GetUtcNow());
        Assert.Equal("Europe/Dublin", created.GetProperty("timeZone").GetString());
        Assert.Equal(9, created.GetProperty("nextRunLocal").GetDateTimeOffset().Hour);

        var skipped = await ReadAsync(await api.PostAsync($"/api/v1/reorder-schedules/{id}/skip", null), HttpStatusCode.OK);
        var afterSkip = skipped.GetProperty("nextRunUtc").GetDateTimeOffset();
        Assert.True(afterSkip > next.AddDays(6) && afterSkip < next.AddDays(8), $"{afterSkip} is the Monday after {next}");
        Assert.Equal("Skipped", skipped.GetProperty("occurrences")[0].GetProperty("outcome").GetString());
        var paused = await ReadAsync(await api.PostAsync($"/api/v1/reorder-schedules/{id}/pause", null), HttpStatusCode.OK);
        Assert.Equal("Paused", paused.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, paused.GetProperty("nextRunUtc").ValueKind);
        await ReadAsync(await api.PostAsync($"/api/v1/reorder-schedules/{id}/pause", null), HttpStatusCode.Conflict);
        var resumed = await ReadAsync(await api.PostAsync($"/api/v1/reorder-schedules/{id}/resume", null), HttpStatusCode.OK);
        Assert.Equal("Active", resumed.GetProperty("status").GetString());

        var list = await ReadAsync(await api.GetAsync("/api/v1/reorder-schedules"), HttpStatusCode.OK);
        Assert.Contains(list.EnumerateArray(), s => s.GetProperty("id").GetGuid() == id);

        // another account's key: not found, and not listed
        using var other = Api(DemoData.NorthwindApiKey);
        await ReadAsync(await other.GetAsync($"/api/v1/reorder-schedules/{id}"), HttpStatusCode.NotFound);
        await ReadAsync(await other.PostAsync($"/api/v1/reorder-schedules/{id}/skip", null), HttpStatusCode.NotFound);
        var theirs = await ReadAsync(await other.GetAsync("/api/v1/reorder-schedules"), HttpStatusCode.OK);
        Assert.DoesNotContain(theirs.EnumerateArray(), s => s.GetProperty("id").GetGuid() == id);
    }

    [Theory]
    [InlineData("""{"name":"x","siteCode":"CON-DUB","cron":"every monday","startDate":"2026-01-01","lines":[{"sku":"22423","quantity":4}]}""", "cron")]
    [InlineData("""{"name":"x","siteCode":"CON-DUB","cron":"0 9 * * MON","startDate":"2026-01-01","lines":[{"sku":"NOSUCH","quantity":4}]}""", "lines[0].sku")]
    [InlineData("""{"name":"x","siteCode":"CON-DUB","cron":"0 9 * * MON","startDate":"2026-01-01","lines":[{"sku":"85123A","quantity":3}]}""", "lines[0].quantity")]
    [InlineData("""{"name":"x","siteCode":"NOPE","cron":"0 9 * * MON","startDate":"2026-01-01","lines":[{"sku":"22423","quantity":4}]}""", "siteCode")]
    [InlineData("""{"name":"","siteCode":"CON-DUB","cron":"0 9 * * MON","startDate":"2026-01-01","lines":[{"sku":"22423","quantity":4}]}""", "name")]
    public async Task A_bad_schedule_is_a_problem_naming_the_field(string json, string field)
    {
        using var api = Api();
        var response = await api.PostAsync("/api/v1/reorder-schedules", Json(json));
        var problem = await ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task A_schedule_form_refused_for_one_value_shows_every_typed_value_again_with_the_message_next_to_the_field()
    {
        using var buyer = await app.SignedInAsync("buyer@contoso.test");
        var blank = await buyer.GetPageAsync("/schedule/edit");
        var siteId = System.Text.RegularExpressions.Regex.Match(blank, "<option[^>]*value=\"([0-9a-f-]{36})\"").Groups[1].Value;
        var form = new Dictionary<string, string>
        {
            ["Input.SiteId"] = siteId,
            ["Input.Name"] = "Typed name stays", ["Input.Kind"] = RecurrenceKind.MonthlyDay, ["Input.DayOfMonth"] = "31", ["Input.Time"] = "07:45",
            ["Input.StartDate"] = "2027-01-04", ["Input.LeadNoticeHours"] = "12", ["Input.PoNumber"] = "PO-TYPED",
            ["Input.Lines[0].Sku"] = "22423", ["Input.Lines[0].Quantity"] = "6",
        };
        var response = await buyer.PostFormAsync("/schedule/edit", form);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("the last day of the month", html.Text());
        foreach (var typed in new[] { "Typed name stays", "07:45", "2027-01-04", "PO-TYPED", "value=\"22423\"", "value=\"6\"", "value=\"12\"", "value=\"31\"" })
            Assert.Contains(typed, html);
        Assert.Matches("id=\"Input_DayOfMonth\"[^>]*aria-invalid=\"true\"|aria-invalid=\"true\"[^>]*id=\"Input_DayOfMonth\"", html);

        form["Input.DayOfMonth"] = "28";
        var saved = await buyer.PostFormAsync("/schedule/edit", form);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var page = await buyer.GetPageAsync(saved.Headers.Location!.ToString());
        Assert.Contains("Monthly on day 28 at 07:45", page.Text());

        // the page of this schedule is not found for another account
        using var other = await app.SignedInAsync("buyer@northwind.test");
        var missing = await other.GetAsync(saved.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task The_recurring_replenishment_job_is_registered_and_places_a_due_order()
    {
        using var api = Api();
        var created = await ReadAsync(await api.PostAsync("/api/v1/reorder-schedules", Json(GoodSchedule.Replace("Cake stands every Monday", "Job test"))), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        app.Clock.SetUtcNow(created.GetProperty("nextRunUtc").GetDateTimeOffset().AddMinutes(1));
        app.Services.GetRequiredService<IRecurringJobManager>().Trigger(RecurringJobs.Replenishment);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        JsonElement schedule;
        do
        {
            await Task.Delay(200);
            schedule = await ReadAsync(await api.GetAsync($"/api/v1/reorder-schedules/{id}"), HttpStatusCode.OK);
        } while ((schedule.GetProperty("occurrences").GetArrayLength() == 0 || schedule.GetProperty("occurrences")[0].GetProperty("outcome").GetString() == OccurrenceOutcome.Claimed)
                 && DateTime.UtcNow < deadline);
        var occurrence = schedule.GetProperty("occurrences")[0];
        Assert.Equal(OccurrenceOutcome.Placed, occurrence.GetProperty("outcome").GetString());
        var order = await ReadAsync(await api.GetAsync($"/api/v1/orders/{occurrence.GetProperty("orderNumber").GetString()}"), HttpStatusCode.OK);
        Assert.Equal(4, order.GetProperty("lines")[0].GetProperty("quantity").GetInt32());

        // the order says where it came from: in the API, on its page (with the schedule) and in the history
        var number = occurrence.GetProperty("orderNumber").GetString()!;
        Assert.Equal("Schedule", order.GetProperty("source").GetString());
        using var buyer = await app.SignedInAsync("buyer@contoso.test");
        Assert.Contains("Placed by schedule Job test", (await buyer.GetPageAsync($"/orders/{number}")).Text());
        Assert.Contains($"{number}", (await buyer.GetPageAsync("/orders")).Text());
        Assert.Contains("by schedule", (await buyer.GetPageAsync("/orders")).Text());
    }
}
