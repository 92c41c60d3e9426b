using Urssaf.Modules.Declarations.Domain;
using Urssaf.Modules.Declarations.Domain.Rates;
using Urssaf.SharedKernel.Enterprise;
using static Urssaf.SharedKernel.Enterprise.ActivityCategory;

namespace Urssaf.Modules.Declarations.Tests.Unit;

/// <summary>
/// The annual ACRE cap (CSS D131-6-3 II, DOMAIN.md §1.4): BNC 2026 cap 72,818 €. BNC created 2025-11-15 under ACRE: 2026 H1
/// ACRE rate 12.8 % (50 % of 25.6 %, rounded up to the tenth), normal rate 25.6 %. Social contributions rounded to the euro per
/// line, CFP 0.2 % to the cent on the whole turnover (ADR 15).
/// </summary>
public sealed class AcreCapTests
{
    private static readonly RateTable Rates = RateTable.Official;
    private static readonly EnterpriseTerms Bnc = new(new DateOnly(2025, 11, 15), ActivityNature.Liberal, "75", false, true);

    private static (ContributionTotals Totals, ComputedLine[] Lines) Compute(string periodStart, long turnover, AcreTurnover before,
        ActivityCategory category = LiberalBnc, EnterpriseTerms? terms = null)
    {
        var output = new ComputedLine[2];
        var totals = ContributionCalculator.Compute([new TurnoverLine(category, turnover)], terms ?? Bnc, DateOnly.Parse(periodStart), Rates, output,
            before, out var written);
        return (totals, output[..written]);
    }

    private static AcreTurnover Before(int year, long turnover, ActivityCategory category = LiberalBnc)
    {
        var before = new AcreTurnover();
        before.Add(year, category, turnover);
        return before;
    }

    [Fact]
    public void The_cap_figures_come_from_the_rate_table_by_year()
    {
        Assert.Equal(72_818, Rates.AcreCap(LiberalBnc, new DateOnly(2026, 6, 1)));
        Assert.Equal(96_120, Rates.AcreCap(ServicesBic, new DateOnly(2026, 1, 1)));
        Assert.Equal(165_724, Rates.AcreCap(Sales, new DateOnly(2026, 12, 1)));
        Assert.Equal(71_364, Rates.AcreCap(LiberalBnc, new DateOnly(2025, 12, 1)));
        Assert.Equal(92_736, Rates.AcreCap(ServicesBic, new DateOnly(2024, 3, 1)));
        Assert.Equal(72_818, Rates.AcreCap(LiberalBnc, new DateOnly(2027, 1, 1))); // a later year keeps the last entry, as every rate
        Assert.Null(Rates.AcreCap(LiberalBnc, new DateOnly(2023, 12, 1)));           // before the table: no cap
    }

    [Fact]
    public void A_period_across_the_cap_is_split_between_the_ACRE_and_the_normal_rate()
    {
        // 70,000 € already declared under ACRE in 2026, then 5,000 € for June 2026 (cap 72,818 €):
        //   72,818 - 70,000 = 2,818 € × 12.8 % = 360.704 € → 361 € = 36,100 cents
        //   5,000 - 2,818   = 2,182 € × 25.6 % = 558.592 € → 559 € = 55,900 cents
        //   social 36,100 + 55,900 = 92,000 cents; CFP 5,000 × 0.2 % = 10.00 € = 1,000 cents
        var before = Before(2026, 70_000);
        var (t, l) = Compute("2026-06-01", 5_000, before);
        Assert.Equal(2, l.Length);
        Assert.Equal((LiberalBnc, 2_818L, 12.8m, 36_100L), (l[0].Category, l[0].Turnover, l[0].Rate.Percent, l[0].SocialContributionsCents));
        Assert.Equal((LiberalBnc, 2_182L, 25.6m, 55_900L), (l[1].Category, l[1].Turnover, l[1].Rate.Percent, l[1].SocialContributionsCents));
        Assert.Equal((92_000, 1_000, 0, 0), (t.SocialContributionsCents, t.TrainingContributionCents, t.ChamberTaxCents, t.IncomeTaxCents));
        Assert.Equal(75_000, before.In(2026, LiberalBnc)); // the period counts for the next one
    }

