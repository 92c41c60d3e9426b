using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Urssaf.SharedKernel.Infrastructure.Persistence;
using Urssaf.SharedKernel.Messaging;

namespace Urssaf.SharedKernel.Infrastructure.Messaging;

/// <summary>
/// A module's inbox: stores delivered events (a second delivery of one id is a no-op) and runs this module's handlers on
/// them, under a lease re-checked inside the handling transaction (ADR 0120). It builds only this module's handlers.
/// </summary>
internal sealed class InboxConsumer<TContext>(
    string module,
    IServiceScopeFactory scopes,
    IntegrationEventRouting routing,
    IntegrationEventTypeRegistry registry,
    TimeProvider clock,
    IOptions<MessagingOptions> options,
    ILogger logger,
    SensitivePayloadProtector payloads)
    where TContext : ModuleDbContext
{
    private static readonly ConcurrentDictionary<Type, Func<object, IIntegrationEvent, CancellationToken, Task>> Invokers = new();

    private const string Savepoint = "inbox_message";

    /// <summary>How long one inbox transaction may keep the module's write lock before it commits.</summary>
    private static readonly TimeSpan MaxTransactionTime = TimeSpan.FromMilliseconds(50);

    public async Task ReceiveAsync(IReadOnlyList<Delivery> deliveries, CancellationToken cancellationToken)
    {
        if (deliveries.Count == 0) return;
        await StoreAsync(deliveries, lease: null, cancellationToken);
    }

    public async Task<int> ReceiveAndHandleAsync(IReadOnlyList<Delivery> deliveries, CancellationToken cancellationToken)
    {
        if (deliveries.Count == 0) return 0;
        // Stored already leased to this call (the claim folded into the insert): no other process takes them meanwhile
        var lease = Leases.Token(clock.GetUtcNow().UtcDateTime.AddSeconds(options.Value.LeaseSeconds));
        var stored = await StoreAsync(deliveries, lease, cancellationToken);
        if (stored.Count == 0) return 0;
        try
        {
            var pending = new Queue<Guid>(stored);
            while (pending.Count > 0) await ProcessChunkAsync(pending, lease, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Delivered all the same: the rows are in the inbox; freed for the polling instead of waiting out the lease
            logger.LogWarning("Inbox {Module}: {Count} delivered messages left to polling: {Error}", module, stored.Count, ex.GetType().Name);
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TContext>();
            await db.InboxMessages.Where(m => stored.Contains(m.Id) && m.ProcessedOnUtc == null && m.LockedUntilUtc == lease)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.LockedUntilUtc, (DateTime?)null), CancellationToken.None);
        }

        return stored.Count;
    }

    /// <summary>Inserts the deliveries not received yet, in one transaction; returns their ids in delivery order.</summary>
    private async Task<List<Guid>> StoreAsync(IReadOnlyList<Delivery> deliveries, DateTime? lease, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var ids = deliveries.Select(d => d.Id).ToList();
        var known = (await db.InboxMessages.Where(m => ids.Contains(m.Id)).Select(m => m.Id).ToListAsync(cancellationToken)).ToHashSet();
        var now = clock.GetUtcNow().UtcDateTime;
        var order = -deliveries.Count;
        var stored = new List<Guid>(deliveries.Count);
        foreach (var d in deliveries)
        {
            if (!known.Add(d.Id)) continue;
            var due = now.AddTicks(order++); // the inbox is consumed by due time: the outbox's order, all due now
            db.InboxMessages.Add(new InboxMessage { Id = d.Id, Type = d.Type, Content = d.Content, ReceivedOnUtc = now, NextAttemptOnUtc = due, LockedUntilUtc = lease });
            stored.Add(d.Id);
        }

        await db.SaveChangesAsync(cancellationToken); // a concurrent delivery of one of them fails it all: the caller retries row by row
        return stored;
    }

    public async Task ReceiveAsync(Guid id, string type, string content, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        if (await db.InboxMessages.AnyAsync(m => m.Id == id, cancellationToken)) return;
        var now = clock.GetUtcNow().UtcDateTime;
        db.InboxMessages.Add(new InboxMessage { Id = id, Type = type, Content = content, ReceivedOnUtc = now, NextAttemptOnUtc = now });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            // A concurrent delivery of the same event won the insert: that is the deduplication working.
            if (!await db.InboxMessages.AnyAsync(m => m.Id == id, cancellationToken)) throw;
        }
    }

    /// <summary>The polling path: claims due rows (left over, retried, or delivered by another process) and handles them.</summary>
    public async Task<int> ProcessDueAsync(CancellationToken cancellationToken)
    {
        List<Guid> ids;
        DateTime lease;
        await using (var claimScope = scopes.CreateAsyncScope())
        {
            var db = claimScope.ServiceProvider.GetRequiredService<TContext>();
            (ids, lease) = await MessageClaims.ClaimAsync(db, "InboxMessages", clock.GetUtcNow().UtcDateTime, options.Value, cancellationToken);
        }

        var pending = new Queue<Guid>(ids);
        while (pending.Count > 0) await ProcessChunkAsync(pending, lease, cancellationToken);
        return ids.Count;
    }

    /// <summary>
    /// Handles claimed messages in one transaction, each behind its own savepoint: a message's handler changes, their
    /// outbox rows and its mark are saved together, and a failing message rolls back to its savepoint alone and is
    /// recorded as failed. One commit (one fsync) serves many messages; it happens at least every
    /// <see cref="MaxTransactionTime"/>, so that the module's write lock is never held long (ADR 0021).
    /// </summary>
    private async Task ProcessChunkAsync(Queue<Guid> pending, DateTime lease, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var started = Stopwatch.GetTimestamp();
        while (pending.Count > 0 && Stopwatch.GetElapsedTime(started) < MaxTransactionTime)
        {
            var id = pending.Dequeue();
            await transaction.CreateSavepointAsync(Savepoint, cancellationToken);
            try
            {
                await HandleAsync(scope.ServiceProvider, db, id, lease, cancellationToken);
                await transaction.ReleaseSavepointAsync(Savepoint, cancellationToken); // savepoints do not pile up
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                await transaction.RollbackToSavepointAsync(Savepoint, cancellationToken);
                db.ChangeTracker.Clear();
                var row = await db.InboxMessages.SingleAsync(m => m.Id == id, cancellationToken);
                logger.LogWarning("Inbox {Module} message {MessageId} ({Type}) failed: {Error}", module, id, row.Type, ex.GetType().Name);
                row.Fail(ex, clock.GetUtcNow().UtcDateTime);
                MessageClaims.EraseIfDeadSecret(row, options.Value, registry);
                await db.SaveChangesAsync(cancellationToken);
            }

            db.ChangeTracker.Clear(); // the next message starts from the database, as if alone
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private async Task HandleAsync(IServiceProvider services, TContext db, Guid id, DateTime lease, CancellationToken cancellationToken)
    {
        var row = await db.InboxMessages.SingleAsync(m => m.Id == id, cancellationToken);
        // Re-checked inside the transaction: handled already, or the lease expired and another process holds it now
        if (row.ProcessedOnUtc is not null || row.LockedUntilUtc != lease) return;
        var integrationEvent = registry.Deserialize(row.Type, payloads.Open(row.Content, row.Id));
        var invoke = Invokers.GetOrAdd(integrationEvent.GetType(), CreateInvoker);
        // Only this module's handlers, built by their own type: another module's handler (and its context) is never built here
        foreach (var handlerType in routing.HandlersOf(module, integrationEvent.GetType()))
            await invoke(services.GetRequiredService(handlerType), integrationEvent, cancellationToken);
        row.Succeed(clock.GetUtcNow().UtcDateTime);
        if (integrationEvent is ISensitiveIntegrationEvent) row.Content = ModuleMessagingContent.Erased;
        await db.SaveChangesAsync(cancellationToken); // handler changes, their outbox rows and the mark: together
    }

    private static Func<object, IIntegrationEvent, CancellationToken, Task> CreateInvoker(Type eventType) =>
        typeof(InboxConsumer<TContext>).GetMethod(nameof(Invoke), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(eventType)
            .CreateDelegate<Func<object, IIntegrationEvent, CancellationToken, Task>>();

    private static Task Invoke<TEvent>(object handler, IIntegrationEvent integrationEvent, CancellationToken ct)
        where TEvent : IIntegrationEvent =>
        ((IIntegrationEventHandler<TEvent>)handler).Handle((TEvent)integrationEvent, ct);
}
