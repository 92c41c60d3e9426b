using System.Text.Json;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Urssaf.Modules.Notifications.Contracts.IntegrationEvents;
using Microsoft.Extensions.Options;
using Urssaf.Modules.Compliance.Domain;
using Urssaf.Modules.Compliance.Persistence;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Time;
using Urssaf.SharedKernel.Messaging;

namespace Urssaf.Modules.Compliance.Features.Shared;

/// <summary>
/// The dashboard read model (ADR 0136): one row per account holding the JSON answer, read with one primary-key lookup
/// (compiled, untracked). A projection change empties it in the same transaction; it is built again on the next read,
/// and stored only if no change came in while it was built (its version unchanged).
/// </summary>
internal static class DashboardViews
{
    private static readonly Func<ComplianceDbContext, AccountId, Task<DashboardView?>> Find =
        EF.CompileAsyncQuery((ComplianceDbContext db, AccountId account) => db.DashboardViews.AsNoTracking().FirstOrDefault(v => v.AccountId == account));

    public static Task<DashboardView?> FindAsync(ComplianceDbContext db, AccountId account) => Find(db, account);

    /// <summary>The accounts whose projection rows a save adds, changes or deletes.</summary>
    public static HashSet<AccountId> AccountsChangedIn(ChangeTracker tracker)
    {
        var accounts = new HashSet<AccountId>();
        foreach (var entry in tracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted) || entry.Entity is DashboardView) continue;
            if (entry.Metadata.FindProperty(nameof(DashboardView.AccountId)) is not { } property) continue;
            switch (entry.Property(property.Name).CurrentValue)
            {
                case AccountId account: accounts.Add(account); break;
            }

            if (entry.State == EntityState.Modified && entry.Property(property.Name).OriginalValue is AccountId before) accounts.Add(before);
        }

        return accounts;
    }

    /// <summary>Marks the accounts' views stale: in the caller's transaction when it has one, so a rolled-back change leaves them as they were.</summary>
    public static Task InvalidateAsync(ComplianceDbContext db, IReadOnlyCollection<AccountId> accounts, CancellationToken ct)
    {
        var list = accounts.Distinct().ToList();
        return db.DashboardViews.Where(v => list.Contains(v.AccountId))
            .ExecuteUpdateAsync(s => s.SetProperty(v => v.Json, (string?)null).SetProperty(v => v.Version, v => v.Version + 1), ct);
    }
}

/// <summary>A published notice changes the notices widget of every dashboard: the views are rebuilt on their next read.</summary>
internal sealed class RegulatoryNoticePublishedHandler(ComplianceDbContext db) : IIntegrationEventHandler<RegulatoryNoticePublished>
{
    public Task Handle(RegulatoryNoticePublished e, CancellationToken ct) =>
        db.DashboardViews.Where(v => v.Json != null)
            .ExecuteUpdateAsync(s => s.SetProperty(v => v.Json, (string?)null).SetProperty(v => v.Version, v => v.Version + 1), ct);
}
