using System.Text.Json;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.Extensions.Options;
using Urssaf.Modules.Compliance.Domain;
using Urssaf.Modules.Compliance.Persistence;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Time;

namespace Urssaf.Modules.Compliance.Features.Dashboard;

/// <summary>The dashboard's answer, with its version (0: built but not stored, as a change came in meanwhile: no ETag).</summary>
internal sealed record DashboardViewResult(long Version, string Json);

internal sealed record GetDashboardViewQuery(AccountId AccountId) : IQuery<DashboardViewResult>;

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

internal sealed class GetDashboardViewHandler(ComplianceDbContext db, ISender sender, TimeProvider clock, IOptions<ComplianceOptions> options,
    IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) : IQueryHandler<GetDashboardViewQuery, DashboardViewResult>
{
    public async ValueTask<DashboardViewResult> Handle(GetDashboardViewQuery query, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var view = await DashboardViews.FindAsync(db, query.AccountId);
        if (view is { Json: { } stored } && view.ValidUntilUtc > now) return new DashboardViewResult(view.Version, stored);

        if (view is null)
        {
            // the row first: a change committed from now on finds it and bumps its version, so a build that missed it is not stored
            db.DashboardViews.Add(new DashboardView { AccountId = query.AccountId, Version = 1, ValidUntilUtc = DateTime.MinValue });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // another request added it at the same time
            }

            db.ChangeTracker.Clear();
            view = await DashboardViews.FindAsync(db, query.AccountId) ?? throw new InvalidOperationException("The dashboard view row is missing.");
        }

        var answer = JsonSerializer.Serialize(await sender.Send(new GetDashboardQuery(query.AccountId), cancellationToken), json.Value.SerializerOptions);
        var until = await ValidUntilAsync(query.AccountId, now, cancellationToken);
        var next = view.Version + 1;
        var saved = await db.DashboardViews.Where(v => v.AccountId == query.AccountId && v.Version == view.Version)
            .ExecuteUpdateAsync(s => s.SetProperty(v => v.Json, answer).SetProperty(v => v.Version, next).SetProperty(v => v.ValidUntilUtc, until), cancellationToken);
        return new DashboardViewResult(saved == 1 ? next : 0, answer);
    }

    /// <summary>
    /// The answer changes with time alone at the next Paris midnight (deadlines, overdue amounts, the regularity window),
    /// at a filing deadline (23:59:59 Paris, CSS R613-8), and with regulatory notices Compliance is not told about (maximum age).
    /// </summary>
    private async Task<DateTime> ValidUntilAsync(AccountId account, DateTime now, CancellationToken ct)
    {
        var paris = TimeZoneInfo.ConvertTimeFromUtc(now, FrenchTime.Paris);
        var midnight = TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(paris.Date.AddDays(1), DateTimeKind.Unspecified), FrenchTime.Paris);
        var deadline = await db.ExpectedDeclarations.AsNoTracking().Where(d => d.AccountId == account && d.DeadlineUtc > now)
            .Select(d => (DateTime?)d.DeadlineUtc).MinAsync(ct);
        var until = now.AddSeconds(options.Value.DashboardMaxAgeSeconds);
        if (midnight < until) until = midnight;
        return deadline is { } d && d < until ? d : until;
    }
}
