using Urssaf.Modules.Declarations.Domain.Rates;
using Urssaf.SharedKernel.Enterprise;

namespace Urssaf.Modules.Declarations.Domain;

/// <summary>Turnover of one category for one period, in whole euros (declared "à l'euro près").</summary>
internal readonly record struct TurnoverLine(ActivityCategory Category, long Turnover);

/// <summary>
/// One category's result: the rate that applied and its social contributions, in cents; <see cref="Part"/> is the month or
/// quarter whose turnover it is when a first declaration spans a change of rates (null otherwise).
/// </summary>
internal readonly record struct ComputedLine(ActivityCategory Category, long Turnover, Rate Rate, long SocialContributionsCents, DeclarationPeriod? Part = null);

/// <summary>The turnover of one month or quarter of a declaration that spans a change of rates, and the first day it covers.</summary>
internal readonly record struct TurnoverPart(DeclarationPeriod Part, DateOnly FirstDay, TurnoverLine Line);

/// <summary>What the computation needs of the enterprise (from Identity's formalities, kept by Declarations).</summary>
internal readonly record struct EnterpriseTerms(
    DateOnly ActivityStartDate,
    ActivityNature Nature,
    string Department,
    bool IncomeTaxWithholding,
    bool Acre);

internal readonly record struct ContributionTotals(
    long SocialContributionsCents,
    long TrainingContributionCents,
    long ChamberTaxCents,
    long IncomeTaxCents)
{
    public long TotalCents => SocialContributionsCents + TrainingContributionCents + ChamberTaxCents + IncomeTaxCents;
}

/// <summary>
/// The amounts of one declaration, with the rates in force on the period's first day (CSS L613-7 I).
/// Rounding (ADR 15, modele-social's official rules): social contributions of each category and each chamber-tax
/// line to the nearest euro; training contribution (CFP) and versement libératoire to the nearest cent.
/// Pure and allocation-free: lines in, lines out into the caller's span.
/// </summary>
internal static class ContributionCalculator
{
    public static ContributionTotals Compute(
        ReadOnlySpan<TurnoverLine> lines, in EnterpriseTerms terms, DateOnly periodStart, RateTable rates, Span<ComputedLine> output)
    {
        if (output.Length < lines.Length) throw new ArgumentException("The output span is shorter than the lines.", nameof(output));
        var sums = new Sums();
        for (var i = 0; i < lines.Length; i++)
            output[i] = Line(lines[i], null, terms, periodStart, rates, ref sums);
        return sums.Totals;
    }

    /// <summary>
    /// A first declaration that spans a change of rates (ADR 30): each month's or quarter's turnover at the rates in force on
    /// its first day (CSS L613-7 I: the rate applies to the turnover of the month or quarter). Social contributions and
    /// chamber tax are rounded per line (category and part), CFP and versement libératoire summed exactly then rounded, as
    /// for any declaration.
    /// </summary>
    public static ContributionTotals ComputeParts(ReadOnlySpan<TurnoverPart> parts, in EnterpriseTerms terms, RateTable rates, Span<ComputedLine> output)
    {
        if (output.Length < parts.Length) throw new ArgumentException("The output span is shorter than the parts.", nameof(output));
        var sums = new Sums();
        for (var i = 0; i < parts.Length; i++)
            output[i] = Line(parts[i].Line, parts[i].Part, terms, parts[i].FirstDay, rates, ref sums);
        return sums.Totals;
    }

    /// <summary>True when any rate that applies to the category differs between two days (a declaration spanning them must be split).</summary>
    public static bool RatesDiffer(ActivityCategory category, in EnterpriseTerms terms, DateOnly a, DateOnly b, RateTable rates)
    {
        var isDrom = rates.IsDrom(terms.Department);
        var zone = rates.ZoneOf(terms.Department);
        return SocialRate(category, terms, a, isDrom, rates) != SocialRate(category, terms, b, isDrom, rates)
               || rates.TrainingContribution(terms.Nature, category, a) != rates.TrainingContribution(terms.Nature, category, b)
               || (terms.Nature != ActivityNature.Liberal && rates.ChamberTax(terms.Nature, zone, category, a) != rates.ChamberTax(terms.Nature, zone, category, b))
               || (terms.IncomeTaxWithholding && rates.IncomeTax(category, a) != rates.IncomeTax(category, b));
    }

    private struct Sums
    {
        public long Social, TrainingExact, Chamber, IncomeTaxExact;

        public readonly ContributionTotals Totals => new(Social, Money.ToCents(TrainingExact), Chamber, Money.ToCents(IncomeTaxExact));
    }

    private static ComputedLine Line(TurnoverLine line, DeclarationPeriod? part, in EnterpriseTerms terms, DateOnly periodStart, RateTable rates, ref Sums sums)
    {
        var isDrom = rates.IsDrom(terms.Department);
        var rate = SocialRate(line.Category, terms, periodStart, isDrom, rates);
        var contributions = Money.ToEuroCents(rate.Apply(line.Turnover));              // CSS D613-4, per category, to the euro
        sums.Social += contributions;
        sums.TrainingExact += rates.TrainingContribution(terms.Nature, line.Category, periodStart).Apply(line.Turnover); // CT L6331-48
        if (terms.Nature != ActivityNature.Liberal)                                       // CGI 1600 / 1601: CCI and CMA
            sums.Chamber += Money.ToEuroCents(rates.ChamberTax(terms.Nature, rates.ZoneOf(terms.Department), line.Category, periodStart).Apply(line.Turnover));
        if (terms.IncomeTaxWithholding)                                                   // CGI 151-0: versement libératoire
            sums.IncomeTaxExact += rates.IncomeTax(line.Category, periodStart).Apply(line.Turnover);
        return new ComputedLine(line.Category, line.Turnover, rate, contributions, part);
    }

    /// <summary>The social-contribution rate of a category for a period: DROM by seniority, else ACRE in its window, else normal.</summary>
    public static Rate SocialRate(ActivityCategory category, in EnterpriseTerms terms, DateOnly periodStart, bool isDrom, RateTable rates)
    {
        var normal = rates.SocialContribution(category, periodStart)
            ?? throw new InvalidOperationException($"No rate is known for {periodStart}; callers check RateTable.FirstDay.");
        if (isDrom && rates.DromSocialContribution(category, periodStart, DromTier(terms.ActivityStartDate, periodStart)) is { } drom)
            return drom; // no cumul with ACRE
        if (terms.Acre && periodStart >= terms.ActivityStartDate.AddDays(1 - terms.ActivityStartDate.Day) && periodStart <= AcreWindowEnd(terms.ActivityStartDate)
            && rates.AcreRate(category, normal, terms.ActivityStartDate, periodStart) is { } acre)
            return acre;
        return normal;
    }

    /// <summary>ACRE runs to the end of the third civil quarter after the quarter of creation (service-public F11677).</summary>
    public static DateOnly AcreWindowEnd(DateOnly creation)
    {
        var quarterStart = new DateOnly(creation.Year, (creation.Month - 1) / 3 * 3 + 1, 1);
        return quarterStart.AddMonths(12).AddDays(-1);
    }

    /// <summary>DROM seniority: 0 up to the 8th civil quarter of activity, 1 up to the end of the 3rd civil year, 2 afterwards.</summary>
    public static int DromTier(DateOnly creation, DateOnly day)
    {
        var quarters = (day.Year - creation.Year) * 4 + (day.Month - 1) / 3 - (creation.Month - 1) / 3 + 1;
        if (quarters <= 8) return 0;
        return day.Year <= creation.Year + 2 ? 1 : 2;
    }
}
