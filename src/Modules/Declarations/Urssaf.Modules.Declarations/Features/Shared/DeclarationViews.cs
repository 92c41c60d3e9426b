using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Urssaf.Modules.Declarations.Domain;
using Urssaf.Modules.Declarations.Persistence;
using Urssaf.SharedKernel.Enterprise;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Results;

namespace Urssaf.Modules.Declarations.Features.Shared;

/// <summary>
/// One category of turnover as clients send it: whole euros. <see cref="Period"/> names the month or quarter the turnover
/// belongs to, needed only when a first declaration spans a change of rates (ADR 30); omitted otherwise.
/// </summary>
internal sealed record TurnoverLineRequest(ActivityCategory Category, long Turnover, string? Period = null)
{
    public PartLine ToLine() => new(new TurnoverLine(Category, Turnover), Period);
}

internal sealed record DeclarationLineResponse(ActivityCategory Category, long Turnover, decimal Rate, decimal SocialContributions, string? Period = null);

/// <summary>A declaration or an estimate, as API.md shows it (amounts in euros with two decimals).</summary>
/// <summary>The SEPA pre-notification given with the filing answer: the amount debited on <see cref="DueDate"/> under the mandate.</summary>
internal sealed record AutomaticDebitResponse(DateOnly DueDate, decimal Amount, string MandateReference, string MaskedIban);

internal sealed record DeclarationResponse(
    string Period,
    DateOnly Start,
    DateOnly End,
    DateOnly DueDate,
    string Status,
    DateTime? SubmittedAt,
    DateTime? CorrectedAt,
    bool FiledLate,
    IReadOnlyList<DeclarationLineResponse> Lines,
    decimal SocialContributions,
    decimal TrainingContribution,
    decimal ChamberTax,
    decimal IncomeTax,
    decimal Total,
    int? Version,
    IReadOnlyList<ThresholdWarning>? Warnings = null,
    AutomaticDebitResponse? AutomaticDebit = null)
{
    public static DeclarationResponse From(Declaration d) => new(d.Period, d.PeriodStart, d.PeriodEnd, d.DueDate, "declared",
        d.SubmittedOnUtc, d.CorrectedOnUtc, d.FiledLate,
        [.. d.Lines.Select(l => new DeclarationLineResponse(l.Category, l.Turnover, new Rate(l.RatePerHundredThousand).Percent, Money.Euros(l.SocialContributionsCents), l.Part))],
        Money.Euros(d.SocialContributionsCents), Money.Euros(d.TrainingContributionCents), Money.Euros(d.ChamberTaxCents),
        Money.Euros(d.IncomeTaxCents), Money.Euros(d.TotalCents), d.Version);

    public static DeclarationResponse Estimate(DeclarationDraft draft) => new(draft.Entry.Period.ToString(), draft.Entry.Start, draft.Entry.End,
        draft.Entry.DueDate, "estimate", null, null, false,
        [.. draft.Lines.Select(l => new DeclarationLineResponse(l.Category, l.Turnover, l.Rate.Percent, Money.Euros(l.SocialContributionsCents), l.Part?.ToString()))],
        Money.Euros(draft.Totals.SocialContributionsCents), Money.Euros(draft.Totals.TrainingContributionCents),
        Money.Euros(draft.Totals.ChamberTaxCents), Money.Euros(draft.Totals.IncomeTaxCents), Money.Euros(draft.Totals.TotalCents), null);
}

internal static class DeclarationInput
{
    public const long MaxTurnover = 1_000_000_000; // far above any micro-enterprise ceiling; keeps amounts within range

    /// <summary>A first declaration covers at most five months (start + 90 days rounded up to the period's end), or three quarters.</summary>
    public const int MaxParts = 5;

    /// <summary>The shape of declared lines: known categories, each once, whole non-negative euros.</summary>
    public static void ValidLines<T>(this IRuleBuilder<T, IReadOnlyList<TurnoverLineRequest>> rule) =>
        rule.NotNull().WithErrorCode("declarations.lines.missing")
            .Must(lines => lines is null || lines.Count <= Enum.GetValues<ActivityCategory>().Length * MaxParts)
            .WithErrorCode("declarations.lines.too_many").WithMessage("At most one line per activity category (and per month when split).")
            .Must(lines => lines is null || lines.Select(l => (l.Category, l.Period)).Distinct().Count() == lines.Count)
            .WithErrorCode("declarations.lines.duplicate_category").WithMessage("Each activity category appears at most once (per month or quarter when split).")
            .Must(lines => lines is null || lines.All(l => l.Period is null) || lines.All(l => l.Period is not null))
            .WithErrorCode("declarations.lines.partly_split").WithMessage("Either every line names its month or quarter, or none does.")
            .ForEach(line => line.ChildRules(l =>
            {
                l.RuleFor(x => x.Category).IsInEnum().WithErrorCode("declarations.category.unknown");
                l.RuleFor(x => x.Period).Must(DeclarationPeriod.IsWellFormed!).When(x => x.Period is not null)
                    .WithErrorCode("declarations.period.malformed").WithMessage("A line's period is a month (2024-04) or a quarter (2024-Q2).");
                l.RuleFor(x => x.Turnover).InclusiveBetween(0, MaxTurnover).WithErrorCode("declarations.turnover.out_of_range")
                    .WithMessage($"Turnover is a whole number of euros from 0 to {MaxTurnover}.");
            }));

    public static void ValidPeriod<T>(this IRuleBuilder<T, string> rule) =>
        rule.Must(DeclarationPeriod.IsWellFormed).WithErrorCode("declarations.period.malformed")
            .WithMessage("A period is a month (2026-03) or a quarter (2026-Q1).");

    /// <summary>The account's enterprise, or the reason there is none.</summary>
    public static async Task<Result<Enterprise>> EnterpriseOf(this DeclarationsDbContext db, AccountId account, CancellationToken ct)
    {
        var enterprise = await EnterpriseByAccount(db, account);
        return enterprise is { HasProfile: true } ? enterprise : DeclarationErrors.EnterpriseUnknown;
    }

    /// <summary>Compiled once (the filing path, ADR 0130); untracked.</summary>
    private static readonly Func<DeclarationsDbContext, AccountId, Task<Enterprise?>> EnterpriseByAccount =
        EF.CompileAsyncQuery((DeclarationsDbContext db, AccountId account) => db.Enterprises.AsNoTracking().SingleOrDefault(e => e.AccountId == account));
}
