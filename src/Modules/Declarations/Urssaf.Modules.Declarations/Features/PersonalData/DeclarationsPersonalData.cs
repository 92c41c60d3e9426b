using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Urssaf.Modules.Declarations.Persistence;
using Urssaf.Modules.Identity.Contracts.IntegrationEvents;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.PersonalData;
using Urssaf.SharedKernel.Messaging;

namespace Urssaf.Modules.Declarations.Features.PersonalData;

/// <summary>Declarations' part of the export: the enterprise profile, every declaration with its lines, and every version filed.</summary>
internal sealed class DeclarationsPersonalData(DeclarationsDbContext db) : IPersonalDataContributor
{
    public string Module => DeclarationsDbContext.Schema;

    public async Task WriteJsonAsync(AccountId account, Utf8JsonWriter json, CancellationToken ct)
    {
        await json.WriteArrayAsync("enterprises", db.Enterprises.AsNoTracking().Where(e => e.AccountId == account)
            .Select(e => new
            {
                e.Siret, e.ActivityStartDate, activityNature = e.ActivityNature.ToString(), primaryCategory = e.PrimaryCategory.ToString(), e.Department,
                declarationFrequency = e.DeclarationFrequency.ToString(), e.IncomeTaxWithholding, e.Acre,
            }).AsAsyncEnumerable(), ct);
        await json.WriteArrayAsync("declarations", db.Declarations.AsNoTracking().Where(d => d.AccountId == account).OrderBy(d => d.PeriodStart)
            .Select(d => new
            {
                d.Id, d.Siret, d.Period, d.PeriodStart, d.PeriodEnd, d.DueDate, submittedAt = d.SubmittedOnUtc, correctedAt = d.CorrectedOnUtc, d.FiledLate,
                d.Version, d.Lines, d.SocialContributionsCents, d.TrainingContributionCents, d.ChamberTaxCents, d.IncomeTaxCents, d.TotalCents,
            }).AsAsyncEnumerable(), ct);
        await json.WriteArrayAsync("declarationVersions", db.DeclarationVersions.AsNoTracking().Where(v => v.AccountId == account)
            .OrderBy(v => v.SubmittedOnUtc)
            .Select(v => new { v.DeclarationId, v.Period, v.Version, v.Kind, submittedAt = v.SubmittedOnUtc, v.Lines, v.TotalCents }).AsAsyncEnumerable(), ct);
    }

    public async IAsyncEnumerable<PersonalDataFile> FilesAsync(AccountId account, [EnumeratorCancellation] CancellationToken ct)
    {
        await Task.CompletedTask;
        yield break;
    }
}

/// <summary>
/// Closure: no more period is announced for the account (the enterprise is unlinked; a new registration of the SIRET links
/// it again). Declarations are kept for the legal retention (CSS L.244-3, LPF L.102 B), then purged.
/// </summary>
internal sealed class DeclarationsClosureHandler(DeclarationsDbContext db)
    : IIntegrationEventHandler<AccountClosed>, IIntegrationEventHandler<AccountRetentionEnded>
{
    public async Task Handle(AccountClosed e, CancellationToken ct)
    {
        var account = new AccountId(e.AccountId);
        foreach (var enterprise in await db.Enterprises.Where(x => x.AccountId == account).ToListAsync(ct)) enterprise.AccountId = null;
    }

    public async Task Handle(AccountRetentionEnded e, CancellationToken ct)
    {
        var account = new AccountId(e.AccountId);
        await db.DeclarationVersions.Where(v => v.AccountId == account).ExecuteDeleteAsync(ct);
        await db.Declarations.Where(d => d.AccountId == account).ExecuteDeleteAsync(ct);
    }
}
