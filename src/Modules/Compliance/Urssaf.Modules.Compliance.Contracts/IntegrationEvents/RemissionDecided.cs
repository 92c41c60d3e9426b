using Urssaf.SharedKernel.Messaging;

namespace Urssaf.Modules.Compliance.Contracts.IntegrationEvents;

/// <summary>
/// An operator decided a request for remission of late-payment majorations (CSS R243-20): <see cref="GrantedCents"/> remitted
/// (0 when refused), <see cref="RemainingCents"/> still owed on the majoration. Notifications tells the entrepreneur.
/// </summary>
public sealed record RemissionDecided(
    Guid EventId,
    DateTime OccurredOnUtc,
    Guid RequestId,
    Guid PenaltyId,
    Guid AccountId,
    string Period,
    bool Granted,
    long GrantedCents,
    long RemainingCents,
    string? Note) : IIntegrationEvent;
