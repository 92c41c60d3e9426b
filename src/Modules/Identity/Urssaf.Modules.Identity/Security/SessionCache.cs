using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Urssaf.Modules.Identity.Domain;
using Urssaf.SharedKernel.Infrastructure.Persistence;

namespace Urssaf.Modules.Identity.Security;

/// <summary>
/// Sessions found active a moment ago, so that an authenticated request does not read its session every time
/// (ADR 0021). An entry lives at most <see cref="IdentityModuleOptions.SessionCacheSeconds"/> and never past the
/// session's own idle or absolute end; a revocation removes it before the revoking request answers
/// (<see cref="SessionRevocationInterceptor"/>), so logout and revocation still take effect at once.
/// </summary>
internal sealed class SessionCache(TimeSpan lifetime)
{
    private const int MaxEntries = 200_000;
    private readonly ConcurrentDictionary<Guid, Entry> _entries = new();
    private long _revocations;

    public bool Enabled => lifetime > TimeSpan.Zero;

    /// <summary>
    /// Changes whenever a session is forgotten. A reader takes it before reading a session and passes it to
    /// <see cref="Remember"/>: if a revocation happened in between, what it read may be stale and is not cached.
    /// </summary>
    public long Generation => Interlocked.Read(ref _revocations);

    public bool IsKnownActive(Guid accountId, Guid sessionId, DateTime now) =>
        _entries.TryGetValue(sessionId, out var entry) && entry.AccountId == accountId && now < entry.ActiveUntil;

    public void Remember(Session session, DateTime now, long generationBeforeRead)
    {
        if (!Enabled || Generation != generationBeforeRead) return;
        if (_entries.Count >= MaxEntries) Sweep(now);
        var until = new[] { session.AbsoluteExpiresOnUtc, session.LastRefreshedOnUtc + session.IdleTimeout, now + lifetime }.Min();
        _entries[session.Id] = new Entry(session.AccountId.Value, until);
        // a revocation that ran while this entry was written wins: forget it again
        if (Generation != generationBeforeRead) _entries.TryRemove(session.Id, out _);
    }

    public void Forget(Guid sessionId)
    {
        Interlocked.Increment(ref _revocations);
        _entries.TryRemove(sessionId, out _);
    }

    private void Sweep(DateTime now)
    {
        foreach (var (id, entry) in _entries)
            if (entry.ActiveUntil <= now) _entries.TryRemove(id, out _);
        if (_entries.Count >= MaxEntries) _entries.Clear(); // all recent: start again rather than grow without bound
    }

    private readonly record struct Entry(Guid AccountId, DateTime ActiveUntil);
}

/// <summary>
/// Forgets every session a save revokes, whatever feature revoked it: once before the save (no stale entry while
/// it commits) and once after (a request that re-read the session before the commit cannot keep it cached).
/// </summary>
internal sealed class SessionRevocationInterceptor(SessionCache cache) : BeforeSaveInterceptor
{
    protected override void BeforeSave(DbContext context) => ForgetRevoked(context);

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        ForgetRevoked(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        ForgetRevoked(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private void ForgetRevoked(DbContext? context)
    {
        if (context is null || !cache.Enabled) return;
        foreach (var entry in context.ChangeTracker.Entries<Session>())
            if (entry.Entity.RevokedOnUtc is not null) cache.Forget(entry.Entity.Id);
    }
}
