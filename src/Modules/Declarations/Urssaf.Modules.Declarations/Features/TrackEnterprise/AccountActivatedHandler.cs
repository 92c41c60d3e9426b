using Microsoft.EntityFrameworkCore;
using Urssaf.Modules.Declarations.Domain;
using Urssaf.Modules.Declarations.Persistence;
using Urssaf.Modules.Identity.Contracts.IntegrationEvents;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Messaging;

namespace Urssaf.Modules.Declarations.Features.TrackEnterprise;

/// <summary>Links the enterprise copy to the account that now owns the SIRET.</summary>
internal sealed class AccountActivatedHandler(DeclarationsDbContext db) : IIntegrationEventHandler<AccountActivated>
{
    public async Task Handle(AccountActivated e, CancellationToken cancellationToken)
    {
        var enterprise = await db.Enterprises.SingleOrDefaultAsync(x => x.Siret == e.Siret, cancellationToken);
        if (enterprise is null)
        {
            // The profile event has not been handled yet (it failed and is being retried): keep the link, the profile follows.
            enterprise = new Enterprise { Siret = e.Siret };
            db.Enterprises.Add(enterprise);
        }

        enterprise.AccountId = new AccountId(e.AccountId);
    }
}
