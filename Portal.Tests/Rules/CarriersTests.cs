using Portal.Data.Fulfilment;

namespace Portal.Tests.Rules;

public sealed class CarriersTests
{
    [Theory]
    [InlineData("DHL Express", "JD01", "https://www.dhl.com/gb-en/home/tracking/tracking-parcel.html?submit=1&tracking-id=JD01")]
    [InlineData("  Royal-Mail ", " RM1 ", "https://www.royalmail.com/track-your-item#/tracking-results/RM1")]
    [InlineData("ups", "1Z 99&x", "https://www.ups.com/track?tracknum=1Z%2099%26x")]
    public void A_known_carrier_typed_loosely_links_its_tracking_page_with_the_reference_escaped(string carrier, string reference, string expected) =>
        Assert.Equal(expected, Carriers.TrackingUrl(carrier, reference)!.AbsoluteUri);

    [Theory]
    [InlineData("Bob's Vans", "BV-1")]
    [InlineData("DPD", null)]
    [InlineData("DPD", "  ")]
    [InlineData(null, "X1")]
    public void An_unknown_carrier_or_a_missing_reference_gets_no_link(string? carrier, string? reference) =>
        Assert.Null(Carriers.TrackingUrl(carrier, reference));

    [Fact]
    public void Every_carrier_links_over_https_with_the_reference_in_the_address_and_no_name_is_claimed_twice()
    {
        Assert.All(Carriers.Known, c =>
        {
            Assert.StartsWith("https://", c.UrlTemplate);
            Assert.Contains("{0}", c.UrlTemplate);
            Assert.Same(c, Carriers.Find(c.Name));
        });
        var names = Carriers.Known.SelectMany(c => c.Aliases.Append(c.Name)).Select(n => new string(n.Where(char.IsLetterOrDigit).ToArray()).ToLowerInvariant()).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
    }
}
