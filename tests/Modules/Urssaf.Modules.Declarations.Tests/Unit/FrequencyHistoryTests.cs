using Urssaf.Modules.Declarations.Domain;
using Urssaf.SharedKernel.Enterprise;

namespace Urssaf.Modules.Declarations.Tests.Unit;

/// <summary>
/// Issue 16 item 3, CSS R613-7 I (DOMAIN.md §3): the frequency holds for a civil year; a change is requested at the latest with the
/// last declaration of the previous year (due 31 January) and applies from 1 January; at creation, within one month of the start.
/// </summary>
public sealed class FrequencyHistoryTests
{
    private static readonly DateOnly Start = new(2024, 1, 10);

    [Theory]
    [InlineData("2026-03-10", 2027)] // after 31 January: from the next 1 January
    [InlineData("2026-12-31", 2027)]
    [InlineData("2026-01-31", 2026)] // with the last declaration of 2025 (due 31 January 2026): from 1 January 2026
    [InlineData("2024-02-05", 2024)] // within a month of the activity start: the choice at creation
    public void R613_7_a_change_applies_from_the_next_first_of_January(string requestedOn, int year) =>
        Assert.Equal(year, FrequencyHistory.EffectiveYear(DateOnly.Parse(requestedOn), Start));

    [Fact]
    public void R613_7_past_years_keep_their_frequency()
    {
        var text = FrequencyHistory.Request("2024:Quarterly", DeclarationFrequency.Quarterly, Start, DeclarationFrequency.Monthly, new DateOnly(2026, 3, 10));
        Assert.Equal("2024:Quarterly;2027:Monthly", text);
        Assert.Equal(DeclarationFrequency.Quarterly, FrequencyHistory.In(text, 2026, DeclarationFrequency.Monthly));
        Assert.Equal(DeclarationFrequency.Monthly, FrequencyHistory.In(text, 2027, DeclarationFrequency.Monthly));

        // going back before it applies cancels the pending change
        Assert.Equal("2024:Quarterly", FrequencyHistory.Request(text, DeclarationFrequency.Monthly, Start, DeclarationFrequency.Quarterly, new DateOnly(2026, 6, 1)));
        // a row from before the history had one frequency: it is kept for the past
        Assert.Equal("2024:Monthly;2027:Quarterly", FrequencyHistory.Request(null, DeclarationFrequency.Monthly, Start, DeclarationFrequency.Quarterly, new DateOnly(2026, 6, 1)));
    }

    [Fact]
    public void Periods_follow_each_years_frequency()
    {
        var enterprise = new Enterprise { ActivityStartDate = new DateOnly(2025, 6, 1), DeclarationFrequency = DeclarationFrequency.Monthly, FrequencyHistory = "2025:Quarterly;2027:Monthly" };
        Assert.Equal("2025-Q3", enterprise.FirstPeriod.ToString());
        Assert.Equal("2026-Q4", enterprise.NextPeriod(DeclarationPeriod.Parse("2026-Q3")).ToString());
        Assert.Equal("2027-01", enterprise.NextPeriod(DeclarationPeriod.Parse("2026-Q4")).ToString());
        Assert.True(enterprise.Declares(DeclarationPeriod.Parse("2026-Q2")));
        Assert.False(enterprise.Declares(DeclarationPeriod.Parse("2026-05")));
    }

    /// <summary>
    /// Money review, CSS R613-7 I: a change to quarterly raised on 31 January 2027 (with the last declaration of 2026) but handled on
    /// 1 February, once 2027-01 had been announced monthly. Applying it from 1 January 2027 made that January unfileable
    /// (wrong frequency) and the next period 2027-Q1 overlap it. A year in which a period was already announced or filed keeps its
    /// frequency: quarterly from 1 January 2028.
    /// </summary>
    [Fact]
    public void R613_7_a_change_handled_after_a_period_of_the_year_was_announced_applies_from_the_next_year()
    {
        var enterprise = new Enterprise { ActivityStartDate = new DateOnly(2025, 3, 1) };
        enterprise.StartWith(DeclarationFrequency.Monthly);
        enterprise.LastAnnouncedPeriod = "2027-01";
        enterprise.RequestFrequency(DeclarationFrequency.Quarterly, new DateOnly(2027, 1, 31));

        Assert.True(enterprise.Declares(DeclarationPeriod.Parse("2027-01")));
        Assert.Equal("2027-02", enterprise.NextPeriod(DeclarationPeriod.Parse("2027-01")).ToString());
        Assert.Equal("2028-Q1", enterprise.NextPeriod(DeclarationPeriod.Parse("2027-12")).ToString());
    }

    /// <summary>R613-7 I: the same when a period of the year was filed before the change was handled (2027-01 filed, nothing announced yet).</summary>
    [Fact]
    public void R613_7_a_change_never_applies_to_a_year_with_a_filed_period()
    {
        var enterprise = new Enterprise { ActivityStartDate = new DateOnly(2025, 3, 1) };
        enterprise.StartWith(DeclarationFrequency.Monthly);
        enterprise.LastAnnouncedPeriod = "2026-12";
        enterprise.RequestFrequency(DeclarationFrequency.Quarterly, new DateOnly(2027, 1, 31), lastFiledYear: 2027);
        Assert.Equal(DeclarationFrequency.Monthly, enterprise.FrequencyIn(2027));
        Assert.Equal(DeclarationFrequency.Quarterly, enterprise.FrequencyIn(2028));

        // handled in time (nothing of 2027 announced or filed): from 1 January 2027
        var onTime = new Enterprise { ActivityStartDate = new DateOnly(2025, 3, 1), LastAnnouncedPeriod = "2026-12" };
        onTime.StartWith(DeclarationFrequency.Monthly);
        onTime.RequestFrequency(DeclarationFrequency.Quarterly, new DateOnly(2027, 1, 31));
        Assert.Equal(DeclarationFrequency.Quarterly, onTime.FrequencyIn(2027));
    }
}
