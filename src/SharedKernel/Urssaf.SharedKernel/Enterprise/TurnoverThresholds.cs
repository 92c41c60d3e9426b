namespace Urssaf.SharedKernel.Enterprise;

/// <summary>One warning about a year's cumulative turnover: a stable code, the threshold and the turnover it is compared with (euros).</summary>
public sealed record ThresholdWarning(string Code, string Message, long Threshold, long Turnover);

/// <summary>
/// A civil year's turnover (whole euros, cash basis) in the three groups the thresholds use: sales and accommodation (BIC
/// 50-0 1°), services (BIC 50-0 2°, BNC, CIPAV), furnished tourism classés (counted with sales until 2024, with services from
/// 2025, loi Le Meur n° 2024-1039, DOMAIN.md §5 ◑).
/// </summary>
public readonly record struct YearTurnover(long Sales, long Services, long FurnishedTourism)
{
    public static YearTurnover Of(ActivityCategory category, long turnover) => category switch
    {
        ActivityCategory.Sales => new(turnover, 0, 0),
        ActivityCategory.FurnishedTourism => new(0, 0, turnover),
        _ => new(0, turnover, 0),
    };

    public static YearTurnover operator +(YearTurnover a, YearTurnover b) =>
        new(a.Sales + b.Sales, a.Services + b.Services, a.FurnishedTourism + b.FurnishedTourism);

    public long Total => Sales + Services + FurnishedTourism;

    /// <summary>The part under the services ceiling in <paramref name="year"/>.</summary>
    public long ServicesIn(int year) => Services + (year >= 2025 ? FurnishedTourism : 0);
}

/// <summary>
/// The micro regime's turnover ceilings and the VAT franchise thresholds (DOMAIN.md §5), and the warnings a year's cumulative
/// turnover earns. Data by year; a year after the last published keeps the last values; years before the table give no warning.
/// </summary>
public static class TurnoverThresholds
{
    /// <summary>
    /// CGI 50-0 and 102 ter (micro-BIC, micro-BNC), DOMAIN.md §5 ✅: 2023–2025 188,700 / 77,700 €; 2026–2028 203,100 / 83,600 €.
    /// A mixed activity stays under the sales ceiling in total and under the services ceiling for its services.
    /// </summary>
    public static (long Sales, long Services)? MicroCeilings(int year) => year switch
    {
        < 2023 => null,
        <= 2025 => (188_700, 77_700),
        _ => (203_100, 83_600),
    };

    /// <summary>
    /// CGI 293 B (franchise en base de TVA), DOMAIN.md §5: base 85,000 / 37,500 €, majoré (tolerance) 93,500 / 41,250 € for 2024 ◑,
    /// 2025 ✅ and 2026 ◑ (⚠ final LF 2026 text not read). Special thresholds (lawyers, authors, performers) are not modelled.
    /// </summary>
    public static (long SalesBase, long ServicesBase, long SalesMajore, long ServicesMajore)? VatFranchise(int year) =>
        year < 2024 ? null : (85_000, 37_500, 93_500, 41_250);

    /// <summary>
    /// The micro ceilings of <paramref name="year"/>, prorated to the days of activity in the first year (DOMAIN.md §5:
    /// "prorated the first year"; CGI 50-0: ajusté au prorata du temps d'exploitation), rounded to the euro, halves up.
    /// </summary>
    public static (long Sales, long Services)? MicroCeilingsFor(int year, DateOnly activityStart)
    {
        if (MicroCeilings(year) is not { } ceilings) return null;
        if (activityStart.Year != year) return ceilings;
        var daysInYear = DateTime.IsLeapYear(year) ? 366 : 365;
        var days = new DateOnly(year, 12, 31).DayNumber - activityStart.DayNumber + 1;
        return (Prorate(ceilings.Sales, days, daysInYear), Prorate(ceilings.Services, days, daysInYear));
    }

