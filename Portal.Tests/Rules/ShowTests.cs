using Microsoft.Extensions.Configuration;
using Portal.Web.Infrastructure;

namespace Portal.Tests.Rules;

public sealed class ShowTests
{
    private static Show With(string? currency) =>
        new(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Portal:Currency"] = currency }).Build());

    [Fact]
    public void Amounts_carry_the_suppliers_currency()
    {
        Assert.Equal("£1,234.50", With(null).Money(1234.5m));
        Assert.Equal("-£12.00", With("GBP").Money(-12m));
        Assert.Equal("€3.10", With("eur").Money(3.1m));
    }

    [Fact]
    public void A_currency_that_is_not_an_ISO_code_stops_the_portal_at_start()
    {
        Assert.Throws<InvalidOperationException>(() => With("pounds"));
    }

    [Fact]
    public void Times_are_shown_in_the_accounts_zone_in_one_format()
    {
        var show = With(null);
        var london = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        var utc = new DateTime(2026, 7, 1, 13, 5, 0, DateTimeKind.Utc);
        Assert.Equal("Wed 1 Jul 2026 14:05", show.Time(utc, london));
        Assert.Equal("Wed 1 Jul 2026 14:05 Europe/London", show.TimeInZone(utc, london));
        Assert.Equal("Wed 1 Jul 2026", show.Date(new DateOnly(2026, 7, 1)));
    }
}
