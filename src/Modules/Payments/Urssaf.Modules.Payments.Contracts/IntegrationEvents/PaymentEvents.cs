using Urssaf.SharedKernel.Messaging;

namespace Urssaf.Modules.Payments.Contracts.IntegrationEvents;

/// <summary>
/// The state of one obligation (a declaration's contributions or a penalty) after any change: amount owed,
/// paid, covered by a direct debit in progress. Event-carried state for Compliance; the highest
/// <see cref="Revision"/> wins when events arrive out of order. <see cref="PaidLateCents"/> and <see cref="PendingLateCents"/>
/// (added for CSS R243-16; 0 from publishers that predate them) are the parts of <see cref="PaidCents"/> and
/// <see cref="PendingCents"/> that were not paid by the due date: transfers received after it, direct debits ordered after it, counted
/// only up to what the money in time left unpaid (money beyond the amount, a payment made twice, is a credit, never late).
/// <see cref="PlanPendingCents"/> (CSS R243-21) is the part of <see cref="PendingCents"/> reserved by the scheduled instalments of an
/// honoured payment plan: covered debts, on which the 0.2 % monthly majoration stops growing; 0 once the plan defaults.
/// <see cref="LateReceipts"/> (added with them; null from older publishers) dates the late paid money by day of receipt, so the
/// 0.2 % of each month bears on what was still owed as the month began (CSS R243-16 II).
/// </summary>
public sealed record ObligationChanged(
    Guid EventId,
    DateTime OccurredOnUtc,
    Guid ObligationId,
    Guid AccountId,
    string Kind,
    Guid SourceId,
    string Period,
    long AmountCents,
    long PaidCents,
    long PendingCents,
    DateOnly DueDate,
    int Revision,
    long PaidLateCents = 0,
    long PendingLateCents = 0,
    long PlanPendingCents = 0,
    IReadOnlyList<LateReceipt>? LateReceipts = null) : IIntegrationEvent;

/// <summary>Money of an obligation received after its due date, by day of receipt (bank booking date).</summary>
public sealed record LateReceipt(DateOnly On, long Cents);

/// <summary>An obligation is now fully paid.</summary>
public sealed record ObligationSettled(
    Guid EventId, DateTime OccurredOnUtc, Guid ObligationId, Guid AccountId, string Kind, Guid SourceId, string Period, long AmountCents)
    : IIntegrationEvent;

/// <summary>
/// A payment changed status (<c>scheduled</c>, <c>submitted</c>, <c>awaiting_transfer</c>, <c>paid</c>, <c>returned</c>).
/// Event-carried state for the dashboard's recent payments.
/// </summary>
public sealed record PaymentStatusChanged(
    Guid EventId, DateTime OccurredOnUtc, Guid PaymentId, Guid AccountId, string Period, long AmountCents, string Method, string Status,
    DateOnly? CollectionDate, int Revision) : IIntegrationEvent;

/// <summary>Money reached the creditor account for a payment (bank notification): the receipt and the "payment received" message follow.</summary>
public sealed record PaymentReceived(
    Guid EventId, DateTime OccurredOnUtc, Guid PaymentId, Guid AccountId, string Period, long AmountCents, string Method,
    DateOnly ReceivedOn, string Reference) : IIntegrationEvent;

/// <summary>
/// The debtor's bank returned a direct debit (ISO 20022 return reason, e.g. <c>AM04</c> insufficient funds):
/// the obligation is open again and the entrepreneur must be told.
/// </summary>
/// <see cref="PlanInstalment"/> (added; false from older publishers): the debit presented a payment plan's instalment, whose own
/// notices follow (<see cref="PlanInstalmentReturned"/> or the plan's default).
public sealed record DirectDebitReturned(
    Guid EventId, DateTime OccurredOnUtc, Guid PaymentId, Guid AccountId, string Period, long AmountCents, string ReasonCode, bool MandateRevoked,
    bool PlanInstalment = false)
    : IIntegrationEvent;

/// <summary>
/// A payment plan's instalment debit came back and will be presented again on <see cref="PresentedAgainOn"/> (CSS R243-21): the one
/// reminder before the second presentation; a second return defaults the plan.
/// </summary>
public sealed record PlanInstalmentReturned(
    Guid EventId, DateTime OccurredOnUtc, Guid PlanId, Guid AccountId, int InstalmentNumber, long AmountCents, string ReasonCode, DateOnly PresentedAgainOn)
    : IIntegrationEvent;

/// <summary>A SEPA mandate was signed: its owner is told on the contact channels (a changed bank account is a takeover signal).</summary>
public sealed record MandateSigned(
    Guid EventId, DateTime OccurredOnUtc, Guid AccountId, Guid MandateId, string Rum, string MaskedIban, DateOnly SignedOn) : IIntegrationEvent;

/// <summary>
/// A payment plan (CSS R243-21) changed status: <c>under_review</c>, <c>counter_proposed</c>, <c>approved</c>, <c>refused</c>,
/// <c>completed</c>, <c>defaulted</c> (the rest is due at once). <see cref="NextDueDate"/> is the next instalment's date, if any.
/// Added (absent from older publishers): <see cref="FirstInstalmentCents"/>, the operator's <see cref="Note"/> on a decision, and
/// <see cref="RestDueCents"/>, what a defaulted plan leaves due at once.
/// </summary>
public sealed record PaymentPlanChanged(
    Guid EventId, DateTime OccurredOnUtc, Guid PlanId, Guid AccountId, string Status, long TotalCents, int Instalments, DateOnly? NextDueDate, int Revision,
    long FirstInstalmentCents = 0, string? Note = null, long RestDueCents = 0)
    : IIntegrationEvent;

/// <summary>
/// A filed declaration's debit was scheduled automatically (automatic debit on <see cref="Rum"/>): the SEPA pre-notification of
/// amount and date, for the entrepreneur and the receipt.
/// </summary>
public sealed record AutomaticDebitScheduled(
    Guid EventId, DateTime OccurredOnUtc, Guid PaymentId, Guid AccountId, string Period, long AmountCents, DateOnly CollectionDate, string Rum, string MaskedIban)
    : IIntegrationEvent;
