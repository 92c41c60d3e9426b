using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Urssaf.Modules.Declarations.Contracts.IntegrationEvents;
using Urssaf.Modules.Identity.Contracts.IntegrationEvents;
using Urssaf.Modules.Notifications.Channels;
using Urssaf.Modules.Notifications.Domain;
using Urssaf.Modules.Notifications.Persistence;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Messaging;
using Urssaf.Modules.Notifications.Features.Shared;

namespace Urssaf.Modules.Notifications.Features.DeliverMessages;

internal sealed class ActivationEmailRequestedHandler(NotificationsDbContext db, IOptions<NotificationOptions> options, TimeProvider clock)
    : IIntegrationEventHandler<ActivationEmailRequested>
{
    public Task Handle(ActivationEmailRequested e, CancellationToken cancellationToken)
    {
        var content = Templates.ActivationEmail(e.FirstName, options.Value.LinkWithToken("activation", e.Token), e.ExpiresAtUtc);
        return Queue.AddEmailAsync(db, e.EventId, new AccountId(e.AccountId), Topics.Activation, e.Email, content,
            clock.GetUtcNow().UtcDateTime, cancellationToken, sensitive: true);
    }
}

internal sealed class ActivationSmsRequestedHandler(NotificationsDbContext db, TimeProvider clock) : IIntegrationEventHandler<ActivationSmsRequested>
{
    public Task Handle(ActivationSmsRequested e, CancellationToken cancellationToken) =>
        Queue.AddSmsAsync(db, e.EventId, new AccountId(e.AccountId), Topics.Activation, e.MobilePhone,
            Templates.ActivationSms(e.Code), clock.GetUtcNow().UtcDateTime, cancellationToken, sensitive: true);
}

internal sealed class RegistrationAttemptedHandler(NotificationsDbContext db, TimeProvider clock)
    : IIntegrationEventHandler<RegistrationAttemptedOnExistingAccount>
{
    public Task Handle(RegistrationAttemptedOnExistingAccount e, CancellationToken cancellationToken)
    {
        return Queue.AddForTopicAsync(db, e.EventId, new AccountId(e.AccountId), Topics.SecurityAlerts, e.Email,
            Templates.RegistrationAttempt(e.FirstName), clock.GetUtcNow().UtcDateTime, cancellationToken);
    }
}

/// <summary>No account exists behind this notice: it goes to the address given, once.</summary>
internal sealed class RegistrationNotOpenedHandler(NotificationsDbContext db, TimeProvider clock)
    : IIntegrationEventHandler<RegistrationNotOpened>
{
    public Task Handle(RegistrationNotOpened e, CancellationToken cancellationToken)
    {
        var content = Templates.RegistrationNotOpened(e.FirstName);
        return Queue.AddEmailAsync(db, e.EventId, null, Topics.Activation, e.Email, content, clock.GetUtcNow().UtcDateTime, cancellationToken);
    }
}

internal sealed class AccountLockedHandler(NotificationsDbContext db, TimeProvider clock) : IIntegrationEventHandler<AccountLocked>
{
    public Task Handle(AccountLocked e, CancellationToken cancellationToken)
    {
        return Queue.AddForTopicAsync(db, e.EventId, new AccountId(e.AccountId), Topics.SecurityAlerts, e.Email,
            Templates.AccountLocked(e.FirstName, e.LockedUntilUtc), clock.GetUtcNow().UtcDateTime, cancellationToken);
    }
}

/// <summary>A verification code, to the channel being proved; its body is erased once sent.</summary>
internal sealed class VerificationCodeRequestedHandler(NotificationsDbContext db, TimeProvider clock) : IIntegrationEventHandler<VerificationCodeRequested>
{
    public Task Handle(VerificationCodeRequested e, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var account = new AccountId(e.AccountId);
        if (e.Channel == "sms")
            return Queue.AddSmsAsync(db, e.EventId, account, Topics.SecurityAlerts, e.Recipient,
            Templates.VerificationCodeSms(e.Code, e.Purpose), now, cancellationToken, sensitive: true);
        var content = Templates.VerificationCodeEmail(e.FirstName, e.Code, e.Purpose, e.ExpiresAtUtc);
        return Queue.AddEmailAsync(db, e.EventId, account, Topics.SecurityAlerts, e.Recipient, content, now, cancellationToken, sensitive: true);
    }
}

