using Urssaf.SharedKernel.Enterprise;
using Urssaf.SharedKernel.Messaging;

namespace Urssaf.Modules.Declarations.Contracts.IntegrationEvents;

/// <summary>
/// One category of a filed declaration: turnover in euros, the rate applied, contributions in cents. <see cref="Period"/>
/// (added; null when absent) is the month or quarter of the turnover when a first declaration spans a change of rates.
/// </summary>
public sealed record DeclaredLine(ActivityCategory Category, long Turnover, decimal RatePercent, long SocialContributionsCents, string? Period = null);

/// <summary>
/// The SEPA pre-notification of a declaration debited automatically: <see cref="AmountCents"/> collected on <see cref="CollectionDate"/>
/// under the mandate <see cref="Rum"/> from the account <see cref="MaskedIban"/>.
/// </summary>
public sealed record ScheduledDebit(DateOnly CollectionDate, long AmountCents, string Rum, string MaskedIban);

/// <summary>
/// A turnover declaration was filed (first time for its period). Carries every amount, so that Payments
/// (what is owed), Compliance (regularity), Notifications (receipt) and Documents (receipt PDF) need nothing else.
/// <see cref="AutomaticDebit"/> (added; null without an automatic mandate) is the pre-notification given with the filing.
/// </summary>
public sealed record DeclarationFiled(
    Guid EventId,
    DateTime OccurredOnUtc,
    Guid DeclarationId,
    Guid AccountId,
    string Siret,
    string Period,
    DateOnly PeriodStart,
    DateOnly PeriodEnd,
    DateOnly DueDate,
    DateTime DeadlineUtc,
    DateTime SubmittedAtUtc,
    bool FiledLate,
    int Version,
    IReadOnlyList<DeclaredLine> Lines,
    long SocialContributionsCents,
    long TrainingContributionCents,
    long ChamberTaxCents,
    long IncomeTaxCents,
    long TotalCents,
    ScheduledDebit? AutomaticDebit = null) : IIntegrationEvent;

/// <summary>A filed declaration was corrected before its due date; the amounts replace the previous ones.</summary>
public sealed record DeclarationCorrected(
    Guid EventId,
    DateTime OccurredOnUtc,
    Guid DeclarationId,
    Guid AccountId,
    string Siret,
    string Period,
    DateOnly PeriodStart,
    DateOnly PeriodEnd,
    DateOnly DueDate,
    DateTime DeadlineUtc,
    DateTime CorrectedAtUtc,
    int Version,
    IReadOnlyList<DeclaredLine> Lines,
    long SocialContributionsCents,
    long TrainingContributionCents,
    long ChamberTaxCents,
    long IncomeTaxCents,
    long TotalCents,
    long PreviousTotalCents) : IIntegrationEvent;
