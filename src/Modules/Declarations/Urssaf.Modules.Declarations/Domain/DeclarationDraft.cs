using Urssaf.Modules.Declarations.Domain.Rates;
using Urssaf.SharedKernel.Enterprise;
using Urssaf.SharedKernel.Results;

namespace Urssaf.Modules.Declarations.Domain;

/// <summary>A declaration computed for an enterprise and a period, before it is stored (or as an estimate).</summary>
internal sealed record DeclarationDraft(CalendarEntry Entry, DateTime DeadlineUtc, ComputedLine[] Lines, ContributionTotals Totals)
{
    /// <summary>Checks the period against the enterprise's calendar and computes the amounts.</summary>
    public static Result<DeclarationDraft> Prepare(Enterprise enterprise, DeclarationPeriod period, IReadOnlyList<TurnoverLine> lines,
        DeclarationCalendar calendar, RateTable rates, bool isDeclared, DateTime utcNow)
    {
        if (period.Frequency != enterprise.DeclarationFrequency) return DeclarationErrors.WrongFrequency(period.ToString());
        var first = DeclarationCalendar.FirstPeriod(enterprise.ActivityStartDate, enterprise.DeclarationFrequency);
        if (period.CompareTo(first) < 0) return DeclarationErrors.BeforeActivity(first.ToString());
        var entry = calendar.Entry(period, enterprise.ActivityStartDate, isDeclared, utcNow);
        if (entry.Start < rates.FirstDay) return DeclarationErrors.RatesUnavailable(rates.FirstDay);
        foreach (var line in lines)
            if (!IsRegistered(enterprise, line.Category)) return DeclarationErrors.CategoryNotRegistered(RateTable.SnakeCase(line.Category));

        var computed = new ComputedLine[lines.Count];
        // The rates in force on the first day the declaration covers (CSS L613-7 I): the activity start for a first declaration.
        var totals = ContributionCalculator.Compute(lines.ToArray(), enterprise.Terms, entry.Start, rates, computed);
        return new DeclarationDraft(entry, calendar.DeadlineUtc(period), computed, totals);
    }

    /// <summary>
    /// A BNC or CIPAV line must be the enterprise's own liberal category; BIC lines (sales, services, furnished
    /// tourism) may come with any activity, as a mixed activity declares each category in its own box.
    /// </summary>
    private static bool IsRegistered(Enterprise enterprise, ActivityCategory category) =>
        category is not (ActivityCategory.LiberalBnc or ActivityCategory.LiberalCipav) || enterprise.PrimaryCategory == category;
}
