using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Urssaf.Modules.Identity.Domain;
using Urssaf.Modules.Identity.Persistence;

namespace Urssaf.Modules.Identity.Security;

/// <summary>
/// The password path's throttle (<see cref="LoginThrottle"/>). An attempt first takes its place in every count by a
/// conditional UPDATE (compare-and-set), and only then is the password checked: fifty parallel guesses are each
/// counted or refused, never lost, and none slips past the delay or the lock.
/// </summary>
internal sealed class PasswordAttempts(IdentityDbContext db)
{
    private const int MaxRaces = 8;

    /// <summary>
    /// The subjects one attempt counts against: per client network, and account-wide (the ceiling). Unknown logins
    /// have both too, keyed by their HMAC, so that a ceiling never tells a real account from an unknown login.
    /// </summary>
    public static string[] Subjects(string login, string? ipAddress) =>
        [LoginThrottle.NetworkSubject(login, ClientNetworks.Of(ipAddress)), LoginThrottle.CeilingSubject(login)];

    /// <summary>Set by <see cref="ReserveAsync"/> when this attempt's place reached a lock: if it fails, the owner is told once.</summary>
    private bool _reachedLock;

    /// <summary>The failures counted from this network before this attempt (0 when none).</summary>
    public async Task<int> FailuresAsync(string[] subjects, CancellationToken ct)
    {
        var network = subjects[0];
        return await db.LoginThrottles.AsNoTracking().Where(t => t.SubjectKey == network).Select(t => t.ConsecutiveFailures).SingleOrDefaultAsync(ct);
    }

    /// <summary>
    /// Takes this attempt's place in every count; returns null when taken, or until when the password path is closed
    /// (the delay, the network's lock or the ceiling) — then nothing was counted. The place that reaches a threshold
    /// writes the lock in the same UPDATE, so a lock always has an end, even if the request dies before its check.
    /// </summary>
    public async Task<DateTime?> ReserveAsync(string[] subjects, DateTime now, CancellationToken ct)
    {
        if (await ReserveNetworkAsync(subjects[0], now, ct) is { } until) return until;
        var ceiling = subjects[1];
        await EnsureRowAsync(ceiling, ct);
        var lockUntil = now + LoginThrottle.LockDuration;
        var taken = await db.LoginThrottles
            .Where(t => t.SubjectKey == ceiling && ((t.LockedUntilUtc != null && t.LockedUntilUtc <= now)
                                                  || (t.LockedUntilUtc == null && t.ConsecutiveFailures < LoginThrottle.CeilingFailures)))
            .ExecuteUpdateAsync(u => u
                .SetProperty(t => t.ConsecutiveFailures, t => t.LockedUntilUtc != null ? 1 : t.ConsecutiveFailures + 1)
                .SetProperty(t => t.LockedUntilUtc, t => t.LockedUntilUtc == null && t.ConsecutiveFailures + 1 >= LoginThrottle.CeilingFailures
                    ? lockUntil : (DateTime?)null)
                .SetProperty(t => t.LastFailureOnUtc, now), ct);
        if (taken == 1)
        {
            _reachedLock |= await db.LoginThrottles.AsNoTracking().AnyAsync(t => t.SubjectKey == ceiling && t.LockedUntilUtc == lockUntil
                && t.ConsecutiveFailures == LoginThrottle.CeilingFailures, ct);
            return null;
        }

        await ReleaseAsync(subjects[0], ct); // not tried: give the network's place back
        var locked = await db.LoginThrottles.AsNoTracking().Where(t => t.SubjectKey == ceiling).Select(t => t.LockedUntilUtc).SingleAsync(ct);
        return locked ?? lockUntil;
    }

