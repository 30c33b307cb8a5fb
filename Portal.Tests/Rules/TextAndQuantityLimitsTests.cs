using Portal.Data;
using Portal.Data.Accounts;
using Portal.Data.Catalog;
using Portal.Data.Ordering;

namespace Portal.Tests.Rules;

public sealed class TextAndQuantityLimitsTests
{
    private static readonly Product Each = new() { Sku = "E1", Unit = "each", PackSize = 1, MinQuantity = 1 };

    [Theory]
    [InlineData(100_000, null)]
    [InlineData(100_001, "E1: at most 100,000 each per line; for more, call your account manager.")]
    [InlineData(int.MaxValue, "E1: at most 100,000 each per line; for more, call your account manager.")]
    public void A_line_holds_at_most_100000_units(int quantity, string? problem) => Assert.Equal(problem, QuantityRules.Check(Each, quantity));

    [Fact]
    public void The_largest_line_at_the_largest_price_sums_exactly_over_the_most_lines_an_order_may_hold()
    {
        // decimal(19,4) holds at most 999,999,999,999,999.9999; 500 lines (the API's most) of 100,000 units at 9,999,999.9999 fit
        var line = QuantityRules.MaxPerLine * 9_999_999.9999m;
        Assert.True(line * 500 < 999_999_999_999_999.9999m);
    }

    [Fact]
    public void Quick_order_reports_a_quantity_past_int_as_over_the_bound()
    {
        var parsed = QuickOrder.Parse("E1 99999999999");
        Assert.Empty(parsed.Lines);
        Assert.Contains("more than the 100,000 units a line can hold", Assert.Single(parsed.Problems).Item3);
    }

    [Theory]
    [InlineData("Plain name, with punctuation: é ü ß — 東京", false, false)]
    [InlineData("Tab\there", false, true)]
    [InlineData("Line\nbreak", false, true)]
    [InlineData("Line\r\nbreak\tand tab", true, false)]
    [InlineData("Bell\u0007", true, true)]
    [InlineData("Nul\0", true, true)]
    [InlineData("Escape\u001b[31m", true, true)]
    [InlineData("Delete\u007f", true, true)]
    [InlineData("C1 next line\u0085", true, true)]
    [InlineData("C1 CSI\u009b", false, true)]
    public void Control_characters_are_refused_except_tabs_and_line_breaks_in_notes(string text, bool multiLine, bool refused) =>
        Assert.Equal(refused, TextRules.HasControlCharacters(text, multiLine));

    [Fact]
    public void A_text_one_over_its_limit_gets_a_sentence_naming_the_limit()
    {
        Assert.Null(TextRules.Problem(new string('a', 200), "The name", 200));
        Assert.Equal("The name can be at most 200 characters.", TextRules.Problem(new string('a', 201), "The name", 200));
        Assert.Equal("Notes can be at most 1,000 characters.", TextRules.Problem(new string('a', 1001), "Notes", 1000, multiLine: true));
    }

    [Fact]
    public async Task Identity_refuses_a_user_whose_name_or_phone_is_too_long_or_holds_control_characters()
    {
        var validator = new UserTextValidator();
        var ok = new PortalUser { DisplayName = "Ada", UserName = "ada@x.test", Email = "ada@x.test", PhoneNumber = "+44 20 7946 0000" };
        Assert.True((await validator.ValidateAsync(null!, ok)).Succeeded);
        var phone = await validator.ValidateAsync(null!, new PortalUser { DisplayName = "Ada", UserName = "ada@x.test", PhoneNumber = new string('1', TextLimits.Users.PhoneNumber + 1) });
        Assert.Contains(phone.Errors, e => e.Description == $"The phone number can be at most {TextLimits.Users.PhoneNumber} characters.");
        var name = await validator.ValidateAsync(null!, new PortalUser { DisplayName = "Ada\u0000", UserName = "ada@x.test" });
        Assert.Contains(name.Errors, e => e.Description.StartsWith("The name contains control characters"));
    }
}
