using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Persistence;

namespace Urssaf.SharedKernel.Infrastructure.Journal;

/// <summary>What a module's journal offers the rest of the service: append, sign the head, verify.</summary>
public interface IModuleJournal
{
    string Module { get; }

    Task AppendAsync(string kind, string actor, AccountId? account, object? data, CancellationToken cancellationToken);

    /// <summary>Signs the current head (when it moved since the last checkpoint); returns true when one was written.</summary>
    Task<bool> CheckpointAsync(CancellationToken cancellationToken);

    Task<JournalVerification> VerifyAsync(CancellationToken cancellationToken);

    /// <summary>Deletes entries older than <paramref name="before"/> up to the last checkpoint at or before it, so the rest still verifies.</summary>
    Task<int> PurgeAsync(DateTime before, CancellationToken cancellationToken);
}

/// <param name="FirstBrokenSequence">The first entry that does not verify (or the checkpoint's sequence when the tail is gone).</param>
public sealed record JournalVerification(string Module, bool Valid, long Entries, int Checkpoints, long? FirstBrokenSequence, string? Problem);

/// <summary>
/// A module's journal, in its own database (ADR 0112). Appends are serialised in the process and written after the
/// business change, each in its own transaction; the primary key on the sequence refuses a fork from another process.
/// </summary>
public sealed class ModuleJournal<TContext>(string module, IServiceScopeFactory scopes, Func<JournalSigner> signerOf, TimeProvider clock) : IModuleJournal
    where TContext : ModuleDbContext
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private JournalSigner Signer => signerOf(); // resolved when signing or verifying: appending needs no key
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Module => module;

    public async Task AppendAsync(string kind, string actor, AccountId? account, object? data, CancellationToken cancellationToken)
    {
        var content = data is null ? "{}" : JsonSerializer.Serialize(data, Json);
        await _gate.WaitAsync(CancellationToken.None);
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<TContext>();
                var last = await db.Set<JournalEntry>().AsNoTracking().OrderByDescending(e => e.Sequence)
                    .Select(e => new { e.Sequence, e.Hash }).FirstOrDefaultAsync(CancellationToken.None);
                var entry = new JournalEntry
                {
                    Sequence = (last?.Sequence ?? 0) + 1, AtUtc = clock.GetUtcNow().UtcDateTime, Kind = kind, Actor = actor,
                    AccountId = account?.Value, Data = content, PreviousHash = last?.Hash ?? JournalEntry.Genesis,
                };
                entry.Hash = entry.ComputeHash();
                db.Set<JournalEntry>().Add(entry);
                try
                {
                    await db.SaveChangesAsync(CancellationToken.None); // the fact happened: record it even if the caller gave up
                    return;
                }
                catch (DbUpdateException) when (attempt < 5)
                {
                    // another process took this sequence: read the new head and chain after it
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<bool> CheckpointAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TContext>();
            var head = await db.Set<JournalEntry>().AsNoTracking().OrderByDescending(e => e.Sequence).FirstOrDefaultAsync(cancellationToken);
            if (head is null) return false;
            var lastSigned = await db.Set<JournalCheckpoint>().AsNoTracking().MaxAsync(c => (long?)c.Sequence, cancellationToken);
            if (lastSigned >= head.Sequence) return false;
            var checkpoint = new JournalCheckpoint { Sequence = head.Sequence, AtUtc = clock.GetUtcNow().UtcDateTime, Hash = head.Hash };
            checkpoint.Signature = Signer.Sign(checkpoint.SignedBytes(module));
            db.Set<JournalCheckpoint>().Add(checkpoint);
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<JournalVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var checkpoints = await db.Set<JournalCheckpoint>().AsNoTracking().OrderBy(c => c.Sequence).ToListAsync(cancellationToken);
        foreach (var checkpoint in checkpoints)
            if (!Signer.Verify(checkpoint.SignedBytes(module), checkpoint.Signature))
                return Broken(0, checkpoints.Count, checkpoint.Sequence, "checkpoint signature invalid");
        var bySequence = checkpoints.ToDictionary(c => c.Sequence);

        long count = 0;
        JournalEntry? previous = null;
        await foreach (var entry in db.Set<JournalEntry>().AsNoTracking().OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            count++;
            if (previous is null)
            {
                // the first entry left after a purge starts from a signed checkpoint's hash (or the genesis)
                var anchored = entry.Sequence == 1 ? entry.PreviousHash == JournalEntry.Genesis
                    : bySequence.TryGetValue(entry.Sequence - 1, out var anchor) && anchor.Hash == entry.PreviousHash;
                if (!anchored) return Broken(count, checkpoints.Count, entry.Sequence, "first entry is not anchored to the genesis or a checkpoint");
            }
            else if (entry.Sequence != previous.Sequence + 1)
                return Broken(count, checkpoints.Count, previous.Sequence + 1, $"entries {previous.Sequence + 1} to {entry.Sequence - 1} are missing");
            else if (entry.PreviousHash != previous.Hash)
                return Broken(count, checkpoints.Count, entry.Sequence, "previous hash does not match the entry before");

            if (entry.ComputeHash() != entry.Hash) return Broken(count, checkpoints.Count, entry.Sequence, "content does not match its hash");
            if (bySequence.TryGetValue(entry.Sequence, out var signed) && signed.Hash != entry.Hash)
                return Broken(count, checkpoints.Count, entry.Sequence, "hash differs from the signed checkpoint");
            previous = entry;
        }

        if (checkpoints.Count > 0 && (previous?.Sequence ?? 0) < checkpoints[^1].Sequence)
            return Broken(count, checkpoints.Count, (previous?.Sequence ?? 0) + 1, $"entries up to the signed checkpoint {checkpoints[^1].Sequence} are missing");
        return new JournalVerification(module, true, count, checkpoints.Count, null, null);
    }

    public async Task<int> PurgeAsync(DateTime before, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TContext>();
            // cut at the newest checkpoint whose entry is older than the limit: the first entry kept chains to a signed hash
            var cut = await db.Set<JournalCheckpoint>().Where(c => db.Set<JournalEntry>().Any(e => e.Sequence == c.Sequence && e.AtUtc < before)
                    && db.Set<JournalEntry>().Any(e => e.Sequence > c.Sequence))
                .MaxAsync(c => (long?)c.Sequence, cancellationToken);
            if (cut is null) return 0;
            return await db.Set<JournalEntry>().Where(e => e.Sequence <= cut).ExecuteDeleteAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    private JournalVerification Broken(long count, int checkpoints, long sequence, string problem) =>
        new(module, false, count, checkpoints, sequence, problem);
}

public static class JournalRegistration
{
    public static IServiceCollection AddModuleJournal<TContext>(this IServiceCollection services, string module) where TContext : ModuleDbContext
    {
        services.AddSingleton(sp => new ModuleJournal<TContext>(module, sp.GetRequiredService<IServiceScopeFactory>(),
            () => sp.GetRequiredService<JournalSigner>(), sp.GetService<TimeProvider>() ?? TimeProvider.System));
        services.AddSingleton<IModuleJournal>(sp => sp.GetRequiredService<ModuleJournal<TContext>>());
        return services;
    }
}
