using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Urssaf.Modules.Compliance.Persistence;
using Urssaf.Modules.Identity.Contracts.IntegrationEvents;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.PersonalData;
using Urssaf.SharedKernel.Messaging;

namespace Urssaf.Modules.Compliance.Features.PersonalData;

/// <summary>Compliance's part of the export: what the account owes and paid as Compliance sees it, penalties, remission requests, dashboard layout.</summary>
internal sealed class CompliancePersonalData(ComplianceDbContext db) : IPersonalDataContributor
{
    public string Module => ComplianceDbContext.Schema;

    public async Task WriteJsonAsync(AccountId account, Utf8JsonWriter json, CancellationToken ct)
    {
        await json.WriteArrayAsync("enterprises", db.Enterprises.AsNoTracking().Where(e => e.AccountId == account).AsAsyncEnumerable(), ct);
        await json.WriteArrayAsync("expectedDeclarations", db.ExpectedDeclarations.AsNoTracking().Where(e => e.AccountId == account).AsAsyncEnumerable(), ct);
        await json.WriteArrayAsync("declaredTurnovers", db.DeclaredTurnovers.AsNoTracking().Where(e => e.AccountId == account).AsAsyncEnumerable(), ct);
        await json.WriteArrayAsync("obligations", db.Obligations.AsNoTracking().Where(e => e.AccountId == account).AsAsyncEnumerable(), ct);
        await json.WriteArrayAsync("payments", db.Payments.AsNoTracking().Where(e => e.AccountId == account).AsAsyncEnumerable(), ct);
        await json.WriteArrayAsync("penalties", db.Penalties.AsNoTracking().Where(e => e.AccountId == account).AsAsyncEnumerable(), ct);
        await json.WriteArrayAsync("remissionRequests", db.RemissionRequests.AsNoTracking().Where(e => e.AccountId == account).AsAsyncEnumerable(), ct);
        await json.WriteArrayAsync("dashboardLayouts", db.DashboardLayouts.AsNoTracking().Where(e => e.AccountId == account).AsAsyncEnumerable(), ct);
    }

    public async IAsyncEnumerable<PersonalDataFile> FilesAsync(AccountId account, [EnumeratorCancellation] CancellationToken ct)
    {
        await Task.CompletedTask;
        yield break;
    }
}

/// <summary>Closure: the dashboard layout (a preference) goes at once; the money records are kept for the legal retention, then purged.</summary>
internal sealed class ComplianceClosureHandler(ComplianceDbContext db)
    : IIntegrationEventHandler<AccountClosed>, IIntegrationEventHandler<AccountRetentionEnded>
{
    public async Task Handle(AccountClosed e, CancellationToken ct)
    {
        await db.DashboardLayouts.Where(l => l.AccountId == new AccountId(e.AccountId)).ExecuteDeleteAsync(ct);
        await Shared.DashboardViews.InvalidateAsync(db, [new AccountId(e.AccountId)], ct);
    }

    public async Task Handle(AccountRetentionEnded e, CancellationToken ct)
    {
        var account = new AccountId(e.AccountId);
        await db.RemissionRequests.Where(x => x.AccountId == account).ExecuteDeleteAsync(ct);
        await db.Penalties.Where(x => x.AccountId == account).ExecuteDeleteAsync(ct);
        await db.Payments.Where(x => x.AccountId == account).ExecuteDeleteAsync(ct);
        await db.Obligations.Where(x => x.AccountId == account).ExecuteDeleteAsync(ct);
        await db.DeclaredTurnovers.Where(x => x.AccountId == account).ExecuteDeleteAsync(ct);
        await db.ExpectedDeclarations.Where(x => x.AccountId == account).ExecuteDeleteAsync(ct);
        await db.DashboardLayouts.Where(x => x.AccountId == account).ExecuteDeleteAsync(ct);
        await db.DashboardViews.Where(x => x.AccountId == account).ExecuteDeleteAsync(ct);
        foreach (var enterprise in await db.Enterprises.Where(x => x.AccountId == account).ToListAsync(ct)) enterprise.AccountId = null;
    }
}
