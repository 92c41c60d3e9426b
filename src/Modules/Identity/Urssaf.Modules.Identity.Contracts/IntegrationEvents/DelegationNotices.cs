using Urssaf.SharedKernel.Messaging;

namespace Urssaf.Modules.Identity.Contracts.IntegrationEvents;

/// <summary>The entrepreneur gave a third party access to their account: confirm it to them (who, which scopes, until when).</summary>
public sealed record DelegationGranted(
    Guid EventId, DateTime OccurredOnUtc, Guid AccountId, string FirstName, string Email, string ThirdPartyName,
    IReadOnlyList<string> Scopes, DateOnly? ExpiresOn) : IIntegrationEvent;

/// <summary>A third party used a delegation for the first time: tell the entrepreneur.</summary>
public sealed record DelegationFirstUsed(
    Guid EventId, DateTime OccurredOnUtc, Guid AccountId, string FirstName, string Email, string ThirdPartyName, string Operation)
    : IIntegrationEvent;
