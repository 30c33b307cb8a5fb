using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Portal.Data.Demo;

namespace Portal.Tests.Web.Service;

/// <summary>Service desk requests through the real pages, API and mail: sanitizing, attachments, internal notes, tenancy.</summary>
public sealed class TicketWebTests(PortalApp app) : IClassFixture<PortalApp>
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0, 0x90, 0x77, 0x53, 0xDE, 0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82];
    private static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"u8.ToArray();
    private static readonly byte[] Csv = "sku,quantity\n22423,2\n"u8.ToArray();
    private static readonly byte[] Program = [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0x3E, 0, 1, 0, 0, 0];

    [Fact]
    public async Task Xss_posted_through_the_page_and_the_api_comes_back_harmless_on_every_page_in_the_api_and_in_emails()
    {
        var buyer = await app.SignedInAsync("buyer@northwind.test");
        var viaPage = await buyer.RaiseAsync("Harmless page " + DataSeedTag(), TicketSteps.CorpusText);
        var api = app.Api(DemoData.NorthwindApiKey);
        var created = await api.PostAsJsonAsync("/api/v1/tickets", new { kind = "QualityComplaint", subject = "Harmless api <script>alert(1)</script>", body = TicketSteps.CorpusText });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var viaApi = (await created.Json()).GetProperty("number").GetString()!;

        // the desk answers both with the corpus too: it reaches the customer's page, the API and the e-mail
        var desk = await app.SignedInAsync("desk@supplier.test");
        foreach (var number in new[] { viaPage, viaApi })
        {
            var reply = await desk.PostMultipartAsync($"/desk/requests/{number}", [("Input.Body", "Desk says " + TicketSteps.CorpusText)], [], $"/desk/requests/{number}?handler=Reply");
            Assert.Equal(HttpStatusCode.Redirect, reply.StatusCode);
        }
        // the API's request belongs to the key's maker, the customer admin, who replies through the page
        var admin = await app.SignedInAsync("admin@northwind.test");
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostMultipartAsync($"/requests/{viaApi}", [("Input.Body", "Customer again " + TicketSteps.CorpusText)], [])).StatusCode);

        foreach (var number in new[] { viaPage, viaApi })
        {
            var customerPage = await (number == viaPage ? buyer : admin).GetPageAsync($"/requests/{number}");
            TicketSteps.AssertHarmless(customerPage, $"customer page {number}");
            Assert.Contains("ok link", customerPage);
            Assert.Contains("rel=\"noopener noreferrer nofollow\"", customerPage);
            Assert.Contains("&lt;script&gt;alert(", customerPage); // escaped text stays readable text
            TicketSteps.AssertHarmless(await desk.GetPageAsync($"/desk/requests/{number}"), $"desk page {number}");
            TicketSteps.AssertHarmless(await buyer.GetPageAsync("/requests"), "customer list");
            TicketSteps.AssertHarmless(await admin.GetPageAsync("/requests?status=all"), "admin list");
            TicketSteps.AssertHarmless(await desk.GetPageAsync("/desk/requests?status=all"), "desk list");
            foreach (var json in new[] { await api.GetStringAsync($"/api/v1/tickets/{number}"), await app.Api(DemoData.SupplierApiKey).GetStringAsync($"/api/v1/supplier/tickets/{number}") })
            {
                var ticket = System.Text.Json.JsonDocument.Parse(json).RootElement;
                Assert.True(ticket.GetProperty("messages").GetArrayLength() >= 2);
                foreach (var m in ticket.GetProperty("messages").EnumerateArray())
                    TicketSteps.AssertHarmless(m.GetProperty("body").GetString()!, $"API body of {number}");
            }
        }
        await app.MailsContainingAsync($"{viaPage}: the service desk replied", $"{viaApi}: the service desk replied");
        var ticketMails = (await app.MailsAsync(0)).Select(eml => MimeKit.MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(eml))))
            .Where(m => m.Subject?.Contains(viaPage) == true || m.Subject?.Contains(viaApi) == true).ToList();
        Assert.True(ticketMails.Count >= 2, "the desk's replies are mailed to the requester");
        foreach (var mail in ticketMails)
        {
            TicketSteps.AssertHarmless(mail.HtmlBody ?? "", "e-mail " + mail.Subject);
            Assert.Contains($"{PortalApp.PublicUrl}/requests/", mail.HtmlBody ?? "");
            Assert.Contains("Desk says", mail.HtmlBody ?? "");
        }
    }

    [Fact]
    public async Task Attachments_too_large_too_many_a_program_named_png_or_empty_are_refused_with_the_text_kept_and_nothing_stored()
    {
        var buyer = await app.SignedInAsync("buyer@northwind.test");
        var subject = "Files " + DataSeedTag();
        var cases = new (string Why, (string, byte[])[] Files, string Message)[]
        {
            ("too many", Enumerable.Range(1, 6).Select(i => ($"p{i}.png", Png)).ToArray(), "at most 5 files"),
            ("too large", [("big.pdf", new byte[10 * 1024 * 1024 + 1])], "at most 10 MB"),
            ("a program named .png", [("photo.png", Program)], "photo.png is not a photo"),
            ("empty", [("empty.txt", Array.Empty<byte>())], "empty.txt is empty"),
        };
        var before = app.Count("SELECT COUNT(*) FROM TicketAttachments");
        foreach (var (why, files, message) in cases)
        {
            var response = await buyer.PostMultipartAsync("/requests/new",
                [("Input.Kind", "QualityComplaint"), ("Input.Impact", "Minor"), ("Input.Subject", subject), ("Input.Body", "Typed text stays " + why)], files);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await response.Content.ReadAsStringAsync();
            Assert.Contains(message, page.Text());
            Assert.Contains($"value=\"{subject}\"", page);
            Assert.Contains("Typed text stays " + why, page);
            Assert.Contains("id=\"Files\"", page);
            Assert.Matches("id=\"Files\"[^>]*aria-invalid=\"true\"", page);
        }
        Assert.Equal(0, app.Count("SELECT COUNT(*) FROM Tickets WHERE Subject = @subject", new { subject }));
        Assert.Equal(before, app.Count("SELECT COUNT(*) FROM TicketAttachments"));

        // a photo, a PDF and a CSV are taken, whatever their names say; they download as attachments, never sniffed
        var number = await buyer.RaiseAsync(subject, "Three good files", [("site photo.jpg.png", Png), ("report", Pdf), ("lines.csv", Csv)]);
        Assert.Equal(3, app.Count("SELECT COUNT(*) FROM TicketAttachments x JOIN Tickets t ON t.Id = x.TicketId WHERE t.Number = @number", new { number }));
        var page2 = await buyer.GetPageAsync($"/requests/{number}");
        var links = Regex.Matches(page2, $"href=\"(/requests/{number}\\?handler=File&amp;id=[0-9a-f-]+)\"").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).Distinct().ToList();
        Assert.Equal(3, links.Count);
        Assert.Contains("class=\"ticket-thumb", page2);
        var types = new List<string>();
        foreach (var link in links)
        {
            var file = await buyer.GetAsync(link);
            Assert.Equal(HttpStatusCode.OK, file.StatusCode);
            Assert.Equal("attachment", file.Content.Headers.ContentDisposition!.DispositionType);
            Assert.Equal("nosniff", file.Headers.GetValues("X-Content-Type-Options").Single());
            types.Add(file.Content.Headers.ContentType!.MediaType!);
            // another account's people get nothing, not even a hint that it exists
            var contoso = await app.SignedInAsync("buyer@contoso.test");
            Assert.Equal(HttpStatusCode.NotFound, (await contoso.GetAsync(link)).StatusCode);
        }
        Assert.Equal(["application/pdf", "image/png", "text/csv"], types.Order());
    }

    [Fact]
    public async Task Internal_notes_never_reach_a_customer_page_the_api_or_an_email()
    {
        var buyer = await app.SignedInAsync("buyer@northwind.test");
        var number = await buyer.RaiseAsync("Notes " + DataSeedTag(), "Where is my order?");
        var desk = await app.SignedInAsync("desk@supplier.test");
        var secret = "SECRET-NOTE-" + DataSeedTag();
        var note = await desk.PostMultipartAsync($"/desk/requests/{number}", [("Input.Body", secret), ("Input.Internal", "true")], [("secret-file.txt", "SECRET FILE"u8.ToArray())], $"/desk/requests/{number}?handler=Reply");
        Assert.Equal(HttpStatusCode.Redirect, note.StatusCode);
        var deskPage = await desk.GetPageAsync($"/desk/requests/{number}");
        Assert.Contains(secret, deskPage);
        var fileLink = WebUtility.HtmlDecode(Regex.Match(deskPage, $"href=\"/desk/requests/{number}\\?handler=File&amp;id=([0-9a-f-]+)\"").Groups[1].Value);
        var reply = await desk.PostMultipartAsync($"/desk/requests/{number}", [("Input.Body", "Public answer for you")], [], $"/desk/requests/{number}?handler=Reply");
        Assert.Equal(HttpStatusCode.Redirect, reply.StatusCode);

        var customerPage = await buyer.GetPageAsync($"/requests/{number}");
        Assert.Contains("Public answer for you", customerPage);
        Assert.DoesNotContain(secret, customerPage);
        Assert.DoesNotContain("secret-file.txt", customerPage);
        Assert.DoesNotContain(secret, await (await app.SignedInAsync("admin@northwind.test")).GetPageAsync($"/requests/{number}"));
        Assert.Equal(HttpStatusCode.NotFound, (await buyer.GetAsync($"/requests/{number}?handler=File&id={fileLink}")).StatusCode);
        var apiTicket = await app.Api(DemoData.NorthwindApiKey).GetStringAsync($"/api/v1/tickets/{number}");
        Assert.Contains("Public answer for you", apiTicket);
        Assert.DoesNotContain(secret, apiTicket);
        Assert.DoesNotContain("secret-file.txt", apiTicket);
        Assert.Contains(secret, await app.Api(DemoData.SupplierApiKey).GetStringAsync($"/api/v1/supplier/tickets/{number}"));

        var mails = await app.MailsContainingAsync("Public answer for you");
        Assert.Contains(mails, m => m.Contains("Public answer for you") && m.Contains("buyer@northwind.test"));
        Assert.DoesNotContain(mails, m => m.Contains(secret));
        // the first public reply stopped the first-response clock
        Assert.Equal(1, app.Count("SELECT COUNT(*) FROM Tickets WHERE Number = @number AND FirstRespondedUtc IS NOT NULL AND Status = 'Open'", new { number }));
    }

    [Fact]
    public async Task Requests_messages_and_attachments_of_another_account_or_another_persons_are_404()
    {
        var buyer = await app.SignedInAsync("buyer@northwind.test");
        var number = await buyer.RaiseAsync("Private " + DataSeedTag(), "Only Northwind sees this", [("p.png", Png)]);
        var file = WebUtility.HtmlDecode(Regex.Match(await buyer.GetPageAsync($"/requests/{number}"), "handler=File&amp;id=([0-9a-f-]+)").Groups[1].Value);

        var contoso = await app.SignedInAsync("buyer@contoso.test");
        Assert.Equal(HttpStatusCode.NotFound, (await contoso.GetAsync($"/requests/{number}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await contoso.GetAsync($"/requests/{number}?handler=File&id={file}")).StatusCode);
        var contosoOwn = await contoso.RaiseAsync("Contoso own " + DataSeedTag(), "ours");
        Assert.Equal(HttpStatusCode.NotFound, (await contoso.GetAsync($"/requests/{contosoOwn}?handler=File&id={file}")).StatusCode);
        var before = app.Count("SELECT COUNT(*) FROM TicketMessages");
        var replied = await contoso.PostMultipartAsync($"/requests/{contosoOwn}", [("Input.Body", "sneaky")], [], $"/requests/{number}");
        Assert.Equal(HttpStatusCode.NotFound, replied.StatusCode);
        Assert.Equal(before, app.Count("SELECT COUNT(*) FROM TicketMessages"));
        Assert.DoesNotContain(number, await contoso.GetPageAsync("/requests?status=all"));

        var contosoApi = app.Api(DemoData.ContosoApiKey);
        Assert.Equal(HttpStatusCode.NotFound, (await contosoApi.GetAsync($"/api/v1/tickets/{number}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await contosoApi.PostAsJsonAsync($"/api/v1/tickets/{number}/messages", new { body = "sneaky" })).StatusCode);
        Assert.DoesNotContain(number, await contosoApi.GetStringAsync("/api/v1/tickets"));
        Assert.Equal(before, app.Count("SELECT COUNT(*) FROM TicketMessages"));

        // in the same account: the approver sees only their own requests, the customer admin all of them
        var approver = await app.SignedInAsync("approver@northwind.test");
        Assert.Equal(HttpStatusCode.NotFound, (await approver.GetAsync($"/requests/{number}")).StatusCode);
        Assert.Contains(number, await (await app.SignedInAsync("admin@northwind.test")).GetPageAsync("/requests"));
        // the supplier's account manager of another account reads nothing; the desk reads everything
        Assert.Equal(HttpStatusCode.OK, (await (await app.SignedInAsync("desk@supplier.test")).GetAsync($"/desk/requests/{number}")).StatusCode);
    }

    [Fact]
    public async Task A_request_about_an_order_takes_its_lines_up_to_what_was_ordered_and_starts_its_clocks()
    {
        var order = await app.ShortDeliveredOrderAsync();
        var api = app.Api(DemoData.NorthwindApiKey);
        var tooMany = await api.PostAsJsonAsync("/api/v1/tickets", new { kind = "DeliveryClaim", subject = "Short", body = "one missing", orderNumber = order, lines = new[] { new { lineNumber = 2, quantity = 5 } } });
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Contains("at most", (await tooMany.Json()).GetProperty("errors").GetProperty("lines[0].quantity")[0].GetString());
        var noSuch = await api.PostAsJsonAsync("/api/v1/tickets", new { kind = "Nonsense", subject = "", body = "" });
        var errors = (await noSuch.Json()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("kind", out _) && errors.TryGetProperty("subject", out _) && errors.TryGetProperty("body", out _));

        var created = await api.PostAsJsonAsync("/api/v1/tickets", new { kind = "DeliveryClaim", subject = "Short", body = "one missing", orderNumber = order, lines = new[] { new { lineNumber = 2, quantity = 1 } } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var answer = await created.Json();
        Assert.Equal("New", answer.GetProperty("status").GetString());
        Assert.Equal("Deliveries and claims", answer.GetProperty("queue").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.String, answer.GetProperty("firstResponseDueUtc").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.String, answer.GetProperty("resolutionDueUtc").ValueKind);
        Assert.Matches("^RQ-\\d+$", answer.GetProperty("number").GetString());

        // the order page offers the short line, and the form arrives filled in
        var buyer = await app.SignedInAsync("buyer@northwind.test");
        var orderPage = await buyer.GetPageAsync($"/orders/{order}");
        Assert.Contains("data-testid=\"report-line-2\"", orderPage);
        Assert.DoesNotContain("data-testid=\"report-line-1\"", orderPage);
        var form = await buyer.GetPageAsync($"/requests/new?order={order}&line=2&claim=Short");
        Assert.Contains("<option value=\"Short\" selected=\"selected\">", form);
        Assert.Matches("name=\"Input.Lines\\[1\\].Quantity\" value=\"1\"", form);
        Assert.Contains("4 sent, 3 delivered on", form);
    }

    [Fact]
    public async Task The_desk_filter_shows_the_account_queue_and_assignee_chosen_and_lists_only_the_requests_they_name()
    {
        var buyer = await app.SignedInAsync("buyer@northwind.test");
        var number = await buyer.RaiseAsync("Filter check " + DataSeedTag(), "Which account is this?");
        var contoso = await app.SignedInAsync("buyer@contoso.test");
        var other = await contoso.RaiseAsync("Filter check " + DataSeedTag(), "Ours");
        var desk = await app.SignedInAsync("desk@supplier.test");
        var page = await desk.GetPageAsync("/desk/requests");
        string Option(string select, string label) => Regex.Match(page,
            $"<select[^>]*id=\"{select}\"[^>]*>.*?<option value=\"([^\"]+)\">{Regex.Escape(label)}</option>", RegexOptions.Singleline).Groups[1].Value;
        var (account, queue, agent) = (Option("account", "Northwind Traders"), Option("queue", "General"), Option("assignee", "Dana Desk"));
        Assert.All(new[] { account, queue, agent }, v => Assert.True(Guid.TryParse(v, out _), $"an option's value is an id, got '{v}'"));

        var filtered = await desk.GetPageAsync($"/desk/requests?account={account}&queue={queue}");
        Assert.Contains($"<option value=\"{account}\" selected=\"selected\">Northwind Traders</option>", filtered);
        Assert.Contains($"<option value=\"{queue}\" selected=\"selected\">General</option>", filtered);
        Assert.Contains($"data-testid=\"row-{number}\"", filtered);
        Assert.DoesNotContain($"data-testid=\"row-{other}\"", filtered);
        var row = Regex.Match(filtered, $"<tr data-testid=\"row-{number}\">.*?</tr>", RegexOptions.Singleline).Value;
        Assert.Contains("<td>Northwind Traders</td>", row);
        Assert.Contains("<td>General</td>", row);

        var byAgent = await desk.GetPageAsync($"/desk/requests?assignee={agent}");
        Assert.Contains($"<option value=\"{agent}\" selected=\"selected\">Dana Desk</option>", byAgent);
        Assert.DoesNotContain($"data-testid=\"row-{number}\"", byAgent); // nobody has taken it yet
    }

    private static string DataSeedTag() => Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
}

/// <summary>Reopening moves the clock by days, so it has a portal of its own.</summary>
public sealed class TicketReopenTests(PortalApp app) : IClassFixture<PortalApp>
{
    [Fact]
    public async Task A_customer_reply_within_14_days_reopens_a_resolved_request_and_later_it_says_to_raise_a_new_one()
    {
        var buyer = await app.SignedInAsync("buyer@northwind.test");
        var number = await buyer.RaiseAsync("Reopen", "It broke");
        var desk = await app.SignedInAsync("desk@supplier.test");
        async Task ResolveAsync()
        {
            var version = Regex.Match(await desk.GetPageAsync($"/desk/requests/{number}"), "name=\"Version\" value=\"(\\d+)\"").Groups[1].Value;
            var resolved = await desk.PostFormAsync($"/desk/requests/{number}", [new("NewStatus", "Resolved"), new("Version", version)], $"/desk/requests/{number}?handler=Status");
            Assert.Equal(HttpStatusCode.Redirect, resolved.StatusCode);
        }
        await ResolveAsync();
        Assert.Equal(1, app.Count("SELECT COUNT(*) FROM Tickets WHERE Number = @number AND Status = 'Resolved' AND ResolutionDueUtc IS NULL", new { number }));

        app.Clock.Advance(TimeSpan.FromDays(13));
        buyer = await app.SignedInAsync("buyer@northwind.test");
        var reply = await buyer.PostMultipartAsync($"/requests/{number}", [("Input.Body", "Still broken")], []);
        Assert.Equal(HttpStatusCode.Redirect, reply.StatusCode);
        Assert.Equal(1, app.Count("SELECT COUNT(*) FROM Tickets WHERE Number = @number AND Status = 'Open' AND ResolutionDueUtc IS NOT NULL", new { number }));
        Assert.Equal(1, app.Count("SELECT COUNT(*) FROM TicketStatusChanges c JOIN Tickets t ON t.Id = c.TicketId WHERE t.Number = @number AND c.FromStatus = 'Resolved' AND c.ToStatus = 'Open'", new { number }));

        desk = await app.SignedInAsync("desk@supplier.test");
        await ResolveAsync();
        app.Clock.Advance(TimeSpan.FromDays(15));
        buyer = await app.SignedInAsync("buyer@northwind.test");
        var page = await buyer.GetPageAsync($"/requests/{number}");
        Assert.Contains("Raise a new request", page.Text());
        var late = await buyer.PostMultipartAsync("/requests/new", [("Input.Body", "Too late")], [], $"/requests/{number}");
        Assert.Equal(HttpStatusCode.OK, late.StatusCode);
        Assert.Contains("can no longer be reopened", (await late.Content.ReadAsStringAsync()).Text());
        Assert.Equal(1, app.Count("SELECT COUNT(*) FROM Tickets WHERE Number = @number AND Status = 'Resolved'", new { number }));
    }
}
