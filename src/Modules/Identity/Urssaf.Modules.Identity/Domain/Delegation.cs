using Urssaf.SharedKernel.Identity;

namespace Urssaf.Modules.Identity.Domain;

internal enum ThirdPartyStatus { Active, SecretRevoked }

/// <summary>
/// An accountant's firm or an accounting software publisher, registered by the operator (ADR 60). Its OAuth client
/// (OpenIddict application, secret hashed there) carries the same id as <see cref="ClientId"/>.
/// </summary>
internal sealed class ThirdParty
{
    private ThirdParty() { }

    public Guid Id { get; private set; }
    public string Name { get; private set; } = "";
    public string Siren { get; private set; } = "";
    public string AllowedScopes { get; private set; } = "";
    public string ClientId { get; private set; } = "";
    public ThirdPartyStatus Status { get; private set; }
    public DateTime CreatedOnUtc { get; private set; }

    /// <summary>When the secret was last rotated or revoked.</summary>
    public DateTime? CredentialsChangedOnUtc { get; private set; }

    /// <summary>
    /// Grows with every rotation or revocation; an access token carries the value of its issue and is refused once it
    /// differs, so a rotated secret's tokens stop working at once.
    /// </summary>
    public int Version { get; private set; }

    public IReadOnlyList<string> Scopes => Split(AllowedScopes);

    public static ThirdParty Register(string name, string siren, IEnumerable<string> scopes, DateTime nowUtc) => new()
    {
        Id = Guid.NewGuid(),
        Name = name.Trim(),
        Siren = siren,
        AllowedScopes = Join(scopes),
        ClientId = "tp_" + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12)).ToLowerInvariant(),
        Status = ThirdPartyStatus.Active,
        CreatedOnUtc = nowUtc,
    };

    /// <summary>A new secret replaces the old one; tokens issued before stop working.</summary>
    public void SecretRotated(DateTime nowUtc)
    {
        Status = ThirdPartyStatus.Active;
        CredentialsChangedOnUtc = nowUtc;
        Version++;
    }

    /// <summary>No secret works any more and every token issued is refused, until the operator rotates it again.</summary>
    public void SecretRevoked(DateTime nowUtc)
    {
        Status = ThirdPartyStatus.SecretRevoked;
        CredentialsChangedOnUtc = nowUtc;
        Version++;
    }

    internal static string Join(IEnumerable<string> scopes) => string.Join(' ', scopes.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
    internal static IReadOnlyList<string> Split(string scopes) => scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}

internal enum DelegationStatus { Active, Expired, Revoked }

/// <summary>An entrepreneur's grant to a third party: which scopes, until when; checked on every call the third party makes.</summary>
internal sealed class Delegation
{
    private Delegation() { }

    public Guid Id { get; private set; }
    public AccountId AccountId { get; private set; }
    public string Siret { get; private set; } = "";
    public Guid ThirdPartyId { get; private set; }
    public string Scopes { get; private set; } = "";
    public DateOnly? ExpiresOn { get; private set; }
    public DateTime CreatedOnUtc { get; private set; }
    public DateTime? RevokedOnUtc { get; private set; }
    public DateTime? FirstUsedOnUtc { get; private set; }
    public int Version { get; private set; }

    public IReadOnlyList<string> ScopeList => ThirdParty.Split(Scopes);

    public static Delegation Grant(AccountId account, string siret, Guid thirdParty, IEnumerable<string> scopes, DateOnly? expiresOn, DateTime nowUtc) => new()
    {
        Id = Guid.NewGuid(),
        AccountId = account,
        Siret = siret,
        ThirdPartyId = thirdParty,
        Scopes = ThirdParty.Join(scopes),
        ExpiresOn = expiresOn,
        CreatedOnUtc = nowUtc,
    };

    /// <summary>Active until the end of <see cref="ExpiresOn"/> (Paris time), unless revoked.</summary>
    public DelegationStatus StatusOn(DateOnly today) =>
        RevokedOnUtc is not null ? DelegationStatus.Revoked
        : ExpiresOn is { } end && today > end ? DelegationStatus.Expired
        : DelegationStatus.Active;

    public void ChangeScopes(IEnumerable<string> scopes)
    {
        Scopes = ThirdParty.Join(scopes);
        Version++;
    }

    public void Revoke(DateTime nowUtc)
    {
        RevokedOnUtc ??= nowUtc;
        Version++;
    }
}

/// <summary>One call a third party made under a delegation: shown to the entrepreneur.</summary>
internal sealed class DelegationActivity
{
    private DelegationActivity() { }

    public long Id { get; private set; }
    public Guid DelegationId { get; private set; }
    public DateTime AtUtc { get; private set; }
    public string Operation { get; private set; } = "";
    public string Resource { get; private set; } = "";
    public int Status { get; private set; }

    public static DelegationActivity Record(Guid delegation, DateTime atUtc, string operation, string resource, int status) => new()
    {
        DelegationId = delegation,
        AtUtc = atUtc,
        Operation = operation.Length > 200 ? operation[..200] : operation,
        Resource = resource.Length > 300 ? resource[..300] : resource,
        Status = status,
    };
}
