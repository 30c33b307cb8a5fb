using System.Net;
using System.Text.RegularExpressions;

namespace Portal.Tests.Web.Ordering;

/// <summary>What a buyer does through the pages, shared by the ordering tests.</summary>
public static class OrderingSteps
{
    /// <summary>Empties the buyer's cart, then types the lines into quick order (each test starts from its own cart).</summary>
    public static async Task<HttpResponseMessage> QuickOrderAsync(this HttpClient client, string text)
    {
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync("/cart", [], "/cart?handler=Clear")).StatusCode);
        return await client.PostFormAsync("/cart", [new("quick", text)], "/cart?handler=QuickOrder");
    }

    /// <summary>The earliest delivery date the checkout form offers.</summary>
    public static async Task<string> EarliestAsync(this HttpClient client) =>
        Regex.Match(await client.GetPageAsync("/checkout"), "name=\"Input.RequestedDeliveryDate\" value=\"([0-9-]+)\"").Groups[1].Value;

    /// <summary>Posts the checkout form; the token comes from the cart page, so a replay works after the cart emptied.</summary>
    public static Task<HttpResponseMessage> CheckoutAsync(this HttpClient client, string date, string key, string? po = null, string? notes = null) =>
        client.PostFormAsync("/cart",
            [new("Input.RequestedDeliveryDate", date), new("Input.IdempotencyKey", key), new("Input.PoNumber", po ?? ""), new("Input.Notes", notes ?? "")], "/checkout");

    public static string Number(this HttpResponseMessage placed) => Regex.Match(placed.Headers.Location!.ToString(), "SO-\\d+").Value;
}
