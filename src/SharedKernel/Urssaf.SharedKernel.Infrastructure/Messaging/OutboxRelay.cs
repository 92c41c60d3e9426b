using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Urssaf.SharedKernel.Infrastructure.Observability;
using Urssaf.SharedKernel.Infrastructure.Persistence;

namespace Urssaf.SharedKernel.Infrastructure.Messaging;

/// <summary>
/// Relays a module's committed outbox rows to its subscribers. One hop (ADR 0131): each subscriber receives the batch into
/// its inbox already leased to this relay and handles it at once, in one transaction; its inbox polling only picks up what
/// is left over (a crash, a failed handler). If a subscriber's batch cannot be stored, it is stored row by row, so that one
/// bad row fails alone (ADR 0021).
/// </summary>
internal sealed class OutboxRelay<TContext>(
    string module,
    IServiceScopeFactory scopes,
    IntegrationEventRouting routing,
    IntegrationEventTypeRegistry registry,
    TimeProvider clock,
    IOptions<MessagingOptions> options,
    ILogger logger,
    UrssafMetrics metrics)
    where TContext : ModuleDbContext
{
    public async Task<int> RelayAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var (ids, lease) = await MessageClaims.ClaimAsync(db, "OutboxMessages", now, options.Value, cancellationToken);
        if (ids.Count == 0) return 0;

        // Only rows still under this claim's lease (an expired lease may have been taken over since)
        var rows = await db.OutboxMessages.Where(m => ids.Contains(m.Id) && m.LockedUntilUtc == lease).OrderBy(m => m.OccurredOnUtc).ToListAsync(cancellationToken);
        var all = scope.ServiceProvider.GetServices<IModuleMessaging>().ToDictionary(m => m.Module);
        var failed = new Dictionary<Guid, Exception>();
        foreach (var group in rows.SelectMany(r => routing.SubscribersOf(r.Type).Select(s => (Subscriber: s, Row: r))).GroupBy(x => x.Subscriber))
        {
            var subscriber = all[group.Key];
            try
            {
                await subscriber.ReceiveAndHandleAsync([.. group.Select(x => new Delivery(x.Row.Id, x.Row.Type, x.Row.Content))], cancellationToken);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                foreach (var (_, row) in group)
                {
                    try
                    {
                        await subscriber.ReceiveAsync(row.Id, row.Type, row.Content, cancellationToken);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        failed.TryAdd(row.Id, ex);
                    }
                }
            }
        }

        foreach (var row in rows)
        {
            if (failed.TryGetValue(row.Id, out var ex))
            {
                row.Fail(ex, now);
                MessageClaims.EraseIfDeadSecret(row, options.Value, registry);
                logger.LogWarning("Outbox {Module} message {MessageId} ({Type}) failed, attempt {Attempts}: {Error}",
                    module, row.Id, row.Type, row.Attempts, ex.GetType().Name);
                continue;
            }

            row.Succeed(now);
            if (registry.IsSensitive(row.Type)) row.Content = ModuleMessagingContent.Erased;
        }

        await db.SaveChangesAsync(cancellationToken);
        foreach (var row in rows.Where(r => r.ProcessedOnUtc is not null)) metrics.EventRelayed(row.Type); // committed facts, counted once
        return rows.Count;
    }
}
