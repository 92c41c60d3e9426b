using Microsoft.Extensions.DependencyInjection;
using Urssaf.Modules.Documents.Domain;
using Urssaf.Modules.Documents.Persistence;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Modules;
using Urssaf.SharedKernel.Infrastructure.Persistence;

namespace Urssaf.Modules.Documents.Features.SeedDemoData;

/// <summary>Seeds the holders Documents keeps from the formalities feed and activation.</summary>
internal sealed class DocumentsSeeder : IModuleSeeder
{
    public int Order => 5;

    public async Task SeedAsync(IReadOnlyList<SeedAccount> accounts, SeedContext context, IServiceProvider services, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<DocumentsDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.InsertAsync(accounts.Select(a => new Holder
        {
            Siret = a.Siret, AccountId = new AccountId(a.AccountId), LegalName = a.LegalName, Address = a.Address, ApeCode = "6201Z",
            ActivityStartDate = a.ActivityStart,
        }).ToList(), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
