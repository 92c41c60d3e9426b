using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Urssaf.SharedKernel.Infrastructure.Messaging;

/// <summary>A message of one module's outbox or inbox that failed <see cref="MessagingOptions.MaxAttempts"/> times.</summary>
public sealed record DeadLetter(string Module, string Queue, Guid MessageId, string Type, int Attempts, string? LastError, bool ContentErased);

public enum ReplayOutcome
{
    Replayed,
    NotFound,

    /// <summary>A sensitive event whose secret was erased when it died (ADR 0040): nothing left to replay.</summary>
    ContentErased,
}

/// <summary>Backlog (unprocessed rows) and lag (seconds since the oldest due row was due) of a module's two queues.</summary>
public sealed record QueueState(string Module, int OutboxBacklog, double OutboxLagSeconds, int InboxBacklog, double InboxLagSeconds, int DeadLetters);

/// <summary>The operator's side of the queues: dead letters listed and replayed, and the queue measurements (ADR 0121).</summary>
public sealed partial class ModuleMessaging<TContext>
{
    public const string OutboxQueue = "outbox";
    public const string InboxQueue = "inbox";

    public async Task<IReadOnlyList<DeadLetter>> ListDeadLettersAsync(int max, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var limit = Options.MaxAttempts;
        var outbox = await db.OutboxMessages.AsNoTracking().Where(m => m.ProcessedOnUtc == null && m.Attempts >= limit)
            .OrderBy(m => m.NextAttemptOnUtc).Take(max)
            .Select(m => new { m.Id, m.Type, m.Attempts, m.LastError, Erased = m.Content == ErasedContent }).ToListAsync(cancellationToken);
        var inbox = await db.InboxMessages.AsNoTracking().Where(m => m.ProcessedOnUtc == null && m.Attempts >= limit)
            .OrderBy(m => m.NextAttemptOnUtc).Take(max)
            .Select(m => new { m.Id, m.Type, m.Attempts, m.LastError, Erased = m.Content == ErasedContent }).ToListAsync(cancellationToken);
        return outbox.Select(m => new DeadLetter(module, OutboxQueue, m.Id, m.Type, m.Attempts, m.LastError, m.Erased))
            .Concat(inbox.Select(m => new DeadLetter(module, InboxQueue, m.Id, m.Type, m.Attempts, m.LastError, m.Erased)))
            .Take(max).ToList();
    }

    /// <summary>
    /// One conditional update per queue: only a row still dead is revived (a concurrent replay finds nothing), with no
    /// lease, its attempts back to zero and its last error kept until it succeeds. The next relay or inbox round takes it.
    /// </summary>
    public async Task<ReplayOutcome> ReplayDeadLetterAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var limit = Options.MaxAttempts;
        var now = clock.GetUtcNow().UtcDateTime;
        if (await db.OutboxMessages.AnyAsync(m => m.Id == id && m.ProcessedOnUtc == null && m.Attempts >= limit && m.Content == ErasedContent, cancellationToken)
            || await db.InboxMessages.AnyAsync(m => m.Id == id && m.ProcessedOnUtc == null && m.Attempts >= limit && m.Content == ErasedContent, cancellationToken))
            return ReplayOutcome.ContentErased;
        var revived = await db.OutboxMessages.Where(m => m.Id == id && m.ProcessedOnUtc == null && m.Attempts >= limit)
                          .ExecuteUpdateAsync(s => s.SetProperty(m => m.Attempts, 0).SetProperty(m => m.NextAttemptOnUtc, now)
                              .SetProperty(m => m.LockedUntilUtc, (DateTime?)null), cancellationToken)
                      + await db.InboxMessages.Where(m => m.Id == id && m.ProcessedOnUtc == null && m.Attempts >= limit)
                          .ExecuteUpdateAsync(s => s.SetProperty(m => m.Attempts, 0).SetProperty(m => m.NextAttemptOnUtc, now)
                              .SetProperty(m => m.LockedUntilUtc, (DateTime?)null), cancellationToken);
        if (revived == 0) return ReplayOutcome.NotFound;
        logger.LogInformation("Dead letter {MessageId} of {Module} replayed by an operator", id, module);
        return ReplayOutcome.Replayed;
    }

    public async Task<QueueState> MeasureAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var limit = Options.MaxAttempts;
        var now = clock.GetUtcNow().UtcDateTime;
        var outbox = await db.OutboxMessages.Where(m => m.ProcessedOnUtc == null && m.Attempts < limit)
            .GroupBy(_ => 1).Select(g => new { Count = g.Count(), Oldest = g.Min(m => (DateTime?)m.NextAttemptOnUtc) }).SingleOrDefaultAsync(cancellationToken);
        var inbox = await db.InboxMessages.Where(m => m.ProcessedOnUtc == null && m.Attempts < limit)
            .GroupBy(_ => 1).Select(g => new { Count = g.Count(), Oldest = g.Min(m => (DateTime?)m.NextAttemptOnUtc) }).SingleOrDefaultAsync(cancellationToken);
        return new QueueState(module,
            outbox?.Count ?? 0, Lag(outbox?.Oldest, now),
            inbox?.Count ?? 0, Lag(inbox?.Oldest, now),
            await CountDeadLettersAsync(cancellationToken));
    }

    private static double Lag(DateTime? oldestDue, DateTime now) => oldestDue is { } due && due < now ? (now - due).TotalSeconds : 0;
}
