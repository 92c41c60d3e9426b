using Microsoft.EntityFrameworkCore;
using Urssaf.Modules.Declarations.Domain;
using Urssaf.Modules.Declarations.Persistence;
using Urssaf.Modules.Identity.Contracts.IntegrationEvents;
using Urssaf.SharedKernel.Messaging;

namespace Urssaf.Modules.Declarations.Features.TrackEnterprise;

/// <summary>Keeps the enterprise copy up to date; an older event than the stored state is ignored.</summary>
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

        enterprise.ActivityStartDate = e.ActivityStartDate;
        enterprise.ActivityNature = e.ActivityNature;
        enterprise.PrimaryCategory = e.PrimaryCategory;
        enterprise.Department = e.Department;
        enterprise.DeclarationFrequency = e.DeclarationFrequency;
        enterprise.IncomeTaxWithholding = e.IncomeTaxWithholding;
        enterprise.Acre = e.Acre;
        enterprise.UpdatedOnUtc = e.OccurredOnUtc;
    }
}
