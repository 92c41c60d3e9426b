using Microsoft.EntityFrameworkCore;
using Urssaf.Modules.Declarations.Domain;
using Urssaf.Modules.Declarations.Persistence;
using Urssaf.Modules.Identity.Contracts.IntegrationEvents;
using Urssaf.SharedKernel.Infrastructure.Time;
using Urssaf.SharedKernel.Messaging;

namespace Urssaf.Modules.Declarations.Features.TrackEnterprise;

/// <summary>
/// Keeps the enterprise copy up to date; an older event than the stored state is ignored. A new declaration frequency
/// applies from the year R613-7 I allows, never to periods already past (<see cref="FrequencyHistory"/>).
/// </summary>
internal sealed class EnterpriseProfileChangedHandler(DeclarationsDbContext db) : IIntegrationEventHandler<EnterpriseProfileChanged>
{
    public async Task Handle(EnterpriseProfileChanged e, CancellationToken cancellationToken)
    {
        var enterprise = await db.Enterprises.SingleOrDefaultAsync(x => x.Siret == e.Siret, cancellationToken);
        if (enterprise is null)
        {
            enterprise = new Enterprise { Siret = e.Siret };
            db.Enterprises.Add(enterprise);
        }
        else if (enterprise.UpdatedOnUtc > e.OccurredOnUtc)
        {
            return;
        }

        if (!enterprise.HasProfile)
        {
            enterprise.ActivityStartDate = e.ActivityStartDate;
            enterprise.StartWith(e.DeclarationFrequency);
        }
        else if (e.DeclarationFrequency != enterprise.DeclarationFrequency)
        {
            // the latest year with a filed declaration keeps its frequency too (R613-7 I: a year already begun is not re-announced)
            var account = enterprise.AccountId;
            var filed = account is null
                ? []
                : await db.Declarations.Where(d => d.AccountId == account.Value).Select(d => d.Period).Distinct().ToListAsync(cancellationToken);
            int? lastFiledYear = filed.Count == 0 ? null : filed.Max(p => int.Parse(p.AsSpan(0, 4), System.Globalization.CultureInfo.InvariantCulture));
            enterprise.RequestFrequency(e.DeclarationFrequency, FrenchTime.DateInParis(e.OccurredOnUtc),
                lastFiledYear);
        }

        enterprise.ActivityStartDate = e.ActivityStartDate;
        enterprise.ActivityNature = e.ActivityNature;
        enterprise.PrimaryCategory = e.PrimaryCategory;
        enterprise.Department = e.Department;
        enterprise.IncomeTaxWithholding = e.IncomeTaxWithholding;
        enterprise.Acre = e.Acre;
        enterprise.UpdatedOnUtc = e.OccurredOnUtc;
    }
}
