using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Urssaf.SharedKernel.Infrastructure.Observability;
using Urssaf.SharedKernel.Infrastructure.Persistence;
using Urssaf.SharedKernel.Messaging;

namespace Urssaf.SharedKernel.Infrastructure.Messaging;

/// <summary>One module's messaging: relays its outbox, receives into its inbox, consumes its inbox.</summary>
public interface IModuleMessaging
{
    string Module { get; }

    /// <summary>Relays one batch of outbox rows to the subscribers' inboxes; returns how many rows it handled.</summary>
    Task<int> RelayOutboxAsync(CancellationToken cancellationToken);

    /// <summary>Runs the module's handlers on one batch of inbox rows; returns how many rows it handled.</summary>
    Task<int> ProcessInboxAsync(CancellationToken cancellationToken);

    /// <summary>Stores a delivered event in this module's inbox; a second delivery of the same id is a no-op.</summary>
    Task ReceiveAsync(Guid id, string type, string content, CancellationToken cancellationToken);

    /// <summary>Stores several delivered events in one transaction; those already received are skipped.</summary>
    Task ReceiveAsync(IReadOnlyList<Delivery> deliveries, CancellationToken cancellationToken);

    /// <summary>Deletes processed messages older than the retention and expired idempotency records.</summary>
    Task<int> CleanupAsync(CancellationToken cancellationToken);

    /// <summary>Rows that reached the attempt limit.</summary>
    Task<int> CountDeadLettersAsync(CancellationToken cancellationToken);

    /// <summary>The dead letters of this module's outbox and inbox, oldest first (at most <paramref name="max"/>).</summary>
    Task<IReadOnlyList<DeadLetter>> ListDeadLettersAsync(int max, CancellationToken cancellationToken);

    /// <summary>Gives one dead letter a fresh set of attempts, due now; what it says happened to it.</summary>
    Task<ReplayOutcome> ReplayDeadLetterAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Unprocessed rows and the age of the oldest due one, per queue: the backlog and lag metrics.</summary>
    Task<QueueState> MeasureAsync(CancellationToken cancellationToken);

    /// <summary>Ends every lease on unprocessed rows: only for a single host starting, whose previous process died holding them.</summary>
    Task<int> ReleaseLeasesAsync(CancellationToken cancellationToken);
}

/// <summary>One event handed to a subscriber's inbox.</summary>
public sealed record Delivery(Guid Id, string Type, string Content);