    /// <summary>
    /// CGI 293 B (as restored by loi n° 2025-1044): the franchise applies in a year when the previous year's turnover did not exceed the
    /// base threshold, or when the year before that did not and the previous one stayed under the majoré threshold. So, for the year's
    /// cumulative turnover: above the majoré threshold, the franchise ends and VAT is due from the exceeding (its exact start ⚠ DOMAIN.md
    /// §5); above the base threshold only, the franchise stays this year and the next (tolerance), unless the previous year was above it
    /// too: then it ends on 1 January of the next year. Sales are checked on the total, services on their own (mixed activities).
    /// </summary>
    private static void VatWarnings(List<ThresholdWarning> warnings, int year, YearTurnover turnover, YearTurnover? previousYear,
        (long SalesBase, long ServicesBase, long SalesMajore, long ServicesMajore) vat, int warningPercent)
    {
        var services = turnover.ServicesIn(year);
        var previousVat = VatFranchise(year - 1);
        // the services group (its own thresholds) and the sales group (the total): the more serious case is told, services first
        var groups = new[]
        {
            ($"Le chiffre d'affaires {year} de prestations de services ({services} €)", services, vat.ServicesBase, vat.ServicesMajore,
                previousYear is { } ps && previousVat is { } pvs && ps.ServicesIn(year - 1) > pvs.ServicesBase),
            ($"Le chiffre d'affaires {year} ({turnover.Total} €)", turnover.Total, vat.SalesBase, vat.SalesMajore,
                previousYear is { } pt && previousVat is { } pvt && pt.Total > pvt.SalesBase),
        };
        var (what, amount, @base, majore, previousAbove) = groups.OrderByDescending(g => Severity(g.Item2, g.Item3, g.Item4, g.Item5, warningPercent)).First();
        if (amount > majore)
            warnings.Add(new("threshold.vat.majore_exceeded",
                $"{what} dépasse le seuil majoré de la franchise en base de TVA ({majore} €) : la franchise cesse et la TVA est due sur les opérations réalisées à compter de ce dépassement (CGI 293 B).",
                majore, amount));
        else if (amount > @base && previousAbove)
            warnings.Add(new("threshold.vat.franchise_ends",
                $"{what} dépasse le seuil de la franchise en base de TVA ({@base} €), comme en {year - 1} : la franchise cesse au 1er janvier {year + 1} (CGI 293 B).",
                @base, amount));
        else if (amount > @base)
            warnings.Add(new("threshold.vat.base_exceeded",
                $"{what} dépasse le seuil de la franchise en base de TVA ({@base} €) sans dépasser le seuil majoré ({majore} €) : la franchise est maintenue en {year} et en {year + 1} tant que le seuil majoré n'est pas dépassé en {year} ; elle cessera au 1er janvier {year + 2} si le seuil de {@base} € est de nouveau dépassé en {year + 1} (CGI 293 B).",
                @base, amount));
        else if (amount * 100 >= @base * warningPercent)
            warnings.Add(new("threshold.vat.approaching", $"{what} approche le seuil de la franchise en base de TVA ({@base} €).", @base, amount));
    }

    private static int Severity(long amount, long @base, long majore, bool previousAbove, int warningPercent) =>
        amount > majore ? 4 : amount > @base ? (previousAbove ? 3 : 2) : amount * 100 >= @base * warningPercent ? 1 : 0;

    private static long Prorate(long ceiling, int days, int daysInYear) => (ceiling * days * 2 + daysInYear) / (2 * daysInYear);

    /// <summary>
    /// Warnings for <paramref name="year"/>'s cumulative turnover: approaching (≥ <paramref name="warningPercent"/> %) or above
    /// a micro ceiling; above the VAT base or majoré threshold; and leaving the regime when <paramref name="previousYear"/> was
    /// also above a ceiling (two consecutive years, CGI 50-0 1 and 102 ter 1: the regime ends on 1 January of the next year).
    /// </summary>
    public static IReadOnlyList<ThresholdWarning> Evaluate(int year, DateOnly activityStart, YearTurnover turnover, YearTurnover? previousYear,
        int warningPercent = 90)
    {
        var warnings = new List<ThresholdWarning>();
        if (activityStart.Year > year) return warnings;
        var aboveThisYear = false;
        if (MicroCeilingsFor(year, activityStart) is { } ceiling)
        {
            var services = turnover.ServicesIn(year);
            aboveThisYear = turnover.Total > ceiling.Sales || services > ceiling.Services;
            Check(warnings, "threshold.micro", "plafond du régime micro (ventes, total)", ceiling.Sales, turnover.Total, warningPercent, year);
            if (services > 0)
                Check(warnings, "threshold.micro", "plafond du régime micro (prestations de services)", ceiling.Services, services, warningPercent, year);
        }

        if (VatFranchise(year) is { } vat)
            VatWarnings(warnings, year, turnover, previousYear, vat, warningPercent);

        if (aboveThisYear && previousYear is { } previous && MicroCeilingsFor(year - 1, activityStart) is { } previousCeiling
            && (previous.Total > previousCeiling.Sales || previous.ServicesIn(year - 1) > previousCeiling.Services))
            warnings.Add(new("threshold.micro.regime_exit",
                $"Le plafond du régime micro est dépassé en {year - 1} et en {year} : l'entreprise quitte le régime micro au 1er janvier {year + 1}.",
                previousCeiling.Sales, turnover.Total));
        return warnings;
    }

    private static void Check(List<ThresholdWarning> warnings, string code, string what, long threshold, long turnover, int warningPercent, int year)
    {
        if (turnover > threshold)
            warnings.Add(new(code + ".exceeded", $"Le chiffre d'affaires {year} ({turnover} €) dépasse le {what} ({threshold} €).", threshold, turnover));
        else if (turnover * 100 >= threshold * warningPercent)
            warnings.Add(new(code + ".approaching", $"Le chiffre d'affaires {year} ({turnover} €) approche le {what} ({threshold} €).", threshold, turnover));
    }
}
