using Urssaf.SharedKernel.Identity;

namespace Urssaf.Modules.Notifications.Domain;

/// <summary>How a topic reaches the account: by e-mail, SMS, both, or not at all (never for security alerts).</summary>
internal enum ChannelChoice
{
    Email,
    Sms,
    Both,
    None,
}

/// <summary>An account's choice of channel for one topic; topics without a row use <see cref="Defaults"/>.</summary>
internal sealed class Preference
{
    public static readonly IReadOnlyDictionary<string, ChannelChoice> Defaults = new Dictionary<string, ChannelChoice>
    {
        [Topics.DeadlineReminders] = ChannelChoice.Email,
        [Topics.DeclarationConfirmations] = ChannelChoice.Email,
        [Topics.SecurityAlerts] = ChannelChoice.Email,
        [Topics.RegulatoryUpdates] = ChannelChoice.Email,
        [Topics.SecureMessages] = ChannelChoice.Email,
        [Topics.PaymentReminders] = ChannelChoice.Email,
    };

    public AccountId AccountId { get; set; }
    public string Topic { get; set; } = "";
    public ChannelChoice Choice { get; set; }

    public static IEnumerable<Channel> ChannelsOf(ChannelChoice choice) => choice switch
    {
        ChannelChoice.Email => [Channel.Email],
        ChannelChoice.Sms => [Channel.Sms],
        ChannelChoice.Both => [Channel.Email, Channel.Sms],
        _ => [],
    };
}

/// <summary>A declaration Declarations announced as expected; reminders go out until it is filed.</summary>
internal sealed class PendingDeclaration
{
    public AccountId AccountId { get; set; }
    public string Period { get; set; } = "";
    public DateOnly DueDate { get; set; }
    public bool Filed { get; set; }
    /// <summary>Bit n set: the reminder n days before the due date was sent (never twice for a period and step).</summary>
    public long RemindedDaysMask { get; set; }
}

/// <summary>An amount Payments announced as owed (obligation); reminders go out while part of it is neither paid nor being debited.</summary>
internal sealed class PendingPayment
{
    public Guid ObligationId { get; set; }
    public AccountId AccountId { get; set; }
    public string Period { get; set; } = "";
    public string Kind { get; set; } = "";
    /// <summary>What is neither paid nor covered by a scheduled or submitted debit, in cents.</summary>
    public long UncoveredCents { get; set; }
    public DateOnly DueDate { get; set; }
    public int Revision { get; set; }
    /// <summary>Bit n set: the reminder n days before the due date was sent (never twice for an obligation and step).</summary>
    public long RemindedDaysMask { get; set; }
}
