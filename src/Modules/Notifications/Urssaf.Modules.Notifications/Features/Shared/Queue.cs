using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Urssaf.Modules.Declarations.Contracts.IntegrationEvents;
using Urssaf.Modules.Identity.Contracts.IntegrationEvents;
using Urssaf.Modules.Notifications.Channels;
using Urssaf.Modules.Notifications.Domain;
using Urssaf.Modules.Notifications.Persistence;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Messaging;

namespace Urssaf.Modules.Notifications.Features.Shared;

/// <summary>Queues a message unless this event already produced one on this channel (a duplicated event sends once).</summary>
internal static class Queue
{
    public static async Task AddOnceAsync(NotificationsDbContext db, OutgoingMessage message, CancellationToken ct)
    {
        if (await db.OutgoingMessages.AnyAsync(m => m.SourceEventId == message.SourceEventId && m.Channel == message.Channel, ct)) return;
        db.OutgoingMessages.Add(message);
    }

    /// <summary>An e-mail to the address the event names, whatever the preferences (activation, recovery); a sensitive one is erased once sent.</summary>
    public static Task AddEmailAsync(NotificationsDbContext db, Guid sourceEventId, AccountId? account, string topic, string email, EmailContent content,
        DateTime now, CancellationToken ct, bool sensitive = false) =>
        AddOnceAsync(db, OutgoingMessage.Email(sourceEventId, account, topic, email, content.Subject, content.Text, content.Html, now, sensitive), ct);

    /// <summary>An SMS to the number the event names, whatever the preferences (codes, half passwords); a sensitive one is erased once sent.</summary>
    public static Task AddSmsAsync(NotificationsDbContext db, Guid sourceEventId, AccountId? account, string topic, string phone, string text,
        DateTime now, CancellationToken ct, bool sensitive = false) =>
        AddOnceAsync(db, OutgoingMessage.Sms(sourceEventId, account, topic, phone, text, now, sensitive), ct);

    /// <summary>
    /// A security notice to the channels named, whatever the preferences: the e-mail in full, the SMS as its short
    /// text. A notice with a secret (a link) is erased once sent.
    /// </summary>
    public static async Task AddSecurityNoticeAsync(NotificationsDbContext db, Guid sourceEventId, AccountId account, string? email, string? phone,
        EmailContent content, string smsText, DateTime now, CancellationToken ct, bool sensitive = false)
    {
        if (email is not null)
            await AddEmailAsync(db, sourceEventId, account, Topics.SecurityAlerts, email, content, now, ct, sensitive);
        if (phone is not null)
            await AddSmsAsync(db, sourceEventId, account, Topics.SecurityAlerts, phone, smsText, now, ct, sensitive);
    }

    /// <summary>
    /// Queues a topic's message on the channels the account chose (e-mail by default). An SMS choice without a
    /// known mobile number falls back to e-mail, so a security alert is never lost.
    /// </summary>
    public static async Task AddForTopicAsync(NotificationsDbContext db, Guid sourceEventId, AccountId account, string topic, string email,
        EmailContent content, DateTime now, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(email)) return; // a closed account's contact points were erased: nothing is sent any more
        var choice = (await db.Preferences.AsNoTracking().SingleOrDefaultAsync(p => p.AccountId == account && p.Topic == topic, ct))?.Choice
            ?? Preference.Defaults[topic];
        var phone = (await db.Contacts.AsNoTracking().SingleOrDefaultAsync(c => c.AccountId == account, ct))?.MobilePhone;
        var channels = Preference.ChannelsOf(choice).ToList();
        if (channels.Contains(Channel.Sms) && phone is null) channels = [Channel.Email];
        foreach (var channel in channels)
            await AddOnceAsync(db, channel == Channel.Email
                ? OutgoingMessage.Email(sourceEventId, account, topic, email, content.Subject, content.Text, content.Html, now)
                : OutgoingMessage.Sms(sourceEventId, account, topic, phone!, $"Urssaf : {content.Subject}. Détails dans votre espace en ligne.", now), ct);
    }
}
