using System.Globalization;
using Portal.Data.Db;

namespace Portal.Tests.Data;

/// <summary>The digit-by-digit readers of SQLite's dates and instants agree with the general parser, and refuse nothing it reads.</summary>
public sealed class ColumnFacts
{
    [Theory]
    [InlineData("2026-11-26")]
    [InlineData("2024-02-29")]
    [InlineData("2026-11-26 00:00:00")]
    [InlineData("1999-12-31T23:59:59")]
    public void A_date_reads_as_the_general_parser_reads_it(string text) =>
        Assert.Equal(DateOnly.FromDateTime(DateTime.Parse(text, CultureInfo.InvariantCulture)), Column.ToDate(text));

    [Theory]
    [InlineData("2025-11-26 02:53:10.417735")]
    [InlineData("2025-11-26 02:53:10")]
    [InlineData("2025-11-26 02:53:10.1")]
    [InlineData("2025-11-26 02:53:10.1234567")]
    [InlineData("2025-11-26T02:53:10.5Z")]
    [InlineData("2025-11-26 02:53:10.417735+00:00")]
    [InlineData("2025-11-26 04:53:10.417735+02:00")] // another offset: the general parser's path
    [InlineData("2025-11-26")]
    public void An_instant_reads_as_the_general_parser_reads_it(string text)
    {
        var expected = new DateTimeOffset(DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal));
        var read = Column.ToInstant(text);
        Assert.Equal(expected, read);
        Assert.Equal(TimeSpan.Zero, read.Offset);
    }

    [Fact]
    public void A_date_that_does_not_exist_is_refused_as_before() =>
        Assert.Throws<FormatException>(() => Column.ToDate("2025-02-30"));
}