/// <summary>
/// New contact points: messages go there from now on. The notice goes to the old channel, always (a security
/// message is never subject to preferences), with the "this was not me" link when there is one.
/// </summary>
internal sealed class ContactDetailsChangedHandler(NotificationsDbContext db, IOptions<NotificationOptions> options, TimeProvider clock)
    : IIntegrationEventHandler<ContactDetailsChanged>
{
    public async Task Handle(ContactDetailsChanged e, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var account = new AccountId(e.AccountId);
        var contact = await db.Contacts.SingleOrDefaultAsync(c => c.AccountId == account, cancellationToken);
        if (contact is null) db.Contacts.Add(contact = new Contact { AccountId = account });
        (contact.FirstName, contact.Email, contact.MobilePhone) = (e.FirstName, e.Email, e.MobilePhone);

        var link = e.CancelToken is null ? null : options.Value.LinkWithToken("contact-changes/cancel", e.CancelToken);
        var content = e.Reason switch
        {
            "cancelled" => Templates.ContactChangeCancelled(e.FirstName, e.Change),
            "restored_after_review" => Templates.ChannelRestored(e.FirstName, e.Change),
            _ => Templates.ContactChanged(e.FirstName, e.Change, link!, e.CancelExpiresAtUtc!.Value),
        };
        await Queue.AddSecurityNoticeAsync(db, e.EventId, account, e.NoticeEmail, e.NoticePhone, content,
            link is null ? $"Urssaf : {content.Subject}. Détails dans votre espace en ligne." : Templates.ContactChangedSms(e.Change, link), now,
            cancellationToken, sensitive: link is not null);
    }
}

internal sealed class ChannelRecoveryUnderReviewHandler(NotificationsDbContext db, TimeProvider clock) : IIntegrationEventHandler<ChannelRecoveryUnderReview>
{
    public Task Handle(ChannelRecoveryUnderReview e, CancellationToken cancellationToken) =>
        Queue.AddSecurityNoticeAsync(db, e.EventId, new AccountId(e.AccountId), e.Email, e.MobilePhone, Templates.ChannelRecoveryUnderReview(e.FirstName),
            "Urssaf : une demande de remplacement de ce numéro, déclaré perdu, est en cours d'examen. Pas vous ? Appelez le 3957.",
            clock.GetUtcNow().UtcDateTime, cancellationToken);
}

internal sealed class ChannelRecoveryRefusedHandler(NotificationsDbContext db, TimeProvider clock) : IIntegrationEventHandler<ChannelRecoveryRefused>
{
    public Task Handle(ChannelRecoveryRefused e, CancellationToken cancellationToken)
    {
        var content = Templates.ChannelRecoveryRefused(e.FirstName);
        return Queue.AddSecurityNoticeAsync(db, e.EventId, new AccountId(e.AccountId), e.Email, e.MobilePhone, content,
            $"Urssaf : {content.Subject}. Contactez le 3957 pour en savoir plus.", clock.GetUtcNow().UtcDateTime, cancellationToken);
    }
}

/// <summary>Keeps the contact points messages are sent to.</summary>
internal sealed class AccountActivatedHandler(NotificationsDbContext db) : IIntegrationEventHandler<AccountActivated>
{
    public async Task Handle(AccountActivated e, CancellationToken cancellationToken)
    {
        var contact = await db.Contacts.SingleOrDefaultAsync(c => c.AccountId == new AccountId(e.AccountId), cancellationToken);
        if (contact is null) db.Contacts.Add(contact = new Contact { AccountId = new AccountId(e.AccountId) });
        (contact.FirstName, contact.Email, contact.MobilePhone, contact.Siret) = (e.FirstName, e.Email, e.MobilePhone, e.Siret);
    }
}

/// <summary>The accusé de réception of a filed or corrected declaration, with its amounts.</summary>
internal sealed class DeclarationReceiptHandler(NotificationsDbContext db, TimeProvider clock)
    : IIntegrationEventHandler<DeclarationFiled>, IIntegrationEventHandler<DeclarationCorrected>
{
    public Task Handle(DeclarationFiled e, CancellationToken ct) =>
        QueueAsync(e.EventId, e.AccountId, e.Period, e.SubmittedAtUtc, e.Lines, e.SocialContributionsCents, e.TrainingContributionCents,
            e.ChamberTaxCents, e.IncomeTaxCents, e.TotalCents, e.DueDate, corrected: false, ct,
            e.AutomaticDebit is { } d ? (d.CollectionDate, d.AmountCents, d.Rum, d.MaskedIban) : null);

    public Task Handle(DeclarationCorrected e, CancellationToken ct) =>
        QueueAsync(e.EventId, e.AccountId, e.Period, e.CorrectedAtUtc, e.Lines, e.SocialContributionsCents, e.TrainingContributionCents,
            e.ChamberTaxCents, e.IncomeTaxCents, e.TotalCents, e.DueDate, corrected: true, ct);

    private async Task QueueAsync(Guid eventId, Guid accountId, string period, DateTime at, IReadOnlyList<DeclaredLine> lines, long social,
        long training, long chamber, long incomeTax, long total, DateOnly due, bool corrected, CancellationToken ct,
        (DateOnly, long, string, string)? automaticDebit = null)
    {
        var account = new AccountId(accountId);
        var contact = await db.Contacts.AsNoTracking().SingleOrDefaultAsync(c => c.AccountId == account, ct);
        if (contact is null) throw new InvalidOperationException("No contact is known for this account yet; the delivery is retried.");
        var content = Templates.DeclarationReceipt(contact.FirstName, period, at, lines.Sum(l => l.Turnover), social, training, chamber, incomeTax, total, due, corrected,
            automaticDebit);
        await Queue.AddForTopicAsync(db, eventId, account, Topics.DeclarationConfirmations, contact.Email, content, clock.GetUtcNow().UtcDateTime, ct);
    }
}
