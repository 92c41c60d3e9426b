namespace Urssaf.SharedKernel.Enterprise;

/// <summary>
/// Radiation for inactivity (DOMAIN.md §3 ◑, pagesjaunes / batiactu quoting the Acoss): an auto-entrepreneur who declares no
/// turnover for 24 months in a row (monthly) or 8 quarters in a row (quarterly) is struck off the micro regime. This warns;
/// striking off is the Urssaf's decision and is not modelled.
/// </summary>
public static class Inactivity
{
    public const int MonthsBeforeRadiation = 24;

    /// <summary>
    /// How many months the latest run of filed declarations with zero turnover spans (from the first day of its oldest period
    /// to the last day of its newest), a period not filed in between neither breaking nor extending it; 0 when the latest
    /// filed declaration has turnover.
    /// </summary>
    public static int MonthsWithoutTurnover(IEnumerable<(DateOnly Start, DateOnly End, long Turnover)> filed)
    {
        DateOnly? first = null, last = null;
        foreach (var (start, end, turnover) in filed.OrderByDescending(d => d.Start))
        {
            if (turnover != 0) break;
            last ??= end;
            first = start;
        }

        return first is { } from && last is { } to ? (to.Year - from.Year) * 12 + to.Month - from.Month + 1 : 0;
    }

    public static ThresholdWarning? Warning(IEnumerable<(DateOnly Start, DateOnly End, long Turnover)> filed)
    {
        var months = MonthsWithoutTurnover(filed);
        return months < MonthsBeforeRadiation ? null : new ThresholdWarning("activity.radiation_risk",
            $"Aucun chiffre d'affaires déclaré depuis {months} mois (24 mois ou 8 trimestres de suite) : l'Urssaf peut radier l'entreprise du régime micro pour inactivité.",
            MonthsBeforeRadiation, months);
    }

    /// <summary>The first and last day of a period written <c>2026-03</c> or <c>2026-Q1</c>.</summary>
    public static (DateOnly Start, DateOnly End) Bounds(string period)
    {
        var year = int.Parse(period.AsSpan(0, 4), System.Globalization.CultureInfo.InvariantCulture);
        var quarterly = period[5] == 'Q';
        var month = quarterly ? (period[6] - '1') * 3 + 1 : int.Parse(period.AsSpan(5, 2), System.Globalization.CultureInfo.InvariantCulture);
        var start = new DateOnly(year, month, 1);
        return (start, start.AddMonths(quarterly ? 3 : 1).AddDays(-1));
    }
}
