using Urssaf.Modules.Declarations.Domain;
using Urssaf.SharedKernel.Enterprise;

namespace Urssaf.Modules.Declarations.Tests.Unit;

/// <summary>
/// CSS R613-10 (DOMAIN.md §4): per missing declaration, a quarter (quarterly) or a twelfth (monthly) of the majoré VAT franchise
/// thresholds of CGI 293 B (93,500 € sales, 41,250 € services from 2024), increased by 15 % or 5 % per missing declaration of the year.
/// </summary>
public sealed class FlatRateTaxationTests
{
    [Theory]
    [InlineData(ActivityCategory.LiberalBnc, true, 1, 11_859)]   // 41,250 × 1.15 / 4 = 11,859.375
    [InlineData(ActivityCategory.LiberalBnc, true, 4, 16_500)]   // 41,250 × 1.60 / 4 = 16,500
    [InlineData(ActivityCategory.ServicesBic, false, 1, 3_609)]  // 41,250 × 1.05 / 12 = 3,609.375
    [InlineData(ActivityCategory.Sales, false, 2, 8_571)]        // 93,500 × 1.10 / 12 = 8,570.83
    [InlineData(ActivityCategory.Sales, true, 1, 26_881)]        // 93,500 × 1.15 / 4 = 26,881.25
    [InlineData(ActivityCategory.Sales, false, 12, 12_467)]      // 93,500 × 1.60 / 12 = 12,466.67
    public void R613_10_flat_rate_turnover_per_missing_declaration(ActivityCategory category, bool quarterly, int missing, long euros) =>
        Assert.Equal(euros, FlatRateTaxation.TurnoverEuros(category, 2026, quarterly, missing));

    /// <summary>Furnished tourism (classés) goes with sales until 2024 and with services from 2025 (ADR 31).</summary>
    [Fact]
    public void R613_10_furnished_tourism_follows_its_group_by_year() =>
        Assert.Equal((26_881L, 11_859L), (FlatRateTaxation.TurnoverEuros(ActivityCategory.FurnishedTourism, 2024, true, 1)!.Value,
            FlatRateTaxation.TurnoverEuros(ActivityCategory.FurnishedTourism, 2025, true, 1)!.Value)); // 93,500 × 1.15 / 4; 41,250 × 1.15 / 4

    [Fact]
    public void R613_10_no_threshold_no_taxation() => Assert.Null(FlatRateTaxation.TurnoverEuros(ActivityCategory.Sales, 2023, true, 1));
}