    [Fact]
    public void Under_the_cap_the_whole_turnover_bears_the_ACRE_rate()
    {
        // 60,000 + 5,000 = 65,000 ≤ 72,818: 5,000 × 12.8 % = 640 € = 64,000 cents, one line
        var (t, l) = Compute("2026-06-01", 5_000, Before(2026, 60_000));
        Assert.Equal((5_000L, 12.8m, 64_000L), (Assert.Single(l).Turnover, l[0].Rate.Percent, l[0].SocialContributionsCents));
        Assert.Equal(64_000, t.SocialContributionsCents);
    }

    [Fact]
    public void Once_the_cap_is_reached_the_normal_rate_applies()
    {
        // 72,818 already: 5,000 × 25.6 % = 1,280 € = 128,000 cents, one line at the normal rate
        var (t, l) = Compute("2026-06-01", 5_000, Before(2026, 72_818));
        Assert.Equal((5_000L, 25.6m, 128_000L), (Assert.Single(l).Turnover, l[0].Rate.Percent, l[0].SocialContributionsCents));
        Assert.Equal(128_000, t.SocialContributionsCents);
    }

    [Fact]
    public void One_period_above_the_cap_on_its_own_is_split()
    {
        // Q1 2026, nothing before, 80,000 €:
        //   72,818 × 12.8 % = 9,320.704 € → 9,321 € = 932,100 cents
        //    7,182 × 25.6 % = 1,838.592 € → 1,839 € = 183,900 cents
        //   social 1,116,000 cents; CFP 80,000 × 0.2 % = 160.00 € = 16,000 cents
        var (t, l) = Compute("2026-01-01", 80_000, new AcreTurnover());
        Assert.Equal([(72_818L, 12.8m, 932_100L), (7_182L, 25.6m, 183_900L)], l.Select(x => (x.Turnover, x.Rate.Percent, x.SocialContributionsCents)));
        Assert.Equal((1_116_000, 16_000), (t.SocialContributionsCents, t.TrainingContributionCents));
    }

    [Fact]
    public void The_cap_counts_per_civil_year_and_per_category()
    {
        var before = new AcreTurnover();
        before.Add(2025, LiberalBnc, 70_000); // last year's
        before.Add(2026, Sales, 70_000);      // another category
        var (_, l) = Compute("2026-06-01", 5_000, before);
        Assert.Equal(12.8m, Assert.Single(l).Rate.Percent);
    }

    [Fact]
    public void Without_ACRE_or_after_its_window_nothing_is_counted_or_split()
    {
        var noAcre = Bnc with { Acre = false };
        var before = Before(2026, 100_000);
        var (_, l) = Compute("2026-06-01", 5_000, before, terms: noAcre);
        Assert.Equal(25.6m, Assert.Single(l).Rate.Percent);
        // created 2025-11-15: ACRE ends 2026-09-30; October 2026 is at the normal rate and does not count
        var (_, after) = Compute("2026-10-01", 5_000, before);
        Assert.Equal(25.6m, Assert.Single(after).Rate.Percent);
        Assert.Equal(100_000, before.In(2026, LiberalBnc));
        Assert.False(ContributionCalculator.AcreApplies(LiberalBnc, Bnc, new DateOnly(2026, 10, 1), Rates));
        Assert.True(ContributionCalculator.AcreApplies(LiberalBnc, Bnc, new DateOnly(2026, 9, 1), Rates));
    }

    [Fact]
    public void The_parts_of_a_first_declaration_count_in_order()
    {
        // parts 2026-01 (70,000 €) then 2026-02 (5,000 €): the second is split as above (2,818 € at 12.8 %, 2,182 € at 25.6 %)
        var parts = new[]
        {
            new TurnoverPart(DeclarationPeriod.Parse("2026-01"), new DateOnly(2026, 1, 1), new TurnoverLine(LiberalBnc, 70_000)),
            new TurnoverPart(DeclarationPeriod.Parse("2026-02"), new DateOnly(2026, 2, 1), new TurnoverLine(LiberalBnc, 5_000)),
        };
        var output = new ComputedLine[4];
        var t = ContributionCalculator.ComputeParts(parts, Bnc, Rates, output, new AcreTurnover(), out var written);
        Assert.Equal(3, written);
        Assert.Equal(["2026-01", "2026-02", "2026-02"], output[..3].Select(x => x.Part.ToString()));
        Assert.Equal([12.8m, 12.8m, 25.6m], output[..3].Select(x => x.Rate.Percent));
        // 70,000 × 12.8 % = 8,960 € + 361 € + 559 €
        Assert.Equal(896_000 + 36_100 + 55_900, t.SocialContributionsCents);
    }
}
