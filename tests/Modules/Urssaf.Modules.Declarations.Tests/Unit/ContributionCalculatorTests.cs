using Urssaf.Modules.Declarations.Domain;
using Urssaf.Modules.Declarations.Domain.Rates;
using Urssaf.SharedKernel.Enterprise;
using static Urssaf.SharedKernel.Enterprise.ActivityCategory;
using static Urssaf.SharedKernel.Enterprise.ActivityNature;

namespace Urssaf.Modules.Declarations.Tests.Unit;

/// <summary>DOMAIN.md §2 worked examples (modele-social's rounded column) and every rate boundary.</summary>
public sealed class ContributionCalculatorTests
{
    private static readonly RateTable Rates = RateTable.Official;

    private static (ContributionTotals Totals, ComputedLine[] Lines) Compute(
        string periodStart, ActivityNature nature, params (ActivityCategory Category, long Turnover)[] lines) =>
        Compute(periodStart, new EnterpriseTerms(new DateOnly(2015, 1, 1), nature, "75", false, false), lines);

    private static (ContributionTotals Totals, ComputedLine[] Lines) Compute(
        string periodStart, EnterpriseTerms terms, params (ActivityCategory Category, long Turnover)[] lines)
    {
        var input = lines.Select(l => new TurnoverLine(l.Category, l.Turnover)).ToArray();
        var output = new ComputedLine[input.Length];
        var totals = ContributionCalculator.Compute(input, terms, DateOnly.Parse(periodStart), Rates, output);
        return (totals, output);
    }

    private static EnterpriseTerms Terms(ActivityNature nature, string department = "75", bool vl = false, bool acre = false, string start = "2015-01-01") =>
        new(DateOnly.Parse(start), nature, department, vl, acre);

    [Fact]
    public void BNC_2024_Q2_at_21_1_percent()
    {
        var (t, l) = Compute("2024-04-01", Liberal, (LiberalBnc, 9_000));
        Assert.Equal(21.1m, l[0].Rate.Percent);
        Assert.Equal((189_900, 1_800, 0, 0), (t.SocialContributionsCents, t.TrainingContributionCents, t.ChamberTaxCents, t.IncomeTaxCents));
    }

    [Fact]
    public void BNC_2024_Q3_at_23_1_percent()
    {
        var (t, _) = Compute("2024-07-01", Liberal, (LiberalBnc, 9_000));
        Assert.Equal((207_900, 1_800), (t.SocialContributionsCents, t.TrainingContributionCents));
    }

    [Fact]
    public void BNC_2026_01_with_versement_liberatoire()
    {
        var (t, _) = Compute("2026-01-01", Terms(Liberal, vl: true), (LiberalBnc, 3_333));
        Assert.Equal((85_300, 667, 0, 7_333), (t.SocialContributionsCents, t.TrainingContributionCents, t.ChamberTaxCents, t.IncomeTaxCents));
        Assert.Equal(85_300 + 667 + 7_333, t.TotalCents);
    }

    [Fact]
    public void Sales_by_a_merchant_2025_03_with_versement_liberatoire()
    {
        var (t, _) = Compute("2025-03-01", Terms(Commercial, vl: true), (Sales, 12_345));
        Assert.Equal((151_800, 1_235, 200, 12_345), (t.SocialContributionsCents, t.TrainingContributionCents, t.ChamberTaxCents, t.IncomeTaxCents));
    }

    [Fact]
    public void Services_by_an_artisan_2026_Q1()
    {
        var (t, _) = Compute("2026-01-01", Terms(Artisanal), (ServicesBic, 7_777));
        Assert.Equal((164_900, 2_333, 3_700, 0), (t.SocialContributionsCents, t.TrainingContributionCents, t.ChamberTaxCents, t.IncomeTaxCents));
    }

    [Theory]
    [InlineData("57", 6_500)] // Moselle 0.83 %
    [InlineData("67", 5_100)] // Bas-Rhin 0.65 %: 50.55 → 51
    [InlineData("68", 5_100)] // Haut-Rhin
    [InlineData("54", 3_700)] // Meurthe-et-Moselle: general 0.48 %
    public void The_artisan_chamber_tax_depends_on_the_department(string department, long chamberCents)
    {
        var (t, _) = Compute("2026-01-01", Terms(Artisanal, department), (ServicesBic, 7_777));
        Assert.Equal(chamberCents, t.ChamberTaxCents);
        Assert.Equal(164_900, t.SocialContributionsCents);
    }