    private async Task<DateTime?> ReserveNetworkAsync(string subject, DateTime now, CancellationToken ct)
    {
        await EnsureRowAsync(subject, ct);
        for (var race = 0; race < MaxRaces; race++)
        {
            var row = await db.LoginThrottles.AsNoTracking().SingleAsync(t => t.SubjectKey == subject, ct);
            var expired = row.LockedUntilUtc is { } locked ? locked <= now
                : row.ConsecutiveFailures >= LoginThrottle.LockAfterFailures; // a count left at its threshold without a lock (older rows)
            if (!expired && row.NextAttemptAllowedUtc(progressive: true) is { } next && next > now) return next;

            var (failures, last, lockedUntil) = (row.ConsecutiveFailures, row.LastFailureOnUtc, row.LockedUntilUtc);
            var count = expired ? 1 : failures + 1;
            DateTime? newLock = count >= LoginThrottle.LockAfterFailures ? now + LoginThrottle.LockDuration : null;
            if (await db.LoginThrottles
                    .Where(t => t.SubjectKey == subject && t.ConsecutiveFailures == failures && t.LastFailureOnUtc == last && t.LockedUntilUtc == lockedUntil)
                    .ExecuteUpdateAsync(u => u.SetProperty(t => t.ConsecutiveFailures, count).SetProperty(t => t.LastFailureOnUtc, now)
                        .SetProperty(t => t.LockedUntilUtc, newLock), ct) == 1)
            {
                _reachedLock |= newLock is not null;
                return null;
            }
        }

        return now.AddSeconds(1); // lost every race: too many parallel attempts, try again shortly
    }

    private Task ReleaseAsync(string subject, CancellationToken ct) =>
        db.LoginThrottles.Where(t => t.SubjectKey == subject && t.ConsecutiveFailures > 0)
            .ExecuteUpdateAsync(u => u.SetProperty(t => t.ConsecutiveFailures, t => t.ConsecutiveFailures - 1)
                .SetProperty(t => t.LockedUntilUtc, t => t.ConsecutiveFailures - 1 >= LoginThrottle.LockAfterFailures ? t.LockedUntilUtc : null), ct);

    /// <summary>
    /// The secret was wrong: its counted place stays (and a lock it reached stays). Returns true when this failure is
    /// the one that locked the network or the ceiling: tell the owner once.
    /// </summary>
    public bool Failed() => _reachedLock;

    /// <summary>
    /// A success from this network clears its count and the account-wide one. It runs to its end even if the caller
    /// has gone (no token): a success must not leave a count or lock behind.
    /// </summary>
    public Task SucceededAsync(string[] subjects) =>
        db.LoginThrottles.Where(t => subjects.Contains(t.SubjectKey) && (t.ConsecutiveFailures > 0 || t.LockedUntilUtc != null))
            .ExecuteUpdateAsync(u => u.SetProperty(t => t.ConsecutiveFailures, 0).SetProperty(t => t.LastFailureOnUtc, (DateTime?)null)
                .SetProperty(t => t.LockedUntilUtc, (DateTime?)null), CancellationToken.None);

    /// <summary>Inserts the subject's row unless it exists; a parallel insert of the same row is not an error.</summary>
    private async Task EnsureRowAsync(string subject, CancellationToken ct)
    {
        if (await db.LoginThrottles.AsNoTracking().AnyAsync(t => t.SubjectKey == subject, ct)) return;
        var entity = db.Model.FindEntityType(typeof(LoginThrottle))!;
        var table = db.GetService<ISqlGenerationHelper>().DelimitIdentifier(entity.GetTableName()!, entity.GetSchema());
        // the table name comes from the model, the subject is a parameter
#pragma warning disable EF1002, EF1003
        if (db.Database.ProviderName == "Microsoft.EntityFrameworkCore.Sqlite")
        {
            await db.Database.ExecuteSqlRawAsync($"INSERT OR IGNORE INTO {table} (\"SubjectKey\", \"ConsecutiveFailures\") VALUES ({{0}}, 0)", [subject], ct);
            return;
        }

        await db.Database.ExecuteSqlRawAsync(
            $"BEGIN TRY INSERT INTO {table} ([SubjectKey], [ConsecutiveFailures]) SELECT {{0}}, 0 WHERE NOT EXISTS " +
            $"(SELECT 1 FROM {table} WITH (UPDLOCK, HOLDLOCK) WHERE [SubjectKey] = {{0}}) END TRY " +
            "BEGIN CATCH IF ERROR_NUMBER() NOT IN (2601, 2627) THROW; END CATCH", [subject], ct);
#pragma warning restore EF1002, EF1003
    }
}
