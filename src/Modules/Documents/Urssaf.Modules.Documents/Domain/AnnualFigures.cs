using System.Text.Json;
using Urssaf.SharedKernel.Enterprise;
using Urssaf.SharedKernel.Identity;

namespace Urssaf.Modules.Documents.Domain;

/// <summary>
/// The newest version of a filed declaration as Documents received it (<c>DeclarationFiled</c>/<c>Corrected</c>): what the
/// annual summary needs for the income-tax return, without asking Declarations (ADR 0043).
/// </summary>
internal sealed class DeclaredPeriod
{
    public AccountId AccountId { get; set; }
    public string Period { get; set; } = "";
    public int Version { get; set; }
    public DateOnly PeriodStart { get; set; }
    public DateOnly PeriodEnd { get; set; }
    public DateTime FiledOnUtc { get; set; }
    /// <summary>The lines as JSON: category, turnover in euros, social contributions in cents.</summary>
    public string Lines { get; set; } = "[]";
    public long SocialContributionsCents { get; set; }
    public long TrainingContributionCents { get; set; }
    public long ChamberTaxCents { get; set; }
    public long IncomeTaxCents { get; set; }
    public long TotalCents { get; set; }

    public IReadOnlyList<TurnoverLine> ReadLines() => JsonSerializer.Deserialize<List<TurnoverLine>>(Lines) ?? [];

    public static string WriteLines(IEnumerable<TurnoverLine> lines) => JsonSerializer.Serialize(lines.ToList());
}

internal sealed record TurnoverLine(ActivityCategory Category, long Turnover, long SocialContributionsCents);

/// <summary>A direct debit the debtor's bank returned after it was received: the payment receipt no longer counts as paid.</summary>
internal sealed class PaymentReturn
{
    public string SourceKey { get; set; } = "";
    public AccountId AccountId { get; set; }
    public Guid PaymentId { get; set; }
    public string Period { get; set; } = "";
    public long AmountCents { get; set; }
    public DateTime ReturnedOnUtc { get; set; }
}

/// <summary>One period of the year as the summary states it. <see cref="Detailed"/> is false for a period known only by its receipt's total.</summary>
internal sealed record PeriodFigures(string Period, DateOnly? Start, DateOnly? End, bool Detailed, IReadOnlyList<TurnoverLine> Lines,
    long SocialCents, long TrainingCents, long ChamberCents, long IncomeTaxCents, long TotalCents, long PaidCents, long IncomeTaxPaidCents)
{
    /// <summary>Contributions proper (social, training, chamber): the total without the income tax.</summary>
    public long ContributionsCents => TotalCents - IncomeTaxCents;

    public long ContributionsPaidCents => PaidCents - IncomeTaxPaidCents;

    public long Turnover => Lines.Sum(l => l.Turnover);
}

/// <summary>A group of turnover as the income-tax return (2042-C-PRO) asks for it, with its box with and without the versement libératoire.</summary>
internal sealed record TaxBox(string Label, string Box, long Turnover);

/// <summary>
/// The year's figures for the income-tax return (ADR 0043): turnover per category and per period, contributions declared
/// and paid, the versement libératoire declared and paid. Payments count for the period they pay, up to its total; the
/// versement libératoire paid is its share of what was paid (the whole once the period is paid), rounded down to the cent.
/// </summary>
internal sealed record AnnualFigures(int Year, IReadOnlyList<PeriodFigures> Periods, bool IncomeTaxWithheld)
{
    public static AnnualFigures Compute(int year, IReadOnlyList<DeclaredPeriod> declared, IReadOnlyList<(string Period, long TotalCents)> receiptsWithoutFigures,
        IReadOnlyList<(string Period, long AmountCents)> payments, IReadOnlyList<(string Period, long AmountCents)> returns)
    {
        long PaidFor(string period, long total) => Math.Clamp(
            payments.Where(p => p.Period == period).Sum(p => p.AmountCents) - returns.Where(r => r.Period == period).Sum(r => r.AmountCents), 0, total);

        var periods = declared.Select(d =>
            {
                var paid = PaidFor(d.Period, d.TotalCents);
                var incomeTaxPaid = d.TotalCents == 0 ? 0 : (long)((Int128)d.IncomeTaxCents * paid / d.TotalCents);
                return new PeriodFigures(d.Period, d.PeriodStart, d.PeriodEnd, true, d.ReadLines(), d.SocialContributionsCents, d.TrainingContributionCents,
                    d.ChamberTaxCents, d.IncomeTaxCents, d.TotalCents, paid, incomeTaxPaid);
            })
            .Concat(receiptsWithoutFigures.Where(r => declared.All(d => d.Period != r.Period))
                .Select(r => new PeriodFigures(r.Period, null, null, false, [], 0, 0, 0, 0, r.TotalCents, PaidFor(r.Period, r.TotalCents), 0)))
            .OrderBy(p => p.Period, StringComparer.Ordinal).ToList();
        return new AnnualFigures(year, periods, declared.Any(d => d.IncomeTaxCents > 0));
    }

    public long TurnoverOf(ActivityCategory category) => Periods.SelectMany(p => p.Lines).Where(l => l.Category == category).Sum(l => l.Turnover);

    public IReadOnlyList<ActivityCategory> Categories =>
        [.. Periods.SelectMany(p => p.Lines).Select(l => l.Category).Distinct().Order()];

    /// <summary>
    /// The three turnover boxes of the 2042-C-PRO for a micro-entrepreneur: sales (5KO, or 5TA with the versement libératoire),
    /// services BIC (5KP / 5TB), non-commercial profits BNC (5HQ / 5TE). Classified furnished tourism follows sales, CIPAV
    /// professions follow BNC. Always all three, zero included, so a reader sees nothing was left out.
    /// </summary>
    public IReadOnlyList<TaxBox> TaxBoxes =>
    [
        new("Ventes de marchandises et assimilées (BIC)", IncomeTaxWithheld ? "5TA" : "5KO", TurnoverOf(ActivityCategory.Sales) + TurnoverOf(ActivityCategory.FurnishedTourism)),
        new("Prestations de services (BIC)", IncomeTaxWithheld ? "5TB" : "5KP", TurnoverOf(ActivityCategory.ServicesBic)),
        new("Bénéfices non commerciaux (BNC)", IncomeTaxWithheld ? "5TE" : "5HQ", TurnoverOf(ActivityCategory.LiberalBnc) + TurnoverOf(ActivityCategory.LiberalCipav)),
    ];

    public long Turnover => Periods.Sum(p => p.Turnover);
    public long ContributionsCents => Periods.Sum(p => p.ContributionsCents);
    public long ContributionsPaidCents => Periods.Sum(p => p.ContributionsPaidCents);
    public long IncomeTaxCents => Periods.Sum(p => p.IncomeTaxCents);
    public long IncomeTaxPaidCents => Periods.Sum(p => p.IncomeTaxPaidCents);
    public long TotalCents => Periods.Sum(p => p.TotalCents);
    public long PaidCents => Periods.Sum(p => p.PaidCents);
}
