using Microsoft.Extensions.Options;
using Urssaf.Modules.Identity.Contracts.IntegrationEvents;
using Urssaf.Modules.Notifications.Channels;
using Urssaf.Modules.Notifications.Domain;
using Urssaf.Modules.Notifications.Persistence;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Messaging;
using Urssaf.Modules.Notifications.Features.Shared;

namespace Urssaf.Modules.Notifications.Features.DeliverMessages;

internal sealed class RecoveryEmailRequestedHandler(NotificationsDbContext db, IOptions<NotificationOptions> options, TimeProvider clock)
    : IIntegrationEventHandler<RecoveryEmailRequested>
{
    public Task Handle(RecoveryEmailRequested e, CancellationToken cancellationToken)
    {
        var content = Templates.RecoveryEmail(e.FirstName, options.Value.LinkWithToken("recovery", e.Token), e.ExpiresAtUtc);
        return Queue.AddEmailAsync(db, e.EventId, new AccountId(e.AccountId), Topics.SecurityAlerts, e.Email, content,
            clock.GetUtcNow().UtcDateTime, cancellationToken, sensitive: true);
    }
}

internal sealed class RecoverySmsRequestedHandler(NotificationsDbContext db, TimeProvider clock) : IIntegrationEventHandler<RecoverySmsRequested>
{
    public Task Handle(RecoverySmsRequested e, CancellationToken cancellationToken) =>
        Queue.AddSmsAsync(db, e.EventId, new AccountId(e.AccountId), Topics.SecurityAlerts, e.MobilePhone,
            Templates.RecoverySms(e.Code), clock.GetUtcNow().UtcDateTime, cancellationToken, sensitive: true);
}

/// <summary>Each half of the temporary password on its own channel (the binding decision), each from its own event: the first by SMS.</summary>
internal sealed class TemporaryPasswordSmsRequestedHandler(NotificationsDbContext db, TimeProvider clock)
    : IIntegrationEventHandler<TemporaryPasswordSmsRequested>
{
    public Task Handle(TemporaryPasswordSmsRequested e, CancellationToken cancellationToken) =>
        Queue.AddSmsAsync(db, e.EventId, new AccountId(e.AccountId), Topics.SecurityAlerts, e.MobilePhone,
            Templates.TemporaryPasswordFirstHalf(e.FirstHalf), clock.GetUtcNow().UtcDateTime, cancellationToken, sensitive: true);
}

/// <summary>The second half of the temporary password, by e-mail.</summary>
internal sealed class TemporaryPasswordEmailRequestedHandler(NotificationsDbContext db, TimeProvider clock)
    : IIntegrationEventHandler<TemporaryPasswordEmailRequested>
{
    public Task Handle(TemporaryPasswordEmailRequested e, CancellationToken cancellationToken)
    {
        var content = Templates.TemporaryPasswordSecondHalf(e.FirstName, e.SecondHalf, e.ExpiresAtUtc);
        return Queue.AddEmailAsync(db, e.EventId, new AccountId(e.AccountId), Topics.SecurityAlerts, e.Email, content,
            clock.GetUtcNow().UtcDateTime, cancellationToken, sensitive: true);
    }
}

internal sealed class PasswordChangedHandler(NotificationsDbContext db, TimeProvider clock) : IIntegrationEventHandler<PasswordChanged>
{
    public Task Handle(PasswordChanged e, CancellationToken cancellationToken)
    {
        return Queue.AddForTopicAsync(db, e.EventId, new AccountId(e.AccountId), Topics.SecurityAlerts, e.Email,
            Templates.PasswordChanged(e.FirstName), clock.GetUtcNow().UtcDateTime, cancellationToken);
    }
}

internal sealed class SuspiciousLoginDetectedHandler(NotificationsDbContext db, TimeProvider clock) : IIntegrationEventHandler<SuspiciousLoginDetected>
{
    public Task Handle(SuspiciousLoginDetected e, CancellationToken cancellationToken)
    {
        return Queue.AddForTopicAsync(db, e.EventId, new AccountId(e.AccountId), Topics.SecurityAlerts, e.Email,
            Templates.SuspiciousLogin(e.FirstName, e.OccurredOnUtc, e.UserAgent), clock.GetUtcNow().UtcDateTime, cancellationToken);
    }
}

/// <summary>A passkey added, deleted or refused as a copy: a security notice to the owner.</summary>
internal sealed class PasskeyChangedHandler(NotificationsDbContext db, TimeProvider clock) : IIntegrationEventHandler<PasskeyChanged>
{
    public Task Handle(PasskeyChanged e, CancellationToken cancellationToken) =>
        Queue.AddForTopicAsync(db, e.EventId, new AccountId(e.AccountId), Topics.SecurityAlerts, e.Email,
            Templates.PasskeyChanged(e.FirstName, e.Change, e.PasskeyName, e.OccurredOnUtc), clock.GetUtcNow().UtcDateTime, cancellationToken);
}
