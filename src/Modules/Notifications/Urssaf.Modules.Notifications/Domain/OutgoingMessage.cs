using Urssaf.SharedKernel.Identity;

namespace Urssaf.Modules.Notifications.Domain;

internal enum Channel
{
    Email,
    Sms,
}

internal enum DeliveryStatus
{
    Pending,
    Sent,
    Failed,
}

/// <summary>Topics users choose channels for (API.md preferences); others are always delivered.</summary>
internal static class Topics
{
    public const string Activation = "activation";
    public const string SecurityAlerts = "security_alerts";
    public const string DeclarationConfirmations = "declaration_confirmations";
    public const string DeadlineReminders = "deadline_reminders";
    public const string RegulatoryUpdates = "regulatory_updates";
    /// <summary>"You have a new message" in a secure-messaging thread (never the message itself).</summary>
    public const string SecureMessages = "secure_messages";
    /// <summary>Amounts due soon with no debit scheduled.</summary>
    public const string PaymentReminders = "payment_reminders";
}

/// <summary>
/// One message to one recipient on one channel, with its delivery record. (SourceEventId, Channel) is unique:
/// an event delivered twice produces one message.
/// </summary>
internal sealed class OutgoingMessage
{
    private OutgoingMessage() { }

    public Guid Id { get; private set; }
    public Guid SourceEventId { get; private set; }
    public AccountId? AccountId { get; private set; }
    public string Topic { get; private set; } = "";
    public Channel Channel { get; private set; }
    public string Recipient { get; private set; } = "";
    public string? Subject { get; private set; }
    public string TextBody { get; private set; } = "";
    public string? HtmlBody { get; private set; }
    public DeliveryStatus Status { get; private set; }
    public int Attempts { get; private set; }
    public string? LastError { get; private set; }
    public string? ProviderId { get; private set; }
    public DateTime CreatedOnUtc { get; private set; }
    public DateTime NextAttemptOnUtc { get; private set; }
    public DateTime? SentOnUtc { get; private set; }
    /// <summary>Messages carrying a secret (activation) have their body erased once sent.</summary>
    public bool Sensitive { get; private set; }
    /// <summary>
    /// Set on a message stored compact (deadline reminders, ADR 0137): <see cref="TextBody"/> holds the template's values
    /// (first name, period, due date yyyy-MM-dd, days before, separated by <see cref="ValueSeparator"/>) and the bodies are
    /// rendered when it is sent, so that a million reminders are a million small rows.
    /// </summary>
    public string? Template { get; private set; }
    /// <summary>On a deadline reminder: the period and the step (days before the due date); unique with the account and channel.</summary>
    public string? Period { get; private set; }
    public int? DaysBefore { get; private set; }

    public const string DeadlineReminderTemplate = "deadline_reminder";
    public const char ValueSeparator = '\u001f';

    /// <summary>Renders a compact message's bodies before it is sent (no-op for messages stored rendered).</summary>
    public void Render()
    {
        if (Template != DeadlineReminderTemplate) return;
        var values = TextBody.Split(ValueSeparator);
        var content = Templates.DeadlineReminder(values[0], values[1], DateOnly.ParseExact(values[2], "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(values[3], System.Globalization.CultureInfo.InvariantCulture));
        (Subject, TextBody, HtmlBody, Template) = (content.Subject, content.Text, content.Html, null);
    }

    public static OutgoingMessage Email(Guid sourceEventId, AccountId? account, string topic, string to, string subject, string text, string html, DateTime now,
        bool sensitive = false) =>
        new()
        {
            Id = Guid.CreateVersion7(), SourceEventId = sourceEventId, AccountId = account, Topic = topic, Channel = Channel.Email,
            Recipient = to, Subject = subject, TextBody = text, HtmlBody = html, CreatedOnUtc = now, NextAttemptOnUtc = now, Sensitive = sensitive,
        };

    public static OutgoingMessage Sms(Guid sourceEventId, AccountId? account, string topic, string to, string text, DateTime now, bool sensitive = false) =>
        new()
        {
            Id = Guid.CreateVersion7(), SourceEventId = sourceEventId, AccountId = account, Topic = topic, Channel = Channel.Sms,
            Recipient = to, TextBody = text, CreatedOnUtc = now, NextAttemptOnUtc = now, Sensitive = sensitive,
        };

    /// <summary>
    /// A sensitive message's bodies are sealed before they are written (ADR 0040) and opened in memory just before the
    /// send; <paramref name="seal"/> (leaves a sealed text as it is) and <paramref name="open"/> bind them to this message's id.
    /// </summary>
    public void SealBodies(Func<string, string> seal)
    {
        if (!Sensitive || Status != DeliveryStatus.Pending) return; // sent or failed: erased already
        TextBody = seal(TextBody);
        if (HtmlBody is not null) HtmlBody = seal(HtmlBody);
    }

    public void OpenBodies(Func<string, string> open)
    {
        if (!Sensitive || Status != DeliveryStatus.Pending) return; // sent or failed: erased already
        TextBody = open(TextBody);
        if (HtmlBody is not null) HtmlBody = open(HtmlBody);
    }

    public void Sent(string providerId, DateTime now)
    {
        Status = DeliveryStatus.Sent;
        ProviderId = providerId;
        SentOnUtc = now;
        Attempts++;
        LastError = null;
        if (!Sensitive) return;
        TextBody = "(erased after delivery)";
        HtmlBody = null;
    }

    /// <summary>A failed attempt waits 30 s × 2^(n−1) (max 1 h); after <paramref name="maxAttempts"/> it stays failed.</summary>
    public void FailedAttempt(string error, DateTime now, int maxAttempts)
    {
        Attempts++;
        LastError = error.Length > 500 ? error[..500] : error;
        if (Attempts >= maxAttempts)
        {
            Status = DeliveryStatus.Failed;
            if (Sensitive) (TextBody, HtmlBody) = ("(erased: delivery failed)", null); // a dead message keeps no secret
        }
        else NextAttemptOnUtc = now.AddSeconds(Math.Min(3600, 30 * Math.Pow(2, Attempts - 1)));
    }
}

/// <summary>Notifications' own copy of an account's contact points, from Identity's AccountActivated.</summary>
internal sealed class Contact
{
    public AccountId AccountId { get; set; }
    public string FirstName { get; set; } = "";
    public string Email { get; set; } = "";
    public string MobilePhone { get; set; } = "";
    /// <summary>The enterprise of the account (links it to its <see cref="AudienceProfile"/>); empty for contacts recorded before it was kept.</summary>
    public string Siret { get; set; } = "";
}
