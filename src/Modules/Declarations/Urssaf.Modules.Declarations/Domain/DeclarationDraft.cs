using Urssaf.SharedKernel.Identity;
using Urssaf.Modules.Declarations.Domain.Rates;
using Urssaf.SharedKernel.Enterprise;
using Urssaf.SharedKernel.Results;

namespace Urssaf.Modules.Declarations.Domain;

/// <summary>A declared line and, when a first declaration is split (ADR 30), the month or quarter it belongs to.</summary>
internal readonly record struct PartLine(TurnoverLine Line, string? Part);

/// <summary>A declaration computed for an enterprise and a period, before it is stored (or as an estimate).</summary>
internal sealed record DeclarationDraft(CalendarEntry Entry, DateTime DeadlineUtc, ComputedLine[] Lines, ContributionTotals Totals)
{
    /// <summary>Checks the period against the enterprise's calendar and computes the amounts.</summary>
    public static Result<DeclarationDraft> Prepare(Enterprise enterprise, DeclarationPeriod period, IReadOnlyList<PartLine> lines,
        DeclarationCalendar calendar, RateTable rates, bool isDeclared, DateTime utcNow, AcreTurnover? acreBefore = null)
    {
        // the frequency of the period's year (CSS R613-7 I, kept per year)
        if (!enterprise.Declares(period)) return DeclarationErrors.WrongFrequency(period.ToString());
        var first = enterprise.FirstPeriod;
        if (period.CompareTo(first) < 0) return DeclarationErrors.BeforeActivity(first.ToString());
        var entry = calendar.Entry(period, enterprise.ActivityStartDate, isDeclared, utcNow);
        if (entry.Start < rates.FirstDay) return DeclarationErrors.RatesUnavailable(rates.FirstDay);
        foreach (var line in lines)
            if (!IsRegistered(enterprise, line.Line.Category)) return DeclarationErrors.CategoryNotRegistered(RateTable.SnakeCase(line.Line.Category));

        var computed = new ComputedLine[lines.Count * 2]; // a line across the ACRE cap becomes two
        acreBefore ??= new AcreTurnover();
        var terms = enterprise.Terms;
        // A first declaration covers several months or quarters: each one's turnover bears the rates in force in it (CSS L613-7 I, ADR 30).
        var parts = Parts(entry.Start, period);
        if (lines.Count > 0 && lines[0].Part is not null)
        {
            var split = new TurnoverPart[lines.Count];
            for (var i = 0; i < lines.Count; i++)
            {
                if (!DeclarationPeriod.TryParse(lines[i].Part, out var part) || !parts.Contains(part))
                    return DeclarationErrors.PartOutsidePeriod(lines[i].Part!, string.Join(", ", parts));
                split[i] = new TurnoverPart(part, part.Start > entry.Start ? part.Start : entry.Start, lines[i].Line);
            }

            var splitTotals = ContributionCalculator.ComputeParts(split, terms, rates, computed, acreBefore, out var splitCount);
            return new DeclarationDraft(entry, calendar.DeadlineUtc(period), computed[..splitCount], splitTotals);
        }

        foreach (var line in lines.Where(l => l.Line.Turnover > 0)) // zero turnover owes nothing at any rate
            foreach (var part in parts.Skip(1))
                if (ContributionCalculator.RatesDiffer(line.Line.Category, terms, entry.Start, part.Start, rates))
                    return DeclarationErrors.SplitRequired(period.ToString(), part.Start, string.Join(", ", parts));

        // The rates in force on the first day the declaration covers (CSS L613-7 I): the activity start for a first declaration.
        var totals = ContributionCalculator.Compute([.. lines.Select(l => l.Line)], terms, entry.Start, rates, computed, acreBefore, out var count);
        return new DeclarationDraft(entry, calendar.DeadlineUtc(period), computed[..count], totals);
    }

    /// <summary>
    /// The ACRE turnover of the enterprise's declarations of periods before <paramref name="period"/>, by civil year and category:
    /// what the annual ACRE cap (CSS D131-6-3 II) counts before this declaration. Each line counts in the year of its own first day.
    /// </summary>
    public static AcreTurnover AcreBefore(Enterprise enterprise, DeclarationPeriod period, IEnumerable<Declaration> declarations, RateTable rates)
    {
        var sums = new AcreTurnover();
        var terms = enterprise.Terms;
        if (!terms.Acre) return sums;
        foreach (var d in declarations.Where(d => d.PeriodStart < period.Start))
            foreach (var line in d.Lines)
            {
                var start = line.Part is { } part ? DeclarationPeriod.Parse(part).Start : d.PeriodStart;
                if (start < terms.ActivityStartDate) start = terms.ActivityStartDate;
                if (ContributionCalculator.AcreApplies(line.Category, terms, start, rates)) sums.Add(start.Year, line.Category, line.Turnover);
            }

        return sums;
    }

    /// <summary>The earlier declarations the ACRE cap needs (none when the enterprise has no ACRE): the period's year and the one before.</summary>
    public static IQueryable<Declaration> AcreCandidates(IQueryable<Declaration> declarations, AccountId account, Enterprise enterprise,
        DeclarationPeriod period)
    {
        var from = new DateOnly(period.Start.Year - 1, 1, 1);
        var start = period.Start;
        var acre = enterprise.Acre;
        return declarations.Where(d => acre && d.AccountId == account && d.PeriodStart >= from && d.PeriodStart < start);
    }

    /// <summary>The months or quarters whose turnover a declaration covers: one, or several for a first declaration.</summary>
    public static List<DeclarationPeriod> Parts(DateOnly coverageStart, DeclarationPeriod period)
    {
        var parts = new List<DeclarationPeriod>();
        for (var p = DeclarationPeriod.Containing(coverageStart, period.Frequency); p.CompareTo(period) <= 0; p = p.Next()) parts.Add(p);
        return parts;
    }

    /// <summary>
    /// A BNC or CIPAV line must be the enterprise's own liberal category; BIC lines (sales, services, furnished
    /// tourism) may come with any activity, as a mixed activity declares each category in its own box.
    /// </summary>
    private static bool IsRegistered(Enterprise enterprise, ActivityCategory category) =>
        category is not (ActivityCategory.LiberalBnc or ActivityCategory.LiberalCipav) || enterprise.PrimaryCategory == category;
}
