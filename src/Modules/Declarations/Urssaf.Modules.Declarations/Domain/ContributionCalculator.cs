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

/// <summary>
/// ACRE turnover already declared in each civil year, per category: what the annual cap (CSS D131-6-3 II) is counted against.
/// The computation adds each ACRE line to it, so the parts of one declaration count in order.
/// </summary>
internal sealed class AcreTurnover
{
    private readonly Dictionary<(int Year, ActivityCategory Category), long> _sums = [];

    public long In(int year, ActivityCategory category) => _sums.GetValueOrDefault((year, category));

    public void Add(int year, ActivityCategory category, long turnover) => _sums[(year, category)] = In(year, category) + turnover;
}

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
/// Pure and allocation-free: lines in, lines out into the caller's span (the ACRE history, when given, is the caller's).
/// </summary>
internal static class ContributionCalculator
{
    public static ContributionTotals Compute(
        ReadOnlySpan<TurnoverLine> lines, in EnterpriseTerms terms, DateOnly periodStart, RateTable rates, Span<ComputedLine> output) =>
        Compute(lines, terms, periodStart, rates, output, null, out _);

    /// <summary>
    /// As above, the ACRE cap counted from <paramref name="acreBefore"/> (the year's earlier ACRE turnover, added to as lines are
    /// computed; null: nothing before, and nothing allocated); a line across the cap takes two output lines, so
    /// <paramref name="written"/> may exceed the lines.
    /// </summary>
    public static ContributionTotals Compute(ReadOnlySpan<TurnoverLine> lines, in EnterpriseTerms terms, DateOnly periodStart, RateTable rates,
        Span<ComputedLine> output, AcreTurnover? acreBefore, out int written)
    {
        if (output.Length < lines.Length) throw new ArgumentException("The output span is shorter than the lines.", nameof(output));
        var sums = new Sums();
        written = 0;
        for (var i = 0; i < lines.Length; i++)
            written += Line(lines[i], null, terms, periodStart, rates, acreBefore, ref sums, output[written..]);
        return sums.Totals;
    }

    /// <summary>
    /// A first declaration that spans a change of rates (ADR 30): each month's or quarter's turnover at the rates in force on
    /// its first day (CSS L613-7 I: the rate applies to the turnover of the month or quarter). Social contributions and
    /// chamber tax are rounded per line (category and part), CFP and versement libératoire summed exactly then rounded, as
    /// for any declaration.
    /// </summary>
    public static ContributionTotals ComputeParts(ReadOnlySpan<TurnoverPart> parts, in EnterpriseTerms terms, RateTable rates, Span<ComputedLine> output) =>
        ComputeParts(parts, terms, rates, output, new AcreTurnover(), out _);

    public static ContributionTotals ComputeParts(ReadOnlySpan<TurnoverPart> parts, in EnterpriseTerms terms, RateTable rates, Span<ComputedLine> output,
        AcreTurnover acreBefore, out int written)
    {
        if (output.Length < parts.Length) throw new ArgumentException("The output span is shorter than the parts.", nameof(output));
        var sums = new Sums();
        written = 0;
        for (var i = 0; i < parts.Length; i++)
            written += Line(parts[i].Line, parts[i].Part, terms, parts[i].FirstDay, rates, acreBefore, ref sums, output[written..]);
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

    /// <summary>Writes the line's result (two lines when the ACRE cap splits it) and returns how many were written.</summary>
    private static int Line(TurnoverLine line, DeclarationPeriod? part, in EnterpriseTerms terms, DateOnly periodStart, RateTable rates,
        AcreTurnover? acreBefore, ref Sums sums, Span<ComputedLine> output)
    {
        var isDrom = rates.IsDrom(terms.Department);
        var rate = SocialRate(line.Category, terms, periodStart, isDrom, rates, out var normal, out var acre);
        // CSS D131-6-3 II: ACRE only on the year's turnover up to the cap (PASS after abattement); the rest at the normal rate.
        var atRate = line.Turnover;
        if (acre && rates.AcreCap(line.Category, periodStart) is { } cap)
        {
            atRate = Math.Clamp(cap - (acreBefore?.In(periodStart.Year, line.Category) ?? 0), 0, line.Turnover);
            acreBefore?.Add(periodStart.Year, line.Category, line.Turnover);
        }

        var written = 0;
        if (atRate > 0 || atRate == line.Turnover)
            output[written++] = Social(line.Category, atRate, rate, part, ref sums);
        if (line.Turnover - atRate > 0)
        {
            if (output.Length <= written) throw new ArgumentException("The output span has no room for a line split by the ACRE cap.", nameof(output));
            output[written++] = Social(line.Category, line.Turnover - atRate, normal, part, ref sums);
        }

        sums.TrainingExact += rates.TrainingContribution(terms.Nature, line.Category, periodStart).Apply(line.Turnover); // CT L6331-48
        if (terms.Nature != ActivityNature.Liberal)                                       // CGI 1600 / 1601: CCI and CMA
            sums.Chamber += Money.ToEuroCents(rates.ChamberTax(terms.Nature, rates.ZoneOf(terms.Department), line.Category, periodStart).Apply(line.Turnover));
        if (terms.IncomeTaxWithholding)                                                   // CGI 151-0: versement libératoire
            sums.IncomeTaxExact += rates.IncomeTax(line.Category, periodStart).Apply(line.Turnover);
        return written;
    }

    private static ComputedLine Social(ActivityCategory category, long turnover, Rate rate, DeclarationPeriod? part, ref Sums sums)
    {
        var contributions = Money.ToEuroCents(rate.Apply(turnover));                     // CSS D613-4, per line, to the euro
        sums.Social += contributions;
        return new ComputedLine(category, turnover, rate, contributions, part);
    }

    /// <summary>The social-contribution rate of a category for a period: DROM by seniority, else ACRE in its window, else normal.</summary>
    public static Rate SocialRate(ActivityCategory category, in EnterpriseTerms terms, DateOnly periodStart, bool isDrom, RateTable rates) =>
        SocialRate(category, terms, periodStart, isDrom, rates, out _, out _);

    /// <summary>True when the ACRE rate applies to a category's turnover of a period starting that day (its turnover counts towards the cap).</summary>
    public static bool AcreApplies(ActivityCategory category, in EnterpriseTerms terms, DateOnly periodStart, RateTable rates)
    {
        if (!terms.Acre || rates.SocialContribution(category, periodStart) is null) return false;
        SocialRate(category, terms, periodStart, rates.IsDrom(terms.Department), rates, out _, out var acre);
        return acre;
    }

    private static Rate SocialRate(ActivityCategory category, in EnterpriseTerms terms, DateOnly periodStart, bool isDrom, RateTable rates,
        out Rate normal, out bool acre)
    {
        normal = rates.SocialContribution(category, periodStart)
            ?? throw new InvalidOperationException($"No rate is known for {periodStart}; callers check RateTable.FirstDay.");
        acre = false;
        if (isDrom && rates.DromSocialContribution(category, periodStart, DromTier(terms.ActivityStartDate, periodStart)) is { } drom)
            return drom; // no cumul with ACRE
        if (terms.Acre && periodStart >= terms.ActivityStartDate.AddDays(1 - terms.ActivityStartDate.Day) && periodStart <= AcreWindowEnd(terms.ActivityStartDate)
            && rates.AcreRate(category, normal, terms.ActivityStartDate, periodStart) is { } reduced)
        {
            acre = true;
            return reduced;
        }

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
