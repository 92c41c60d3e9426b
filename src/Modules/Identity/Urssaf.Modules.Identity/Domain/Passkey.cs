using Urssaf.SharedKernel.Identity;

namespace Urssaf.Modules.Identity.Domain;

/// <summary>
/// A WebAuthn credential of an account (the phone's biometric or PIN login, ADR 0071): its id, COSE public key and
/// signature counter as the authenticator gave them. A deleted passkey is removed, so it can never log in again.
/// </summary>
internal sealed class Passkey
{
    public const int MaxNameLength = 60;
    public const int MaxPerAccount = 10;

    private Passkey() { }

    public Guid Id { get; private set; }
    public AccountId AccountId { get; private set; }
    public byte[] CredentialId { get; private set; } = [];
    public byte[] PublicKey { get; private set; } = [];
    /// <summary>The WebAuthn user handle: the account id's 16 bytes (never the NIR or the e-mail address).</summary>
    public byte[] UserHandle { get; private set; } = [];
    public long SignCount { get; private set; }
    public string Name { get; private set; } = "";
    public DateTime CreatedOnUtc { get; private set; }
    public DateTime? LastUsedOnUtc { get; private set; }
    public int Version { get; private set; }

    public static Passkey Register(AccountId account, byte[] credentialId, byte[] publicKey, uint signCount, string name, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(), AccountId = account, CredentialId = credentialId, PublicKey = publicKey, UserHandle = UserHandleOf(account),
        SignCount = signCount, Name = name, CreatedOnUtc = now,
    };

    public static byte[] UserHandleOf(AccountId account) => account.Value.ToByteArray();

    public void Used(uint signCount, DateTime now)
    {
        SignCount = signCount;
        LastUsedOnUtc = now;
        Version++;
    }
}

/// <summary>
/// The options of one WebAuthn ceremony, kept server-side under an <c>optionsId</c>: single use and 5 minutes, so a
/// challenge can be answered once (registration: for the account that asked; login: by anyone).
/// </summary>
internal sealed class PasskeyCeremony
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private PasskeyCeremony() { }

    public Guid Id { get; private set; }
    public PasskeyCeremonyKind Kind { get; private set; }
    public AccountId? AccountId { get; private set; }
    public string OptionsJson { get; private set; } = "";
    public DateTime ExpiresOnUtc { get; private set; }
    public DateTime? UsedOnUtc { get; private set; }

    public static PasskeyCeremony Start(PasskeyCeremonyKind kind, AccountId? account, string optionsJson, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(), Kind = kind, AccountId = account, OptionsJson = optionsJson, ExpiresOnUtc = now + Lifetime,
    };
}

internal enum PasskeyCeremonyKind
{
    Registration,
    Assertion,
}
