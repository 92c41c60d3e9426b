using Urssaf.SharedKernel.Messaging;

namespace Urssaf.Modules.Documents.Contracts.IntegrationEvents;

/// <summary>An attestation de vigilance was issued (provisional for a new business): the holder is told it is in the library.</summary>
public sealed record AttestationIssued(
    Guid EventId, DateTime OccurredOnUtc, Guid DocumentId, Guid AccountId, bool Provisional, DateOnly IssuedOn, DateOnly ValidUntil) : IIntegrationEvent;
