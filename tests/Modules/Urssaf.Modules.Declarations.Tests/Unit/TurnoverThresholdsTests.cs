using Urssaf.SharedKernel.Enterprise;

namespace Urssaf.Modules.Declarations.Tests.Unit;

/// <summary>DOMAIN.md §5: micro ceilings (CGI 50-0, 102 ter), VAT franchise thresholds (CGI 293 B), first-year proration, exit after two years.</summary>
public sealed class TurnoverThresholdsTests
{
    private static readonly DateOnly Old = new(2020, 1, 1);

    private static string[] Codes(int year, YearTurnover turnover, YearTurnover? previous = null, DateOnly? start = null) =>
        [.. TurnoverThresholds.Evaluate(year, start ?? Old, turnover, previous).Select(w => w.Code)];

    [Fact]
    public void CGI_50_0_ceilings_by_year() =>
        Assert.Equal([(188_700L, 77_700L), (203_100L, 83_600L)], new[] { TurnoverThresholds.MicroCeilings(2025)!.Value, TurnoverThresholds.MicroCeilings(2026)!.Value });

    /// <summary>Activity from 1 July 2026: 184 of 365 days. 83,600 × 184 / 365 = 42,143.56 → 42,144 €; 203,100 × 184 / 365 = 102,384.66 → 102,385 €.</summary>
    [Fact]
    public void CGI_50_0_first_year_is_prorated_by_days_of_activity() =>
        Assert.Equal((102_385L, 42_144L), TurnoverThresholds.MicroCeilingsFor(2026, new DateOnly(2026, 7, 1))!.Value);

    [Fact]
    public void CGI_293_B_base_and_majore_thresholds_for_services()
    {
        Assert.Equal(["threshold.vat.approaching"], Codes(2026, new(0, 34_000, 0)));   // ≥ 90 % of 37,500 = 33,750
        Assert.Equal(["threshold.vat.base_exceeded"], Codes(2026, new(0, 38_000, 0))); // above 37,500, not above 41,250
        Assert.Equal(["threshold.vat.majore_exceeded"], Codes(2026, new(0, 42_000, 0)));
        Assert.Equal(["threshold.vat.approaching"], Codes(2026, new(80_000, 0, 0)));    // sales: ≥ 90 % of 85,000 = 76,500
        Assert.Empty(Codes(2026, new(70_000, 0, 0)));
    }

    [Fact]
    public void Micro_ceiling_approaching_exceeded_and_the_exit_after_two_consecutive_years()
    {
        Assert.Contains("threshold.micro.approaching", Codes(2026, new(0, 76_000, 0)));   // ≥ 90 % of 83,600 = 75,240
        Assert.Contains("threshold.micro.exceeded", Codes(2026, new(0, 84_000, 0)));
        Assert.DoesNotContain("threshold.micro.regime_exit", Codes(2026, new(0, 84_000, 0), new(0, 70_000, 0)));
        Assert.Contains("threshold.micro.regime_exit", Codes(2026, new(0, 84_000, 0), new(0, 80_000, 0)));  // 2025: 80,000 > 77,700
        Assert.Contains("threshold.micro.exceeded", Codes(2026, new(150_000, 60_000, 0)));                 // mixed: total 210,000 > 203,100
    }

    private static string Message(int year, YearTurnover turnover, YearTurnover? previous = null) =>
        TurnoverThresholds.Evaluate(year, Old, turnover, previous).Single(w => w.Code.StartsWith("threshold.vat.", StringComparison.Ordinal)).Message;

    /// <summary>
    /// CGI 293 B: above the base threshold (37,500 €) but not the majoré one (41,250 €), with 2025 under the base, the franchise is kept in
    /// 2026 and 2027 (it applies when the previous year is under the base, or the one before it is and the previous one under the majoré).
    /// The former wording said it ended on the next 1 January.
    /// </summary>
    [Fact]
    public void CGI_293_B_base_exceeded_once_keeps_the_franchise_the_next_year() =>
        Assert.Equal("Le chiffre d'affaires 2026 de prestations de services (38000 €) dépasse le seuil de la franchise en base de TVA (37500 €) sans dépasser " +
                     "le seuil majoré (41250 €) : la franchise est maintenue en 2026 et en 2027 tant que le seuil majoré n'est pas dépassé en 2026 ; elle cessera " +
                     "au 1er janvier 2028 si le seuil de 37500 € est de nouveau dépassé en 2027 (CGI 293 B).", Message(2026, new(0, 38_000, 0), new(0, 30_000, 0)));

    /// <summary>CGI 293 B: above the base threshold two years running (2025: 39,000 > 37,500; 2026: 38,000): the franchise ends on 1 January 2027.</summary>
    [Fact]
    public void CGI_293_B_base_exceeded_two_years_running_ends_the_franchise_on_the_next_first_of_January()
    {
        Assert.Equal(["threshold.vat.franchise_ends"], Codes(2026, new(0, 38_000, 0), new(0, 39_000, 0)).Where(c => c.StartsWith("threshold.vat.", StringComparison.Ordinal)));
        Assert.Equal("Le chiffre d'affaires 2026 de prestations de services (38000 €) dépasse le seuil de la franchise en base de TVA (37500 €), comme en 2025 : " +
                     "la franchise cesse au 1er janvier 2027 (CGI 293 B).", Message(2026, new(0, 38_000, 0), new(0, 39_000, 0)));
    }

    /// <summary>CGI 293 B: above the majoré threshold (sales 93,500 €), the franchise ends at once and VAT is due from the exceeding.</summary>
    [Fact]
    public void CGI_293_B_majore_exceeded_ends_the_franchise_at_once() =>
        Assert.Equal("Le chiffre d'affaires 2026 (94000 €) dépasse le seuil majoré de la franchise en base de TVA (93500 €) : la franchise cesse et la TVA " +
                     "est due sur les opérations réalisées à compter de ce dépassement (CGI 293 B).", Message(2026, new(94_000, 0, 0)));
}
