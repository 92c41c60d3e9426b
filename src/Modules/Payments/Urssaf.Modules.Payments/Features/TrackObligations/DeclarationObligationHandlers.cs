using Microsoft.EntityFrameworkCore;
using Urssaf.Modules.Declarations.Contracts.IntegrationEvents;
using Urssaf.Modules.Payments.Domain;
using Urssaf.Modules.Payments.Persistence;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Messaging;

namespace Urssaf.Modules.Payments.Features.TrackObligations;

/// <summary>A filed declaration is an amount owed by its due date (CSS R613-8: paid with the declaration).</summary>
internal sealed class DeclarationFiledHandler(PaymentsDbContext db, TimeProvider clock) : IIntegrationEventHandler<DeclarationFiled>
{
    public async Task Handle(DeclarationFiled e, CancellationToken cancellationToken)
    {
        var existing = await db.Obligations.SingleOrDefaultAsync(o => o.Kind == ObligationKind.Declaration && o.SourceId == e.DeclarationId, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        if (existing is null)
            db.Obligations.Add(Obligation.ForDeclaration(new AccountId(e.AccountId), e.DeclarationId, e.Period, e.TotalCents, e.DueDate, e.Version, now));
        else
            existing.Adjust(e.TotalCents, e.Version, now); // the correction arrived first: keep the newer amount
    }
}

/// <summary>A correction before the due date replaces the amount owed; what was already paid stays paid.</summary>
internal sealed class DeclarationCorrectedHandler(PaymentsDbContext db, TimeProvider clock) : IIntegrationEventHandler<DeclarationCorrected>
{
    public async Task Handle(DeclarationCorrected e, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var existing = await db.Obligations.SingleOrDefaultAsync(o => o.Kind == ObligationKind.Declaration && o.SourceId == e.DeclarationId, cancellationToken);
        if (existing is null)
            db.Obligations.Add(Obligation.ForDeclaration(new AccountId(e.AccountId), e.DeclarationId, e.Period, e.TotalCents, e.DueDate, e.Version, now));
        else
            existing.Adjust(e.TotalCents, e.Version, now);
    }
}
