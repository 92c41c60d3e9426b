using Microsoft.Extensions.DependencyInjection;
using Urssaf.Modules.Payments.Domain;
using Urssaf.Modules.Payments.Persistence;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Modules;
using Urssaf.SharedKernel.Infrastructure.Persistence;

namespace Urssaf.Modules.Payments.Features.SeedDemoData;

/// <summary>Seeds one obligation per seeded declaration, paid in full (the accounts are up to date).</summary>
internal sealed class PaymentsSeeder : IModuleSeeder
{
    public int Order => 2;

    public async Task SeedAsync(IReadOnlyList<SeedAccount> accounts, SeedContext context, IServiceProvider services, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<PaymentsDbContext>();
        var rows = new List<Obligation>();
        var byAccount = context.Declarations.ToLookup(x => x.Key.AccountId); // once per batch: a scan per account was quadratic
        foreach (var a in accounts)
            foreach (var ((account, period), d) in byAccount[a.AccountId])
            {
                var obligation = Obligation.ForDeclaration(new AccountId(account), d.DeclarationId, period, d.TotalCents, d.DueDate, 1, context.Now);
                obligation.Receive(d.TotalCents, wasReserved: false, context.Now);
                obligation.Revision = 1;
                rows.Add(obligation);
            }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.InsertAsync(rows, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
