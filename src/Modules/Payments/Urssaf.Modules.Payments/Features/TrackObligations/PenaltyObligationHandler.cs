using Microsoft.EntityFrameworkCore;
using Urssaf.Modules.Compliance.Contracts.IntegrationEvents;
using Urssaf.Modules.Payments.Domain;
using Urssaf.Modules.Payments.Persistence;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Messaging;

namespace Urssaf.Modules.Payments.Features.TrackObligations;

/// <summary>A penalty assessed by Compliance is owed like contributions (CSS R243-19: within a month); a grown majoration raises it.</summary>
internal sealed class PenaltyObligationHandler(PaymentsDbContext db, TimeProvider clock) : IIntegrationEventHandler<PenaltyAssessed>
{
    public async Task Handle(PenaltyAssessed e, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var existing = await db.Obligations.SingleOrDefaultAsync(o => o.Kind == ObligationKind.Penalty && o.SourceId == e.PenaltyId, ct);
        if (existing is null)
            db.Obligations.Add(Obligation.ForPenalty(new AccountId(e.AccountId), e.PenaltyId, e.Period, e.AmountCents, e.DueDate, e.Version, now));
        else
            existing.Adjust(e.AmountCents, e.Version, now);
    }
}