    [Fact]
    public void Services_by_a_merchant_2026_Q1_with_versement_liberatoire()
    {
        var (t, _) = Compute("2026-01-01", Terms(Commercial, vl: true), (ServicesBic, 7_777));
        Assert.Equal((164_900, 778, 300, 13_221), (t.SocialContributionsCents, t.TrainingContributionCents, t.ChamberTaxCents, t.IncomeTaxCents));
    }

    [Fact]
    public void CIPAV_2025_Q4()
    {
        var (t, l) = Compute("2025-10-01", Liberal, (LiberalCipav, 15_000));
        Assert.Equal(23.2m, l[0].Rate.Percent);
        Assert.Equal((348_000, 3_000, 0), (t.SocialContributionsCents, t.TrainingContributionCents, t.ChamberTaxCents));
    }

    [Fact]
    public void A_mixed_merchant_rounds_each_category_and_each_chamber_tax_line()
    {
        var (t, l) = Compute("2025-07-01", Commercial, (Sales, 5_000), (ServicesBic, 2_000));
        Assert.Equal([61_500, 42_400], l.Select(x => x.SocialContributionsCents));
        Assert.Equal((103_900, 700, 200), (t.SocialContributionsCents, t.TrainingContributionCents, t.ChamberTaxCents));
    }

    [Fact]
    public void BNC_under_ACRE_started_2025_11_15_declaring_2026_02()
    {
        var (t, l) = Compute("2026-02-01", Terms(Liberal, acre: true, start: "2025-11-15"), (LiberalBnc, 2_500));
        Assert.Equal(12.8m, l[0].Rate.Percent);
        Assert.Equal((32_000, 500), (t.SocialContributionsCents, t.TrainingContributionCents));
    }

    [Fact]
    public void Sales_after_the_ACRE_window_pay_the_normal_rate()
    {
        // created 2025-12-01 (Q4 2025): ACRE runs to the end of Q3 2026
        Assert.Equal(new DateOnly(2026, 9, 30), ContributionCalculator.AcreWindowEnd(new DateOnly(2025, 12, 1)));
        var inside = Compute("2026-09-01", Terms(Commercial, acre: true, start: "2025-12-01"), (Sales, 4_000));
        var after = Compute("2026-10-01", Terms(Commercial, acre: true, start: "2025-12-01"), (Sales, 4_000));
        Assert.Equal(6.2m, inside.Lines[0].Rate.Percent);
        Assert.Equal((49_200, 400, 100), (after.Totals.SocialContributionsCents, after.Totals.TrainingContributionCents, after.Totals.ChamberTaxCents));
    }

    [Theory]
    [InlineData("2026-03-01", "2026-12-31")]
    [InlineData("2026-08-15", "2027-06-30")]
    public void The_ACRE_window_ends_three_civil_quarters_after_the_quarter_of_creation(string creation, string end) =>
        Assert.Equal(DateOnly.Parse(end), ContributionCalculator.AcreWindowEnd(DateOnly.Parse(creation)));

    [Theory] // DOMAIN.md §1.4 engine table
    [InlineData(Sales, "2024-03-01", "2024-01-01", 6.2)]
    [InlineData(ServicesBic, "2024-03-01", "2024-01-01", 10.6)]
    [InlineData(LiberalBnc, "2024-03-01", "2024-01-01", 10.6)]
    [InlineData(LiberalBnc, "2024-07-01", "2024-04-01", 11.6)]
    [InlineData(LiberalBnc, "2025-03-01", "2025-01-01", 12.3)]
    [InlineData(LiberalBnc, "2026-03-01", "2026-01-01", 12.8)]
    [InlineData(LiberalCipav, "2024-03-01", "2024-01-01", 12.1)]
    [InlineData(LiberalCipav, "2024-09-01", "2024-07-01", 13.9)]
    [InlineData(LiberalCipav, "2026-03-01", "2026-01-01", 13.4)]
    [InlineData(Sales, "2026-09-01", "2026-07-01", 9.2)]        // creations from July 2026 pay 75 %
    [InlineData(ServicesBic, "2026-09-01", "2026-07-01", 15.9)]
    [InlineData(LiberalBnc, "2026-09-01", "2026-07-01", 19.2)]
    [InlineData(LiberalBnc, "2026-09-01", "2026-06-30", 12.8)]  // created just before: still 50 %
    public void ACRE_rates(ActivityCategory category, string period, string creation, double percent)
    {
        var nature = category is LiberalBnc or LiberalCipav ? Liberal : Commercial;
        var (_, l) = Compute(period, Terms(nature, acre: true, start: creation), (category, 1_000));
        Assert.Equal((decimal)percent, l[0].Rate.Percent);
    }

