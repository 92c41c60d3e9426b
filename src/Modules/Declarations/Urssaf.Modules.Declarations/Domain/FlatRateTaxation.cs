using Urssaf.SharedKernel.Enterprise;

namespace Urssaf.Modules.Declarations.Domain;

/// <summary>
/// CSS R613-10: when declarations of a civil year are still missing at the year's last due date, the contributions of each missing
/// declaration are computed on a quarter (quarterly) or a twelfth (monthly) of the thresholds of CGI 293 B I 1° b and 2° b (the
/// majoré VAT franchise thresholds, DOMAIN.md §4–5: 93,500 € sales, 41,250 € services), increased by 15 % (quarterly) or 5 %
/// (monthly) per missing declaration of that year. The turnover is rounded to the euro, as any declared turnover (DOMAIN.md §1.7).
/// </summary>
internal static class FlatRateTaxation
{
    /// <summary>
    /// The turnover one missing declaration is taxed on, in whole euros, halves up. Services quarterly, one missing:
    /// 41,250 × 1.15 / 4 = 11,859.375 → 11,859 €; sales monthly, two missing: 93,500 × 1.10 / 12 = 8,570.83 → 8,571 €.
    /// </summary>
    public static long? TurnoverEuros(ActivityCategory category, int year, bool quarterly, int missingInYear)
    {
        if (TurnoverThresholds.VatFranchise(year) is not { } vat || missingInYear < 1) return null;
        // furnished tourism classés: sales until 2024, services from 2025 (ADR 31)
        var threshold = category == ActivityCategory.Sales || (category == ActivityCategory.FurnishedTourism && year <= 2024) ? vat.SalesMajore : vat.ServicesMajore;
        var (parts, percentPerMissing) = quarterly ? (4, 15) : (12, 5);
        // threshold × (100 + n × rate) / (100 × parts), to the nearest euro
        var numerator = threshold * (100 + missingInYear * percentPerMissing);
        var denominator = 100L * parts;
        return (numerator * 2 + denominator) / (2 * denominator);
    }
}
