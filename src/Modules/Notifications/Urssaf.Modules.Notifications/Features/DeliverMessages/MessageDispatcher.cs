using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Quartz;
using Urssaf.Modules.Notifications.Channels;
using Urssaf.Modules.Notifications.Domain;
using Urssaf.Modules.Notifications.Persistence;
using Urssaf.SharedKernel.Infrastructure.Messaging;
using Urssaf.SharedKernel.Infrastructure.Observability;


namespace Urssaf.Modules.Notifications.Features.DeliverMessages;

/// <summary>
/// Sends the due messages through their channel and records the outcome; failures are retried with backoff
/// and end as failed with their last error. Run by a Quartz job, and by the message drainer in tests.
/// Several processes may run it at once (the server beside the <c>drain</c> verb, several hosts): each batch is claimed
/// by one conditional statement that moves its next attempt past a lease, saved before anything is sent (ADR 0120).
/// A crash between a send and its record re-sends after the lease with the same Message-ID (e-mail) or reference (SMS),
/// which the gateway uses to drop the duplicate.
/// </summary>
internal sealed class MessageDispatcher(IServiceScopeFactory scopes, IEmailChannel email, ISmsChannel sms, TimeProvider clock,
    Microsoft.Extensions.Options.IOptions<NotificationOptions> options, ILogger<MessageDispatcher> logger, SensitivePayloadProtector payloads) : IDeliveryWork
{
    private const int BatchSize = 20;

    public async Task<int> DeliverDueAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationsDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var leaseTime = TimeSpan.FromSeconds(Math.Max(1, options.Value.DeliveryLeaseSeconds));
        var lease = Leases.Token(now + leaseTime);
        var sql = db.Database.IsSqlServer() ? SqlServerClaim : SqliteClaim;
        var ids = await db.Database.SqlQueryRaw<Guid>(sql, Leases.Parameters(db, ("@batch", BatchSize), ("@now", now), ("@lease", lease)))
            .ToListAsync(cancellationToken);
        if (ids.Count == 0) return 0;

        var claimed = await db.OutgoingMessages.Where(m => ids.Contains(m.Id)).OrderBy(m => m.CreatedOnUtc).ToListAsync(cancellationToken);
        foreach (var message in claimed)
        {
            // Still ours, with time left for one send: otherwise left to whoever claims it after the lease
            if (message.Status != DeliveryStatus.Pending || message.NextAttemptOnUtc != lease) continue;
            var sendingAt = clock.GetUtcNow().UtcDateTime;
            if (lease - sendingAt < leaseTime / 2) continue;
            try
            {
                message.Render();
                message.OpenBodies(text => payloads.OpenText(text, message.Id.ToString("N"))); // sealed again if the send fails
                var providerId = message.Channel == Channel.Email
                    ? await email.SendAsync(message, cancellationToken)
                    : await sms.SendAsync(message, cancellationToken);
                message.Sent(providerId, sendingAt);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested) // a gateway timeout is a failed attempt
            {
                message.FailedAttempt($"{ex.GetType().Name}: {ex.Message}", sendingAt, options.Value.MaxDeliveryAttempts);
                logger.LogWarning("Delivery of message {MessageId} ({Channel}, {Topic}) failed, attempt {Attempts}: {Error}",
                    message.Id, message.Channel, message.Topic, message.Attempts, ex.GetType().Name);
            }

            await db.SaveChangesAsync(cancellationToken); // one message at a time: a crash re-sends at most the one in flight
        }

        return claimed.Count;
    }

    /// <summary>SQLite: one statement under the single writer lock re-checks and moves the batch past the lease.</summary>
    public const string SqliteClaim = """
        UPDATE "OutgoingMessages" SET "NextAttemptOnUtc" = @lease
        WHERE "Id" IN (
            SELECT "Id" FROM "OutgoingMessages" WHERE "Status" = 'Pending' AND "NextAttemptOnUtc" <= @now
            ORDER BY "NextAttemptOnUtc" LIMIT @batch)
          AND "Status" = 'Pending' AND "NextAttemptOnUtc" <= @now
        RETURNING "Id" AS "Value";
        """;

    /// <summary>SQL Server: rows another host holds are skipped (<c>READPAST</c>), the update returns what it claimed.</summary>
    public const string SqlServerClaim = $"""
        WITH batch AS (
            SELECT TOP (@batch) * FROM [{NotificationsDbContext.Schema}].[OutgoingMessages] WITH (UPDLOCK, READPAST, ROWLOCK)
            WHERE [Status] = N'Pending' AND [NextAttemptOnUtc] <= @now
            ORDER BY [NextAttemptOnUtc])
        UPDATE batch SET [NextAttemptOnUtc] = @lease
        OUTPUT inserted.[Id] AS [Value];
        """;
}

[DisallowConcurrentExecution]
internal sealed class DeliverMessagesJob(MessageDispatcher dispatcher, UrssafMetrics metrics) : IJob
{
    public static readonly JobKey Key = new("notifications-delivery", "notifications");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await metrics.TimeJobAsync(Key.Name, async () =>
        {
            var handled = 0;
            for (int n; (n = await dispatcher.DeliverDueAsync(cancellationToken)) > 0;) handled += n;
            return handled;
        });
}
