using Urssaf.SharedKernel.Messaging;

namespace Urssaf.Modules.Compliance.Contracts.IntegrationEvents;

/// <summary>
/// A penalty was assessed, or its amount grew (late-payment majorations accrue per month, CSS R243-16 II).
/// <see cref="Kind"/> is <c>late_declaration</c> (CSS R613-9) or <c>late_payment</c> (CSS R243-16). Payments keeps one
/// obligation per penalty (the highest <see cref="Version"/> wins); Notifications tells the entrepreneur.
/// </summary>
public sealed record PenaltyAssessed(
    Guid EventId,
    DateTime OccurredOnUtc,
    Guid PenaltyId,
    Guid AccountId,
    string Kind,
    string Period,
    long AmountCents,
    long PreviousAmountCents,
    DateOnly DueDate,
    string LegalReference,
    int Version) : IIntegrationEvent;
