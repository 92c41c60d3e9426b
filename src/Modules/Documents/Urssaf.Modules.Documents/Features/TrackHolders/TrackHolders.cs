using Microsoft.EntityFrameworkCore;
using Urssaf.Modules.Documents.Domain;
using Urssaf.Modules.Documents.Persistence;
using Urssaf.Modules.Identity.Contracts.IntegrationEvents;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Messaging;

namespace Urssaf.Modules.Documents.Features.TrackHolders;

/// <summary>What the documents print about the enterprise, kept from the formalities feed (newest
/// profile wins) and linked at activation.</summary>
internal sealed class HolderHandler(DocumentsDbContext db) : IIntegrationEventHandler<EnterpriseProfileChanged>, IIntegrationEventHandler<AccountActivated>
{
    public async Task Handle(EnterpriseProfileChanged e, CancellationToken ct)
    {
        var holder = await FindOrAddAsync(e.Siret, ct);
        if (holder.ProfileUpdatedOnUtc > e.OccurredOnUtc) return; // an older profile than the one kept (events may arrive out of order)
        holder.ProfileUpdatedOnUtc = e.OccurredOnUtc;
        (holder.LegalName, holder.Address, holder.ApeCode, holder.ActivityStartDate) = (e.LegalName, e.Address, e.ApeCode, e.ActivityStartDate);
    }

    public async Task Handle(AccountActivated e, CancellationToken ct) => (await FindOrAddAsync(e.Siret, ct)).AccountId = new AccountId(e.AccountId);

    private async Task<Holder> FindOrAddAsync(string siret, CancellationToken ct)
    {
        var holder = await db.Holders.SingleOrDefaultAsync(h => h.Siret == siret, ct);
        if (holder is null) db.Holders.Add(holder = new Holder { Siret = siret });
        return holder;
    }
}
