using Microsoft.EntityFrameworkCore;
using Urssaf.Modules.Declarations.Contracts.IntegrationEvents;
using Urssaf.Modules.Payments.Domain;
using Urssaf.Modules.Payments.Persistence;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Messaging;

namespace Urssaf.Modules.Payments.Features.TrackObligations;

/// <summary>
/// A filed declaration is an amount owed by its due date (CSS R613-8: paid with the declaration); a correction
/// before the due date replaces the amount, what was already paid stays paid. Either event may arrive first:
/// the newer declaration version wins.
/// </summary>
internal sealed class DeclarationObligationHandler(PaymentsDbContext db, TimeProvider clock)
    : IIntegrationEventHandler<DeclarationFiled>, IIntegrationEventHandler<DeclarationCorrected>
{
    public Task Handle(DeclarationFiled e, CancellationToken ct) =>
        ApplyAsync(e.AccountId, e.DeclarationId, e.Period, e.TotalCents, e.DueDate, e.Version, ct);

    public Task Handle(DeclarationCorrected e, CancellationToken ct) =>
        ApplyAsync(e.AccountId, e.DeclarationId, e.Period, e.TotalCents, e.DueDate, e.Version, ct);

    private async Task ApplyAsync(Guid accountId, Guid declarationId, string period, long totalCents, DateOnly dueDate, int version, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var existing = await db.Obligations.SingleOrDefaultAsync(o => o.Kind == ObligationKind.Declaration && o.SourceId == declarationId, ct);
        if (existing is null)
            db.Obligations.Add(Obligation.ForDeclaration(new AccountId(accountId), declarationId, period, totalCents, dueDate, version, now));
        else
            existing.Adjust(totalCents, version, now);
    }
}
