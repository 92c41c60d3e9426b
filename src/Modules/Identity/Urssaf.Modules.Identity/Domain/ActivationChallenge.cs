using Urssaf.SharedKernel.Identity;

namespace Urssaf.Modules.Identity.Domain;

internal enum ActivationChannel
{
    Email,
    Sms,
}

/// <summary>
/// One activation secret: an e-mail link token (≥ 128 bits, 24 h) or an SMS code (6 digits, 10 min, 5 tries).
/// Only a hash is stored; it is consumed once.
/// </summary>
internal sealed class ActivationChallenge
{
    public const int MaxSmsAttempts = 5;

    private ActivationChallenge() { }

    public Guid Id { get; private set; }
    public AccountId AccountId { get; private set; }
    public ActivationChannel Channel { get; private set; }
    public string SecretHash { get; private set; } = "";
    public DateTime ExpiresOnUtc { get; private set; }
    /// <summary>Tries used (each taken before its code is checked, so the last one may be the right code).</summary>
    public int FailedAttempts { get; private set; }
    public DateTime? ConsumedOnUtc { get; private set; }
    public DateTime? RevokedOnUtc { get; private set; }

    public static ActivationChallenge Create(AccountId account, ActivationChannel channel, string secretHash, DateTime expires) =>
        new() { Id = Guid.CreateVersion7(), AccountId = account, Channel = channel, SecretHash = secretHash, ExpiresOnUtc = expires };

    public bool IsUsable(DateTime now) => ConsumedOnUtc is null && RevokedOnUtc is null && now <= ExpiresOnUtc
        && (Channel == ActivationChannel.Email || FailedAttempts < MaxSmsAttempts);

    public void Consume(DateTime now) => ConsumedOnUtc = now;

    public void Revoke(DateTime now) => RevokedOnUtc ??= now;
}
