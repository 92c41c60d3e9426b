using Urssaf.SharedKernel.Identity;

namespace Urssaf.Modules.Identity.Domain;

/// <summary>
/// One FranceConnect authorization request in flight (ADR 0070): found by the hash of its <c>state</c>, bound to the
/// browser by the hash of a cookie, single use, 10 minutes. Keeps the <c>nonce</c> and the PKCE verifier for the callback.
/// </summary>
internal sealed class FranceConnectTransaction
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private FranceConnectTransaction() { }

    public Guid Id { get; private set; }
    public string StateHash { get; private set; } = "";
    public string BrowserBindingHash { get; private set; } = "";
    public string Nonce { get; private set; } = "";
    public string CodeVerifier { get; private set; } = "";
    public string RedirectUri { get; private set; } = "";
    public DateTime CreatedOnUtc { get; private set; }
    public DateTime ExpiresOnUtc { get; private set; }
    public DateTime? ConsumedOnUtc { get; private set; }

    public static FranceConnectTransaction Start(string stateHash, string browserBindingHash, string nonce, string codeVerifier, string redirectUri, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(), StateHash = stateHash, BrowserBindingHash = browserBindingHash, Nonce = nonce, CodeVerifier = codeVerifier,
        RedirectUri = redirectUri, CreatedOnUtc = now, ExpiresOnUtc = now + Lifetime,
    };

    public bool IsUsable(DateTime now) => ConsumedOnUtc is null && now < ExpiresOnUtc;

    public void Consume(DateTime now) => ConsumedOnUtc = now;
}

/// <summary>An account linked to a FranceConnect identity: the key is the provider's issuer and its pairwise <c>sub</c> (ASVS 6.8.1).</summary>
internal sealed class FranceConnectLink
{
    private FranceConnectLink() { }

    public Guid Id { get; private set; }
    public AccountId AccountId { get; private set; }
    public string Issuer { get; private set; } = "";
    public string Subject { get; private set; } = "";
    /// <summary>"identity_match" (a single exact match of the identity pivot) or "password_confirmed" (linked after a password login).</summary>
    public string LinkedBy { get; private set; } = "";
    public DateTime LinkedOnUtc { get; private set; }

    public static FranceConnectLink Create(AccountId account, string issuer, string subject, string linkedBy, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(), AccountId = account, Issuer = issuer, Subject = subject, LinkedBy = linkedBy, LinkedOnUtc = now,
    };
}

/// <summary>
/// What a FranceConnect callback leaves for the client, behind a one-time code (its hash only): a login of a known
/// account, or (no account found) a pending link that a password-authenticated person may confirm. 2 minutes for a
/// login, 30 for a link; single use.
/// </summary>
internal sealed class FranceConnectGrant
{
    public static readonly TimeSpan LoginLifetime = TimeSpan.FromMinutes(2);
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromMinutes(30);

    private FranceConnectGrant() { }

    public string CodeHash { get; private set; } = "";
    public FranceConnectGrantKind Kind { get; private set; }
    public AccountId? AccountId { get; private set; }
    public string Issuer { get; private set; } = "";
    public string Subject { get; private set; } = "";
    /// <summary>Kept for the provider's end-session call (<c>id_token_hint</c>); short-lived, never logged.</summary>
    public string IdToken { get; private set; } = "";
    public DateTime ExpiresOnUtc { get; private set; }
    public DateTime? UsedOnUtc { get; private set; }
    /// <summary>The session the login code opened: its logout goes through the provider's end-session with this ID token.</summary>
    public Guid? SessionId { get; private set; }

    public static FranceConnectGrant Login(string codeHash, AccountId account, string issuer, string subject, string idToken, DateTime now) => new()
    {
        CodeHash = codeHash, Kind = FranceConnectGrantKind.Login, AccountId = account, Issuer = issuer, Subject = subject, IdToken = idToken,
        ExpiresOnUtc = now + LoginLifetime,
    };

    public static FranceConnectGrant Link(string codeHash, string issuer, string subject, string idToken, DateTime now) => new()
    {
        CodeHash = codeHash, Kind = FranceConnectGrantKind.Link, Issuer = issuer, Subject = subject, IdToken = idToken, ExpiresOnUtc = now + LinkLifetime,
    };

    public bool IsUsable(FranceConnectGrantKind kind, DateTime now) => Kind == kind && UsedOnUtc is null && now < ExpiresOnUtc;
}

internal enum FranceConnectGrantKind
{
    Login,
    Link,
}

/// <summary>The identity pivot FranceConnect returns (OIDC claims of the <c>identite_pivot</c> scope).</summary>
internal sealed record IdentityPivot(string FamilyName, string GivenName, DateOnly BirthDate, string? Gender, string? Birthplace, string? Birthcountry)
{
    /// <summary>
    /// Exact match against the formality's identity (ADR 0070): birth name and every first name, normalised like
    /// <see cref="EntrepreneurIdentity.NameKey"/>, the birth date, and gender, birthplace and birth country where the
    /// formality's NIR gives them. A usage name never matches: FranceConnect's <c>family_name</c> is the birth name.
    /// </summary>
    public bool Matches(EntrepreneurIdentity identity)
    {
        if (EntrepreneurIdentity.NameKey(FamilyName) != EntrepreneurIdentity.NameKey(identity.BirthName)) return false;
        if (EntrepreneurIdentity.NameKey(GivenName.Replace(',', ' ')) != EntrepreneurIdentity.NameKey(identity.FirstNames.Replace(',', ' '))) return false;
        if (BirthDate != identity.BirthDate) return false;
        if (identity.Gender is { } gender && Gender is not null && gender != Gender) return false;
        if (identity.Birthcountry is { } country && Birthcountry is { Length: > 0 } && country != Birthcountry) return false;
        if (identity.Birthplace is { } place && Birthplace is { Length: > 0 } && place != Birthplace) return false;
        return true;
    }
}
