using Urssaf.Modules.Identity.Contracts.IntegrationEvents;
using Urssaf.Modules.Notifications.Domain;
using Urssaf.Modules.Notifications.Persistence;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Messaging;
using Urssaf.Modules.Notifications.Features.Shared;

namespace Urssaf.Modules.Notifications.Features.DeliverMessages;

/// <summary>A new delegation: confirm to the entrepreneur who may act for them, and how far.</summary>
internal sealed class DelegationGrantedHandler(NotificationsDbContext db, TimeProvider clock) : IIntegrationEventHandler<DelegationGranted>
{
    public Task Handle(DelegationGranted e, CancellationToken cancellationToken) =>
        Queue.AddForTopicAsync(db, e.EventId, new AccountId(e.AccountId), Topics.SecurityAlerts, e.Email,
            Templates.DelegationGranted(e.FirstName, e.ThirdPartyName, e.Scopes, e.ExpiresOn), clock.GetUtcNow().UtcDateTime, cancellationToken);
}

/// <summary>A third party's first call under a delegation: tell the entrepreneur.</summary>
internal sealed class DelegationFirstUsedHandler(NotificationsDbContext db, TimeProvider clock) : IIntegrationEventHandler<DelegationFirstUsed>
{
    public Task Handle(DelegationFirstUsed e, CancellationToken cancellationToken) =>
        Queue.AddForTopicAsync(db, e.EventId, new AccountId(e.AccountId), Topics.SecurityAlerts, e.Email,
            Templates.DelegationFirstUsed(e.FirstName, e.ThirdPartyName, e.OccurredOnUtc), clock.GetUtcNow().UtcDateTime, cancellationToken);
}