    [Theory]
    [InlineData("2026-01-01", "1990-01-01", 17.4)]  // La Réunion, long established
    [InlineData("2026-01-01", "2024-04-01", 4.4)]   // 8th quarter of activity
    [InlineData("2026-04-01", "2024-04-01", 13.1)]  // 9th quarter, third civil year
    [InlineData("2027-01-01", "2024-04-01", 17.4)]  // fourth civil year
    [InlineData("2024-06-01", "2024-01-01", 3.6)]   // before July 2024
    [InlineData("2024-07-01", "2024-01-01", 3.9)]
    public void BNC_in_a_DROM_by_seniority(string period, string creation, double percent)
    {
        var (_, l) = Compute(period, Terms(Liberal, "974", acre: true, start: creation), (LiberalBnc, 10_000));
        Assert.Equal((decimal)percent, l[0].Rate.Percent); // ACRE does not cumulate with DROM rates
    }

    [Fact]
    public void BNC_in_La_Reunion_2026_Q1()
    {
        var (t, _) = Compute("2026-01-01", Terms(Liberal, "974"), (LiberalBnc, 10_000));
        Assert.Equal((174_000, 2_000), (t.SocialContributionsCents, t.TrainingContributionCents));
    }

    [Theory] // the day before and the first day of every change
    [InlineData(LiberalBnc, "2022-09-30", null)]
    [InlineData(LiberalBnc, "2022-10-01", 21.1)]
    [InlineData(LiberalBnc, "2024-06-30", 21.1)]
    [InlineData(LiberalBnc, "2024-07-01", 23.1)]
    [InlineData(LiberalBnc, "2024-12-31", 23.1)]
    [InlineData(LiberalBnc, "2025-01-01", 24.6)]
    [InlineData(LiberalBnc, "2025-12-31", 24.6)]
    [InlineData(LiberalBnc, "2026-01-01", 25.6)]
    [InlineData(LiberalCipav, "2024-06-30", 21.2)]
    [InlineData(LiberalCipav, "2024-07-01", 23.2)]
    [InlineData(Sales, "2022-10-01", 12.3)]
    [InlineData(ServicesBic, "2026-12-31", 21.2)]
    [InlineData(FurnishedTourism, "2026-01-01", 6.0)]
    public void The_rate_in_force_on_the_first_day_applies(ActivityCategory category, string day, double? percent) =>
        Assert.Equal((decimal?)percent, Rates.SocialContribution(category, DateOnly.Parse(day))?.Percent);

    [Fact]
    public void A_zero_declaration_owes_nothing()
    {
        var (t, _) = Compute("2026-01-01", Terms(Artisanal, "57", vl: true), (ServicesBic, 0), (Sales, 0));
        Assert.Equal(0, t.TotalCents);
    }

    [Fact]
    public void The_late_example_of_DOMAIN_2()
    {
        var (t, _) = Compute("2025-04-01", Commercial, (ServicesBic, 6_000));
        Assert.Equal((127_200, 600, 300), (t.SocialContributionsCents, t.TrainingContributionCents, t.ChamberTaxCents));
        Assert.Equal(128_100, t.TotalCents);
    }

    [Fact]
    public void Furnished_tourism_pays_6_percent_and_no_chamber_tax()
    {
        var (t, _) = Compute("2026-01-01", Terms(Commercial, vl: true), (FurnishedTourism, 10_000));
        Assert.Equal((60_000, 1_000, 0, 10_000), (t.SocialContributionsCents, t.TrainingContributionCents, t.ChamberTaxCents, t.IncomeTaxCents));
    }

    [Fact]
    public void The_computation_allocates_nothing()
    {
        TurnoverLine[] input = [new(Sales, 5_000), new(ServicesBic, 2_000)];
        var output = new ComputedLine[2];
        var terms = Terms(Commercial, "57", vl: true, acre: true, start: "2026-01-10");
        var day = new DateOnly(2026, 4, 1);
        ContributionCalculator.Compute(input, terms, day, Rates, output); // warm up
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++) ContributionCalculator.Compute(input, terms, day, Rates, output);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Rates_finer_than_a_thousandth_of_a_point_are_refused() =>
        Assert.Throws<FormatException>(() => Rate.FromPercent(12.3456m));
}
