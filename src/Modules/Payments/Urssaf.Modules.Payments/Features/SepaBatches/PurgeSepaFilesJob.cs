using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Urssaf.Modules.Payments.Persistence;
using Urssaf.Modules.Payments.Security;
using Urssaf.SharedKernel.Infrastructure.Modules;
using Urssaf.SharedKernel.Infrastructure.Time;

namespace Urssaf.Modules.Payments.Features.SepaBatches;

/// <summary>
/// Daily (ADR 0041): seals any pain.008 file still stored in clear (produced before files were sealed), then purges the
/// files (pain.008, and the pain.001 refund files) whose collection or execution date is more than <c>Payments:SepaFileRetentionDays</c> ago. The batch row stays (message id,
/// count, control sum, and the date is never produced again); the collections keep what was debited from whom. When it
/// sealed a clear file on SQLite, it also rebuilds the database file (VACUUM) and empties the WAL, once.
/// </summary>
internal sealed partial class PurgeSepaFilesJob(IServiceScopeFactory scopes, IbanProtector protector, TimeProvider clock, IOptions<PaymentsOptions> options,
    ILogger<PurgeSepaFilesJob> logger) : IDailyJob
{
    public const string JobName = "purge-sepa-files";

    public string Name => JobName;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PaymentsDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var limit = clock.Today().AddDays(-options.Value.SepaFileRetentionDays);

        var changed = 0;
        var hadClear = false;
        foreach (var batch in await db.SepaBatches.Where(b => b.Content != null && (!b.Sealed || b.CollectionDate < limit)).ToListAsync(cancellationToken))
        {
            hadClear |= !batch.Sealed;
            if (batch.CollectionDate < limit) batch.Purge(now);
            else batch.Store(protector.ProtectFile(batch.Content!, batch.Id));
            changed++;
        }

        // pain.001 refund files: always stored sealed, purged after the same retention
        foreach (var batch in await db.CreditTransferBatches.Where(b => b.Content != null && b.ExecutionDate < limit).ToListAsync(cancellationToken))
        {
            batch.Purge(now);
            changed++;
        }

        await db.SaveChangesAsync(cancellationToken);
        if (hadClear && db.Database.IsSqlite())
        {
            // the clear bytes would otherwise stay in freed pages and WAL frames: rebuild the file once, then empty the WAL
            await db.Database.ExecuteSqlRawAsync("VACUUM;", cancellationToken);
            await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);", cancellationToken);
        }

        if (changed > 0) LogDone(logger, changed, limit);
        return changed;
    }

    [LoggerMessage(LogLevel.Information, "SEPA files sealed or purged: {Count} (retention ends before {Limit})")]
    private static partial void LogDone(ILogger logger, int count, DateOnly limit);
}
