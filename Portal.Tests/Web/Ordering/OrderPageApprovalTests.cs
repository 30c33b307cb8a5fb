using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Data.Accounts;
using Portal.Data.Ordering;

namespace Portal.Tests.Web.Ordering;

/// <summary>The approver decides on the order page with the lines in view; the words speak to whoever reads them; only the placer or a customer admin may cancel.</summary>
public sealed class OrderPageApprovalTests(PortalApp app) : IClassFixture<PortalApp>
{
    /// <summary>Nadia (limit £500.00) orders over her limit; returns the order's address, number and total.</summary>
    private async Task<(string Url, string Number, decimal Total)> PlaceOverLimitAsync(string po)
    {
        var buyer = await app.SignedInAsync("buyer@northwind.test");
        await buyer.QuickOrderAsync("22423 60");
        var placed = await buyer.CheckoutAsync(await buyer.EarliestAsync(), Guid.NewGuid().ToString("N"), po);
        Assert.Equal(HttpStatusCode.Redirect, placed.StatusCode);
        var url = placed.Headers.Location!.ToString();
        var total = WebUtility.HtmlDecode(Regex.Match(await buyer.GetPageAsync(url), "data-testid=\"order-total\">([^<]+)<").Groups[1].Value);
        return (url, placed.Number(), decimal.Parse(total.TrimStart('£'), NumberStyles.Number, CultureInfo.InvariantCulture));
    }

    private static string Pounds(decimal amount) => "£" + amount.ToString("#,##0.00", CultureInfo.InvariantCulture);

    [Fact]
    public async Task An_approver_approves_on_the_order_page_with_the_lines_and_the_placers_limit_in_view()
    {
        var (url, number, total) = await PlaceOverLimitAsync("PO-PAGE-1");
        Assert.True(total > 500m);

        // the buyer reads about her own limit and that it waits; she decides nothing
        var buyerPage = await (await app.SignedInAsync("buyer@northwind.test")).GetPageAsync(url);
        Assert.Contains($"This order is over your approval limit of £500.00 by {Pounds(total - 500m)}", buyerPage.Text());
        Assert.Contains("It waits for an approver", buyerPage.Text());
        Assert.DoesNotContain("Approve order", buyerPage);

        // the approver reads whose limit it is, with the lines and prices in view
        var approver = await app.SignedInAsync("approver@northwind.test");
        var page = await approver.GetPageAsync(url);
        var text = page.Text();
        Assert.Contains($"This order is over Nadia Buyer's approval limit of £500.00 by {Pounds(total - 500m)}", text);
        Assert.DoesNotContain("your approval limit", text);
        Assert.Contains("Regency Cakestand 3 Tier", Regex.Match(page, "data-testid=\"lines\".*?</table>", RegexOptions.Singleline).Value);
        Assert.Contains("Approve order", text);
        Assert.Contains("Reject order", text);

        var approved = await approver.PostFormAsync(url, [], url + "?handler=Approve");
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        Assert.Equal(url, approved.Headers.Location!.ToString());
        var after = (await approver.GetPageAsync(url)).Text();
        Assert.Contains($"{number} was approved and submitted to the supplier", after);
        Assert.Contains("approved by Oscar Approver", after);
        Assert.DoesNotContain("Approve order", after);
        Assert.DoesNotContain($"data-testid=\"pending-{number}\"", await approver.GetPageAsync("/approvals"));

        // deciding again: the page says it is no longer waiting, never a 500
        var again = await approver.PostFormAsync(url, [], url + "?handler=Approve");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains($"{number} is not waiting for your approval: it is submitted", (await again.Content.ReadAsStringAsync()).Text());
    }

