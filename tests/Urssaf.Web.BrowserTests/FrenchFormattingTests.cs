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

    [Fact]
    public void The_trend_starts_at_the_accounts_first_period_and_keeps_at_most_eight_quarters()
    {
        static Urssaf.Client.Models.PeriodResponse Period(string p, Urssaf.Client.Models.PeriodStatus s) => new() { Period = p, Status = s };
        var declared = new Urssaf.Client.Models.DeclarationResponse
        {
            Period = "2026-Q1", Total = 3500, Lines = [new Urssaf.Client.Models.DeclarationLineResponse { Turnover = 12_500 }],
        };

        // an activity begun in October 2025: two quarters, not six quarters "non déclaré" before it
        var young = Trend.Build([declared], [Period("2025-Q4", Urssaf.Client.Models.PeriodStatus.Declared),
            Period("2026-Q1", Urssaf.Client.Models.PeriodStatus.Declared), Period("2026-Q2", Urssaf.Client.Models.PeriodStatus.Upcoming)]);
        Assert.Equal(["2025-Q4", "2026-Q1"], young.Select(p => p.Period));
        Assert.Equal([null, 12_500_00L], young.Select(p => p.Turnover));
        Assert.Equal(3500_00L, young[^1].Contributions);

        // an older account: the last eight quarters only
        var old = Trend.Build([declared], Enumerable.Range(0, 16).Select(i => Period(Trend.Shift("2026-Q1", -i), Urssaf.Client.Models.PeriodStatus.Declared)));
        Assert.Equal(8, old.Count);
        Assert.Equal(("2024-Q2", "2026-Q1"), (old[0].Period, old[^1].Period));
    }
}
