namespace Urssaf.Web.BrowserTests;

/// <summary>The formats the pages use (no browser needed).</summary>
public sealed class FrenchFormattingTests
{
    [Theory]
    [InlineData(123456L, "1 234,56 €")]
    [InlineData(5L, "0,05 €")]
    [InlineData(350000L, "3 500,00 €")]
    [InlineData(-100L, "-1,00 €")]
    [InlineData(123456789L, "1 234 567,89 €")]
    public void Amounts_have_spaces_between_thousands_and_a_decimal_comma(long cents, string expected) =>
        Assert.Equal(expected, Fr.Money(cents).Replace('\u00A0', ' '));

    [Fact]
    public void Euros_from_the_api_are_rounded_to_the_cent() => Assert.Equal(3225_00, Fr.Cents(3225.00d));

    [Theory]
    [InlineData(2026, 11, 30, "30 novembre 2026")]
    [InlineData(2026, 4, 1, "1er avril 2026")]
    [InlineData(2026, 8, 11, "11 août 2026")]
    public void Dates_are_written_in_words(int y, int m, int d, string expected) => Assert.Equal(expected, Fr.Date(new DateOnly(y, m, d)));

    [Theory]
    [InlineData("2026-10", "octobre 2026")]
    [InlineData("2026-Q3", "3e trimestre 2026")]
    [InlineData("2026-Q1", "1er trimestre 2026")]
    [InlineData("nonsense", "nonsense")]
    public void Periods_are_written_in_words(string period, string expected) => Assert.Equal(expected, Fr.Period(period));

    [Theory]
    [InlineData("2026-Q1", "du 1er trimestre 2026")]
    [InlineData("2026-10", "d'octobre 2026")]
    [InlineData("2026-03", "de mars 2026")]
    public void A_period_after_declaration_takes_its_article(string period, string expected) => Assert.Equal(expected, Fr.OfPeriod(period));

    [Theory]
    [InlineData("2026-01", -1, "2025-12")]
    [InlineData("2026-Q1", -4, "2025-Q1")]
    [InlineData("2026-Q1", -1, "2025-Q4")]
    [InlineData("2025-12", 1, "2026-01")]
    public void The_trend_steps_by_months_or_quarters(string period, int by, string expected) => Assert.Equal(expected, Trend.Shift(period, by));
}