public sealed partial class ModuleMessaging<TContext>(
    string module,
    IServiceScopeFactory scopes,
    IntegrationEventRouting routing,
    IntegrationEventTypeRegistry registry,
    TimeProvider clock,
    IOptions<MessagingOptions> options,
    ILogger<ModuleMessaging<TContext>> logger,
    SensitivePayloadProtector payloads,
    UrssafMetrics metrics) : IModuleMessaging
    where TContext : ModuleDbContext
{
    private static readonly ConcurrentDictionary<Type, Func<object, IIntegrationEvent, CancellationToken, Task>> Invokers = new();

    /// <summary>What remains of a sensitive event's content once it has been handled.</summary>
    public const string ErasedContent = "{\"erased\":true}";

    public string Module => module;

    private MessagingOptions Options => options.Value;

    public async Task<int> RelayOutboxAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var (ids, lease) = await ClaimAsync(db, "OutboxMessages", now, cancellationToken);
        if (ids.Count == 0) return 0;

        // Only rows still under this claim's lease (an expired lease may have been taken over since)
        var rows = await db.OutboxMessages.Where(m => ids.Contains(m.Id) && m.LockedUntilUtc == lease).OrderBy(m => m.OccurredOnUtc).ToListAsync(cancellationToken);
        var all = scope.ServiceProvider.GetServices<IModuleMessaging>().ToDictionary(m => m.Module);
        var failed = new Dictionary<Guid, Exception>();
        // One transaction per subscriber for the whole batch; if it fails, row by row, so that one bad row fails alone.
        foreach (var group in rows.SelectMany(r => routing.SubscribersOf(r.Type).Select(s => (Subscriber: s, Row: r))).GroupBy(x => x.Subscriber))
        {
            var subscriber = all[group.Key];
            try
            {
                await subscriber.ReceiveAsync([.. group.Select(x => new Delivery(x.Row.Id, x.Row.Type, x.Row.Content))], cancellationToken);
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
                EraseIfDeadSecret(row);
                logger.LogWarning("Outbox {Module} message {MessageId} ({Type}) failed, attempt {Attempts}: {Error}",
                    module, row.Id, row.Type, row.Attempts, ex.GetType().Name);
                continue;
            }

            row.Succeed(now);
            if (registry.IsSensitive(row.Type)) row.Content = ErasedContent;
        }

        await db.SaveChangesAsync(cancellationToken);
        foreach (var row in rows.Where(r => r.ProcessedOnUtc is not null)) metrics.EventRelayed(row.Type); // committed facts, counted once
        return rows.Count;
    }

    public async Task ReceiveAsync(IReadOnlyList<Delivery> deliveries, CancellationToken cancellationToken)
    {
        if (deliveries.Count == 0) return;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var ids = deliveries.Select(d => d.Id).ToList();
        var known = (await db.InboxMessages.Where(m => ids.Contains(m.Id)).Select(m => m.Id).ToListAsync(cancellationToken)).ToHashSet();
        var now = clock.GetUtcNow().UtcDateTime;
        var order = -deliveries.Count;
        foreach (var d in deliveries)
        {
            if (!known.Add(d.Id)) continue;
            var due = now.AddTicks(order++); // the inbox is consumed by due time: the outbox's order, all due now
            db.InboxMessages.Add(new InboxMessage { Id = d.Id, Type = d.Type, Content = d.Content, ReceivedOnUtc = now, NextAttemptOnUtc = due });
        }

        await db.SaveChangesAsync(cancellationToken); // a concurrent delivery of one of them fails it all: the caller retries row by row
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

    public async Task<int> ProcessInboxAsync(CancellationToken cancellationToken)
    {
        List<Guid> ids;
        DateTime lease;
        await using (var claimScope = scopes.CreateAsyncScope())
        {
            var db = claimScope.ServiceProvider.GetRequiredService<TContext>();
            (ids, lease) = await ClaimAsync(db, "InboxMessages", clock.GetUtcNow().UtcDateTime, cancellationToken);
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
                EraseIfDeadSecret(row);
                await db.SaveChangesAsync(cancellationToken);
            }

            db.ChangeTracker.Clear(); // the next message starts from the database, as if alone
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private const string Savepoint = "inbox_message";

    /// <summary>How long one inbox transaction may keep the module's write lock before it commits.</summary>
    private static readonly TimeSpan MaxTransactionTime = TimeSpan.FromMilliseconds(50);

    private async Task HandleAsync(IServiceProvider services, TContext db, Guid id, DateTime lease, CancellationToken cancellationToken)
    {
        var row = await db.InboxMessages.SingleAsync(m => m.Id == id, cancellationToken);
        // Re-checked inside the transaction: handled already, or the lease expired and another process holds it now
        if (row.ProcessedOnUtc is not null || row.LockedUntilUtc != lease) return;
        var integrationEvent = registry.Deserialize(row.Type, payloads.Open(row.Content, row.Id));
        var handlerType = typeof(IIntegrationEventHandler<>).MakeGenericType(integrationEvent.GetType());
        var invoke = Invokers.GetOrAdd(integrationEvent.GetType(), CreateInvoker);
        // Only this module's handlers: the container is shared, and another module's handler must run in its own inbox and transaction.
        var mine = routing.HandlerTypesOf(module, integrationEvent.GetType());
        foreach (var handler in services.GetServices(handlerType).Where(h => mine.Contains(h!.GetType())))
            await invoke(handler!, integrationEvent, cancellationToken);
        row.Succeed(clock.GetUtcNow().UtcDateTime);
        if (integrationEvent is ISensitiveIntegrationEvent) row.Content = ErasedContent;
        await db.SaveChangesAsync(cancellationToken); // handler changes, their outbox rows and the mark: together
    }

    /// <summary>A sensitive event (a code, a link, half a password) that will not be retried is a dead letter without its secret.</summary>
    private void EraseIfDeadSecret(MessageRow row)
    {
        if (row.Attempts >= Options.MaxAttempts && registry.IsSensitive(row.Type)) row.Content = ErasedContent;
    }

    public async Task<int> CleanupAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var limit = clock.GetUtcNow().UtcDateTime.AddDays(-Options.RetentionDays);
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.OutboxMessages.Where(m => m.ProcessedOnUtc < limit).ExecuteDeleteAsync(cancellationToken)
             + await db.InboxMessages.Where(m => m.ProcessedOnUtc < limit).ExecuteDeleteAsync(cancellationToken)
             + await db.IdempotencyRecords.Where(r => r.ExpiresOnUtc <= now).ExecuteDeleteAsync(cancellationToken);
    }

    public async Task<int> ReleaseLeasesAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        return await db.OutboxMessages.Where(m => m.ProcessedOnUtc == null && m.LockedUntilUtc != null)
                   .ExecuteUpdateAsync(s => s.SetProperty(m => m.LockedUntilUtc, (DateTime?)null), cancellationToken)
             + await db.InboxMessages.Where(m => m.ProcessedOnUtc == null && m.LockedUntilUtc != null)
                   .ExecuteUpdateAsync(s => s.SetProperty(m => m.LockedUntilUtc, (DateTime?)null), cancellationToken);
    }

    public async Task<int> CountDeadLettersAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var max = Options.MaxAttempts;
        return await db.OutboxMessages.CountAsync(m => m.ProcessedOnUtc == null && m.Attempts >= max, cancellationToken)
             + await db.InboxMessages.CountAsync(m => m.ProcessedOnUtc == null && m.Attempts >= max, cancellationToken);
    }

    /// <summary>
    /// Reserves a batch of due rows with a lease, so that several processes (two hosts, or the server beside the
    /// <c>drain</c> verb) never process the same row at once. The claim is ONE conditional statement that re-checks
    /// the lease as it writes it and returns only the rows it changed: SQL Server with <c>UPDLOCK, READPAST</c> and
    /// <c>OUTPUT</c>, SQLite with <c>UPDATE … RETURNING</c> under its single writer lock (ADR 0120).
    /// The lease value is unique to this claim and serves as its owner token.
    /// </summary>
    private async Task<(List<Guid> Ids, DateTime Lease)> ClaimAsync(TContext db, string table, DateTime now, CancellationToken ct)
    {
        var lease = Leases.Token(now.AddSeconds(Options.LeaseSeconds));
        var max = Options.MaxAttempts;
        var sql = db.Database.IsSqlServer() ? SqlServerClaim(db.SchemaName, table) : SqliteClaim(table);
        var ids = await db.Database.SqlQueryRaw<Guid>(sql, Leases.Parameters(db, ("@batch", Options.BatchSize), ("@max", max), ("@now", now), ("@lease", lease)))
            .ToListAsync(ct);
        return (ids, lease);
    }

    /// <summary>The SQLite claim: one statement, so no other process can claim between the check and the write.</summary>
    public static string SqliteClaim(string table) => $"""
        UPDATE "{table}" SET "LockedUntilUtc" = @lease
        WHERE "Id" IN (
            SELECT "Id" FROM "{table}"
            WHERE "ProcessedOnUtc" IS NULL AND "Attempts" < @max AND "NextAttemptOnUtc" <= @now
              AND ("LockedUntilUtc" IS NULL OR "LockedUntilUtc" < @now)
            ORDER BY "NextAttemptOnUtc" LIMIT @batch)
          AND ("LockedUntilUtc" IS NULL OR "LockedUntilUtc" < @now)
        RETURNING "Id" AS "Value";
        """;

    /// <summary>The SQL Server claim; public so a test can parse it with the T-SQL parser.</summary>
    public static string SqlServerClaim(string schema, string table) => $"""
        WITH batch AS (
            SELECT TOP (@batch) * FROM [{schema}].[{table}] WITH (UPDLOCK, READPAST, ROWLOCK)
            WHERE [ProcessedOnUtc] IS NULL AND [Attempts] < @max AND [NextAttemptOnUtc] <= @now
              AND ([LockedUntilUtc] IS NULL OR [LockedUntilUtc] < @now)
            ORDER BY [NextAttemptOnUtc])
        UPDATE batch SET [LockedUntilUtc] = @lease
        OUTPUT inserted.[Id] AS [Value];
        """;

    private static Func<object, IIntegrationEvent, CancellationToken, Task> CreateInvoker(Type eventType) =>
        typeof(ModuleMessaging<TContext>).GetMethod(nameof(Invoke), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(eventType)
            .CreateDelegate<Func<object, IIntegrationEvent, CancellationToken, Task>>();

    private static Task Invoke<TEvent>(object handler, IIntegrationEvent integrationEvent, CancellationToken ct)
        where TEvent : IIntegrationEvent =>
        ((IIntegrationEventHandler<TEvent>)handler).Handle((TEvent)integrationEvent, ct);
}
