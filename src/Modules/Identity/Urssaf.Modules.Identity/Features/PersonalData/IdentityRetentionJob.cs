using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Urssaf.Modules.Identity.Contracts.IntegrationEvents;
using Urssaf.Modules.Identity.Domain;
using Urssaf.Modules.Identity.Persistence;
using Urssaf.SharedKernel.Infrastructure.Modules;

namespace Urssaf.Modules.Identity.Features.PersonalData;

/// <summary>
/// Identity's daily retention run (docs/privacy.md, ADR 0111), idempotent: security logs past 12 months, FranceConnect grants
/// of ended sessions and spent FranceConnect flows, export files past
/// their 7 days, closed accounts past their legal retention (every module is told to purge). The journals of every module
/// are cut after 6 years by the shared <c>journal-retention</c> job.
/// </summary>
internal sealed class IdentityRetentionJob(IServiceScopeFactory scopes, ExportFiles files, TimeProvider clock)
    : IDailyJob
{
    public const string JobName = "identity-retention";
    public string Name => JobName;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        var done = 0;

        // CNIL, journalisation (2021): security logs 6 months to 1 year; ended sessions go with them
        var logsBefore = now - Retention.SecurityLogs;
        done += await db.ConnectionJournal.Where(c => c.AtUtc < logsBefore).ExecuteDeleteAsync(cancellationToken);
        var endedSessions = db.Sessions.Where(s => (s.RevokedOnUtc != null && s.RevokedOnUtc < logsBefore) || s.AbsoluteExpiresOnUtc < logsBefore).Select(s => s.Id);
        await db.RefreshTokens.Where(t => endedSessions.Contains(t.SessionId)).ExecuteDeleteAsync(cancellationToken);
        done += await db.Sessions.Where(s => (s.RevokedOnUtc != null && s.RevokedOnUtc < logsBefore) || s.AbsoluteExpiresOnUtc < logsBefore)
            .ExecuteDeleteAsync(cancellationToken);
        done += await db.DelegationActivities.Where(a => a.AtUtc < logsBefore).ExecuteDeleteAsync(cancellationToken);

        // FranceConnect: a login grant keeps its ID token only while its session can still log out at the provider; codes
        // never used go once expired, and so do the flows' state/nonce/verifier rows
        var liveSessions = db.Sessions.Where(s => s.RevokedOnUtc == null && s.AbsoluteExpiresOnUtc > now).Select(s => s.Id);
        done += await db.FranceConnectGrants.Where(g => (g.UsedOnUtc == null && g.ExpiresOnUtc < now)
                || (g.UsedOnUtc != null && (g.SessionId == null || !liveSessions.Contains(g.SessionId.Value))))
            .ExecuteDeleteAsync(cancellationToken);
        var flowsBefore = now - FranceConnectTransaction.Lifetime;
        done += await db.FranceConnectTransactions.Where(t => t.CreatedOnUtc < flowsBefore).ExecuteDeleteAsync(cancellationToken);
        done += await db.PasskeyCeremonies.Where(c => c.ExpiresOnUtc < now).ExecuteDeleteAsync(cancellationToken); // 5-minute challenges

        // exports: downloadable 7 days, then the file is deleted
        foreach (var export in await db.DataExports.Where(e => e.Status == DataExportStatus.Ready && e.ExpiresOnUtc <= now).ToListAsync(cancellationToken))
        {
            files.Delete(export.Id);
            export.Status = DataExportStatus.Expired;
            export.Version++;
            done++;
        }

        await db.SaveChangesAsync(cancellationToken);

        // closed accounts: kept records end with the legal retention (LPF L.102 B: 6 years); every module purges on the event
        var retentionStart = now.AddYears(-Retention.ClosedAccountYears);
        foreach (var account in await db.Accounts.Where(a => a.Status == AccountStatus.Closed && a.PurgedOnUtc == null && a.ClosedOnUtc <= retentionStart)
                     .Take(500).ToListAsync(cancellationToken))
        {
            account.MarkPurged(now);
            db.AddIntegrationEvent(new AccountRetentionEnded(Guid.CreateVersion7(), now, account.Id.Value, account.ClosedOnUtc!.Value));
            var delegations = db.Delegations.Where(d => d.AccountId == account.Id).Select(d => d.Id);
            await db.DelegationActivities.Where(a => delegations.Contains(a.DelegationId)).ExecuteDeleteAsync(cancellationToken);
            await db.Delegations.Where(d => d.AccountId == account.Id).ExecuteDeleteAsync(cancellationToken);
            await db.DataExports.Where(e => e.AccountId == account.Id).ExecuteDeleteAsync(cancellationToken);
            done++;
        }

        await db.SaveChangesAsync(cancellationToken);
        return done;
    }
}
