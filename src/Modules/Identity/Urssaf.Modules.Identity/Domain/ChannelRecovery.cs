using Urssaf.SharedKernel.Identity;

namespace Urssaf.Modules.Identity.Domain;

internal enum LostChannel
{
    Email,
    Phone,
}

internal enum ChannelRecoveryStatus
{
    AwaitingCode,
    UnderReview,
    Approved,
    Refused,
}

/// <summary>
/// Someone who lost their e-mail address or their mobile asks for a new one (ADR 0022). They proved who they are
/// (NIR, birth date from the formalities feed, secret answer) and then prove the channel they kept with a code; an
/// adviser reviews the request in the operator queue, and only an approval replaces the lost channel.
/// </summary>
internal sealed class ChannelRecovery
{
    public const int MaxCodeTries = 5;
    public static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(10);

    private ChannelRecovery() { }

    public Guid Id { get; private set; }
    public AccountId AccountId { get; private set; }
    public LostChannel Lost { get; private set; }
    /// <summary>The replacement: an e-mail address, or a mobile number in E.164.</summary>
    public string NewValue { get; private set; } = "";
    public string CodeHash { get; private set; } = "";
    public DateTime CodeExpiresOnUtc { get; private set; }
    /// <summary>Code tries used (taken before each check, by a conditional UPDATE).</summary>
    public int CodeTries { get; private set; }
    public ChannelRecoveryStatus Status { get; private set; }
    public DateTime SubmittedOnUtc { get; private set; }
    public DateTime? ProvedOnUtc { get; private set; }
    public DateTime? DecidedOnUtc { get; private set; }
    public string? DecisionNote { get; private set; }
    public int Version { get; private set; }

    public static ChannelRecovery Submit(AccountId account, LostChannel lost, string newValue, string codeHash, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(), AccountId = account, Lost = lost, NewValue = newValue, CodeHash = codeHash,
        CodeExpiresOnUtc = now + CodeLifetime, Status = ChannelRecoveryStatus.AwaitingCode, SubmittedOnUtc = now,
    };

    public bool IsAwaitingCode(DateTime now) => Status == ChannelRecoveryStatus.AwaitingCode && now <= CodeExpiresOnUtc;

    public void Prove(DateTime now) => (Status, ProvedOnUtc, Version) = (ChannelRecoveryStatus.UnderReview, now, Version + 1);

    public void Decide(bool approve, string? note, DateTime now) =>
        (Status, DecisionNote, DecidedOnUtc, Version) = (approve ? ChannelRecoveryStatus.Approved : ChannelRecoveryStatus.Refused, note, now, Version + 1);
}
