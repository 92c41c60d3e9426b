using Microsoft.EntityFrameworkCore;
using Urssaf.Modules.Compliance.Contracts.IntegrationEvents;
using Urssaf.Modules.Documents.Contracts.IntegrationEvents;
using Urssaf.Modules.Notifications.Domain;
using Urssaf.Modules.Notifications.Persistence;
using Urssaf.Modules.Payments.Contracts.IntegrationEvents;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Messaging;
using Urssaf.Modules.Notifications.Features.Shared;

namespace Urssaf.Modules.Notifications.Features.DeliverMessages;

/// <summary>Money, penalties and documents: what the entrepreneur is told when Payments, Compliance or Documents act.</summary>
internal sealed class AccountNoticesHandler(NotificationsDbContext db, TimeProvider clock)
    : IIntegrationEventHandler<PaymentReceived>, IIntegrationEventHandler<DirectDebitReturned>, IIntegrationEventHandler<PenaltyAssessed>,
        IIntegrationEventHandler<AttestationIssued>, IIntegrationEventHandler<MandateSigned>, IIntegrationEventHandler<RemissionDecided>
{
    public Task Handle(PaymentReceived e, CancellationToken ct) => QueueAsync(e.EventId, e.AccountId, Topics.DeclarationConfirmations,
        c => Templates.PaymentReceived(c.FirstName, e.Period, e.AmountCents, e.Method, e.ReceivedOn), ct);

    /// <summary>A plan instalment's return is told by the plan's own notices (reminder, or default): not twice.</summary>
    public Task Handle(DirectDebitReturned e, CancellationToken ct) => e.PlanInstalment ? Task.CompletedTask : QueueAsync(e.EventId, e.AccountId,
        Topics.DeclarationConfirmations, c => Templates.DirectDebitReturned(c.FirstName, e.Period, e.AmountCents, e.ReasonCode, e.MandateRevoked), ct);

    public Task Handle(PenaltyAssessed e, CancellationToken ct) => QueueAsync(e.EventId, e.AccountId, Topics.DeadlineReminders,
        c => Templates.PenaltyNotice(c.FirstName, e.Kind, e.Period, e.AmountCents, e.PreviousAmountCents, e.DueDate, e.LegalReference), ct);

    public Task Handle(RemissionDecided e, CancellationToken ct) => QueueAsync(e.EventId, e.AccountId, Topics.DeadlineReminders,
        c => Templates.RemissionDecision(c.FirstName, e.Period, e.Granted, e.GrantedCents, e.RemainingCents, e.Note), ct);

    public Task Handle(AttestationIssued e, CancellationToken ct) => QueueAsync(e.EventId, e.AccountId, Topics.DeclarationConfirmations,
        c => Templates.AttestationIssued(c.FirstName, e.Provisional, e.ValidUntil), ct);

    public Task Handle(MandateSigned e, CancellationToken ct) => QueueAsync(e.EventId, e.AccountId, Topics.SecurityAlerts,
        c => Templates.MandateSigned(c.FirstName, e.MaskedIban, e.Rum), ct);

    private async Task QueueAsync(Guid eventId, Guid accountId, string topic, Func<Contact, EmailContent> render, CancellationToken ct)
    {
        var account = new AccountId(accountId);
        var contact = await db.Contacts.AsNoTracking().SingleOrDefaultAsync(c => c.AccountId == account, ct);
        if (contact is null) throw new InvalidOperationException("No contact is known for this account yet; the delivery is retried.");
        await Queue.AddForTopicAsync(db, eventId, account, topic, contact.Email, render(contact), clock.GetUtcNow().UtcDateTime, ct);
    }
}
