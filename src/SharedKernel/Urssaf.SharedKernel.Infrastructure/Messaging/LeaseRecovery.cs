using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Urssaf.SharedKernel.Infrastructure.Persistence;

namespace Urssaf.SharedKernel.Infrastructure.Messaging;

/// <summary>
/// Ends the leases of a dead process: called only by a host that found itself alone on the data directory
/// (<c>HostLiveness</c>, ADR 0120); beside a live process, leases expire on their own.
/// </summary>
internal sealed class LeaseRecovery<TContext>(IServiceScopeFactory scopes) where TContext : ModuleDbContext
{
    public async Task<int> ReleaseAllAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        return await db.OutboxMessages.Where(m => m.ProcessedOnUtc == null && m.LockedUntilUtc != null)
                   .ExecuteUpdateAsync(s => s.SetProperty(m => m.LockedUntilUtc, (DateTime?)null), cancellationToken)
             + await db.InboxMessages.Where(m => m.ProcessedOnUtc == null && m.LockedUntilUtc != null)
                   .ExecuteUpdateAsync(s => s.SetProperty(m => m.LockedUntilUtc, (DateTime?)null), cancellationToken);
    }
}
