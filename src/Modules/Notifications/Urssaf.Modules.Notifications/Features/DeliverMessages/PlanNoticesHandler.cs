using Microsoft.EntityFrameworkCore;
using Urssaf.Modules.Notifications.Domain;
using Urssaf.Modules.Notifications.Persistence;
using Urssaf.Modules.Payments.Contracts.IntegrationEvents;
using Urssaf.Modules.Notifications.Features.Shared;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Messaging;

namespace Urssaf.Modules.Notifications.Features.DeliverMessages;

/// <summary>
/// Payment plans (CSS R243-21): the decision (approved, refused, counter-proposal), the reminder after a returned instalment
/// before its second presentation, and the default (the rest due at once). A plan under review or completed sends nothing.
/// </summary>
internal sealed class PlanNoticesHandler(NotificationsDbContext db, TimeProvider clock)
    : IIntegrationEventHandler<PaymentPlanChanged>, IIntegrationEventHandler<PlanInstalmentReturned>
{
    public Task Handle(PaymentPlanChanged e, CancellationToken ct) => e.Status switch
    {
        "approved" or "refused" or "counter_proposed" or "defaulted" => QueueAsync(e.EventId, e.AccountId, c => Templates.PlanChanged(c.FirstName, e.Status,
            e.TotalCents, e.Instalments, e.FirstInstalmentCents, e.NextDueDate, e.Note, e.RestDueCents), ct),
        _ => Task.CompletedTask,
    };

    public Task Handle(PlanInstalmentReturned e, CancellationToken ct) => QueueAsync(e.EventId, e.AccountId,
        c => Templates.PlanInstalmentReturned(c.FirstName, e.InstalmentNumber, e.AmountCents, e.ReasonCode, e.PresentedAgainOn), ct);

    private async Task QueueAsync(Guid eventId, Guid accountId, Func<Contact, EmailContent> render, CancellationToken ct)
    {
        var account = new AccountId(accountId);
        var contact = await db.Contacts.AsNoTracking().SingleOrDefaultAsync(c => c.AccountId == account, ct);
        if (contact is null) throw new InvalidOperationException("No contact is known for this account yet; the delivery is retried.");
        await Queue.AddForTopicAsync(db, eventId, account, Topics.DeclarationConfirmations, contact.Email, render(contact), clock.GetUtcNow().UtcDateTime, ct);
    }
}
