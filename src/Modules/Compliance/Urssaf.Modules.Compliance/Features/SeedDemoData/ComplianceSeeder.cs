using Microsoft.Extensions.DependencyInjection;
using Urssaf.Modules.Compliance.Domain;
using Urssaf.Modules.Compliance.Persistence;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Modules;
using Urssaf.SharedKernel.Infrastructure.Persistence;

namespace Urssaf.Modules.Compliance.Features.SeedDemoData;

/// <summary>Seeds the projection the events would have built: the enterprise, its filed declarations and their paid obligations.</summary>
internal sealed class ComplianceSeeder : IModuleSeeder
{
    public int Order => 3;

    public async Task SeedAsync(IReadOnlyList<SeedAccount> accounts, SeedContext context, IServiceProvider services, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<ComplianceDbContext>();
        var enterprises = accounts.Select(a => new EnterpriseRecord
        {
            Siret = a.Siret, AccountId = new AccountId(a.AccountId), LegalName = a.LegalName, ActivityStartDate = a.ActivityStart, Frequency = a.Frequency,
        }).ToList();
        var ids = accounts.Select(a => a.AccountId).ToHashSet();
        // in key order (account, period): the dictionary's order is a hash order, which scattered the inserts over the indexes
        var declared = context.Declarations.Where(d => ids.Contains(d.Key.AccountId))
            .OrderBy(d => d.Key.AccountId).ThenBy(d => d.Key.Period, StringComparer.Ordinal).ToList();
        var expected = declared.Select(d => new ExpectedDeclaration
        {
            AccountId = new AccountId(d.Key.AccountId), Period = d.Key.Period, DueDate = d.Value.DueDate, DeadlineUtc = d.Value.DeadlineUtc,
            FiledOnUtc = d.Value.SubmittedAtUtc, TotalCents = d.Value.TotalCents,
        }).ToList();
        var obligations = declared.Select(d => new ObligationState
        {
            ObligationId = Guid.CreateVersion7(), AccountId = new AccountId(d.Key.AccountId), Kind = "declaration", SourceId = d.Value.DeclarationId,
            Period = d.Key.Period, AmountCents = d.Value.TotalCents, PaidCents = d.Value.TotalCents, DueDate = d.Value.DueDate, Revision = 1,
        }).ToList();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.InsertAsync(enterprises, cancellationToken);
        await db.InsertAsync(expected, cancellationToken);
        await db.InsertAsync(obligations, cancellationToken);
        await db.InsertAsync(accounts.Select(a => new DashboardView { AccountId = new AccountId(a.AccountId), Version = 1, ValidUntilUtc = DateTime.MinValue }).ToList(),
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
