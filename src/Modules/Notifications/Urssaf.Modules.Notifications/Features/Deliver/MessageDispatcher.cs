using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Quartz;
using Urssaf.Modules.Notifications.Channels;
using Urssaf.Modules.Notifications.Domain;
using Urssaf.Modules.Notifications.Persistence;
using Urssaf.SharedKernel.Infrastructure.Messaging;

namespace Urssaf.Modules.Notifications.Features.Deliver;

/// <summary>
/// Sends the due messages through their channel and records the outcome; failures are retried with backoff
/// and end as failed with their last error. Run by a Quartz job, and by the message drainer in tests.
/// </summary>
internal sealed class MessageDispatcher(IServiceScopeFactory scopes, IEmailChannel email, ISmsChannel sms, TimeProvider clock,
    Microsoft.Extensions.Options.IOptions<NotificationOptions> options, ILogger<MessageDispatcher> logger, SensitivePayloadProtector payloads) : IDeliveryWork
{
    private const int BatchSize = 100;

    public async Task<int> DeliverDueAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationsDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var due = await db.OutgoingMessages
            .Where(m => m.Status == DeliveryStatus.Pending && m.NextAttemptOnUtc <= now)
            .OrderBy(m => m.NextAttemptOnUtc).Take(BatchSize).ToListAsync(cancellationToken);
        foreach (var message in due)
        {
            try
            {
                message.Render();
                message.OpenBodies(text => payloads.OpenText(text, message.Id.ToString("N"))); // sealed again if the send fails
                var providerId = message.Channel == Channel.Email
                    ? await email.SendAsync(message, cancellationToken)
                    : await sms.SendAsync(message, cancellationToken);
                message.Sent(providerId, now);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                message.FailedAttempt($"{ex.GetType().Name}: {ex.Message}", now, options.Value.MaxDeliveryAttempts);
                logger.LogWarning("Delivery of message {MessageId} ({Channel}, {Topic}) failed, attempt {Attempts}: {Error}",
                    message.Id, message.Channel, message.Topic, message.Attempts, ex.GetType().Name);
            }

            await db.SaveChangesAsync(cancellationToken); // one message at a time: a crash never re-sends a recorded delivery
        }

        return due.Count;
    }
}

[DisallowConcurrentExecution]
internal sealed class DeliverMessagesJob(MessageDispatcher dispatcher) : IJob
{
    public static readonly JobKey Key = new("notifications-delivery", "notifications");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        while (await dispatcher.DeliverDueAsync(cancellationToken) > 0) { }
    }
}