    [Fact]
    public async Task A_rejection_on_the_order_page_asks_first_needs_a_reason_keeps_what_was_typed_and_the_buyer_reads_it()
    {
        var (url, number, _) = await PlaceOverLimitAsync("PO-PAGE-2");
        var approver = await app.SignedInAsync("approver@northwind.test");
        var page = await approver.GetPageAsync(url);
        Assert.Matches($"<form[^>]*data-confirm=\"Reject order {number}\\?", page);

        var noReason = await (await approver.PostFormAsync(url, [new("Reason", "  ")], url + "?handler=Reject")).Content.ReadAsStringAsync();
        Assert.Contains("Say why the order is rejected", noReason.Text());
        Assert.Matches("<textarea[^>]*aria-invalid=\"true\"[^>]*id=\"Reason\"|<textarea[^>]*id=\"Reason\"[^>]*aria-invalid=\"true\"", noReason);

        var tooLong = new string('x', TextLimits.Orders.DecisionReason + 1);
        var kept = await (await approver.PostFormAsync(url, [new("Reason", tooLong)], url + "?handler=Reject")).Content.ReadAsStringAsync();
        Assert.Contains(tooLong + "</textarea>", kept);
        Assert.Contains("Waiting for approval", kept.Text());

        var rejected = await approver.PostFormAsync(url, [new("Reason", "Use the framework contract")], url + "?handler=Reject");
        Assert.Equal(HttpStatusCode.Redirect, rejected.StatusCode);
        var order = (await (await app.SignedInAsync("buyer@northwind.test")).GetPageAsync(url)).Text();
        Assert.Contains("Rejected", order);
        Assert.Contains("rejected by Oscar Approver", order);
        Assert.Contains("Use the framework contract", order);
    }

    [Fact]
    public async Task An_approver_who_did_not_place_the_order_is_not_offered_cancel_and_a_posted_cancel_is_refused()
    {
        var (url, number, _) = await PlaceOverLimitAsync("PO-PAGE-3");
        var approver = await app.SignedInAsync("approver@northwind.test");
        Assert.DoesNotContain("Cancel order", await approver.GetPageAsync(url));

        var refused = await approver.PostFormAsync(url, [], url + "?handler=Cancel");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains($"Only Nadia Buyer, who placed {number}, or a customer admin can cancel it", (await refused.Content.ReadAsStringAsync()).Text());
        Assert.Contains("Waiting for approval", (await approver.GetPageAsync(url)).Text());

        // the placer and a customer admin are offered it, and it asks first
        Assert.Matches($"data-confirm=\"Cancel order {number}\\?", await (await app.SignedInAsync("buyer@northwind.test")).GetPageAsync(url));
        var admin = await (await app.SignedInAsync("admin@northwind.test")).GetPageAsync(url);
        Assert.Contains("Cancel order", admin);
        Assert.Contains("over Nadia Buyer's approval limit", admin.Text());
        Assert.DoesNotContain("Approve order", admin);
    }

    [Fact]
    public async Task An_order_over_the_approvers_own_limit_is_not_offered_for_approval_but_can_be_rejected()
    {
        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            var oscar = (await users.FindByEmailAsync("approver@northwind.test"))!;
            Assert.True((await scope.ServiceProvider.GetRequiredService<OrderingSettings>().SetApprovalLimitAsync(oscar.AccountId!.Value, oscar.Id, 100m)).Succeeded);
        }
        try
        {
            var (url, _, _) = await PlaceOverLimitAsync("PO-PAGE-4");
            var approver = await app.SignedInAsync("approver@northwind.test");
            var page = await approver.GetPageAsync(url);
            Assert.Contains("It is also over your own approval limit of £100.00: an approver with a higher limit approves it", page.Text());
            Assert.DoesNotContain("Approve order", page);
            Assert.Contains("Reject order", page);
        }
        finally
        {
            using var scope = app.Services.CreateScope();
            var oscar = (await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync("approver@northwind.test"))!;
            await scope.ServiceProvider.GetRequiredService<OrderingSettings>().SetApprovalLimitAsync(oscar.AccountId!.Value, oscar.Id, null);
        }
    }
}
