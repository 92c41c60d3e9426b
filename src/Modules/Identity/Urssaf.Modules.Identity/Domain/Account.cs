using Urssaf.SharedKernel.Identity;

namespace Urssaf.Modules.Identity.Domain;

internal enum AccountStatus
{
    PendingActivation,
    Active,
    Closed,
}

/// <summary>An entrepreneur's account: identity, contact points, credentials and activation state.</summary>
internal sealed class Account
{
    private Account() { }

    public AccountId Id { get; private set; }
    public string Siret { get; private set; } = "";
    /// <summary>HMAC of the NIR (login by NIR, uniqueness) — the NIR itself is never stored in clear.</summary>
    public string NirLookup { get; private set; } = "";
    public string NirMasked { get; private set; } = "";
    public string FirstName { get; private set; } = "";
    public string LastName { get; private set; } = "";
    public string Email { get; private set; } = "";
    public string MobilePhone { get; private set; } = "";
    public string PasswordHash { get; private set; } = "";
    public string SecretQuestion { get; private set; } = "";
    public string SecretAnswerHash { get; private set; } = "";
    public AccountStatus Status { get; private set; }
    public bool EmailConfirmed { get; private set; }
    public bool PhoneConfirmed { get; private set; }
    public bool MustChangePassword { get; private set; }
    public string? TemporaryPasswordHash { get; private set; }
    public DateTime? TemporaryPasswordExpiresOnUtc { get; private set; }
    public DateTime CreatedOnUtc { get; private set; }
    public DateTime? ActivatedOnUtc { get; private set; }
    public DateTime? ClosedOnUtc { get; private set; }
    /// <summary>Set once the legal retention after closure ended and every module was asked to purge (ADR 0111).</summary>
    public DateTime? PurgedOnUtc { get; private set; }
    public int Version { get; private set; }

    public static Account Register(string siret, string nirLookup, string nirMasked, string firstName, string lastName, string email,
        string mobilePhone, string passwordHash, string secretQuestion, string secretAnswerHash, DateTime now, AccountId? id = null) => new()
    {
        Id = id ?? AccountId.New(),
        Siret = siret,
        NirLookup = nirLookup,
        NirMasked = nirMasked,
        FirstName = firstName,
        LastName = lastName,
        Email = email,
        MobilePhone = mobilePhone,
        PasswordHash = passwordHash,
        SecretQuestion = secretQuestion,
        SecretAnswerHash = secretAnswerHash,
        Status = AccountStatus.PendingActivation,
        CreatedOnUtc = now,
    };

    /// <summary>How long a registration may wait for its activation: the e-mail link's life. Afterwards the SIRET is free again.</summary>
    public static readonly TimeSpan RegistrationLifetime = TimeSpan.FromHours(24);

    public bool IsExpiredRegistration(DateTime now) => Status == AccountStatus.PendingActivation && now > CreatedOnUtc + RegistrationLifetime;

    /// <summary>Records a confirmed channel; returns true when this confirmation activates the account (both done).</summary>
    public bool Confirm(ActivationChannel channel, DateTime now)
    {
        if (channel == ActivationChannel.Email) EmailConfirmed = true;
        else PhoneConfirmed = true;
        Version++;
        if (Status == AccountStatus.Active || !EmailConfirmed || !PhoneConfirmed) return false;
        Status = AccountStatus.Active;
        ActivatedOnUtc = now;
        return true;
    }

    public void UpgradePasswordHash(string hash)
    {
        PasswordHash = hash;
        Version++;
    }

    /// <summary>After a completed recovery: a single-use password valid 15 minutes, that only opens a password-change session.</summary>
    public void IssueTemporaryPassword(string hash, DateTime now)
    {
        TemporaryPasswordHash = hash;
        TemporaryPasswordExpiresOnUtc = now.AddMinutes(15);
        MustChangePassword = true;
        Version++;
    }

    public bool HasUsableTemporaryPassword(DateTime now) => TemporaryPasswordHash is not null && now <= TemporaryPasswordExpiresOnUtc;

    public void ConsumeTemporaryPassword()
    {
        TemporaryPasswordHash = null;
        TemporaryPasswordExpiresOnUtc = null;
        Version++;
    }

    /// <summary>A confirmed change of a contact point (or its restoration): the new channel was proved by a code.</summary>
    public void ChangeContact(ContactKind kind, string value, string? secretAnswerHash)
    {
        switch (kind)
        {
            case ContactKind.Email: Email = value; break;
            case ContactKind.Phone: MobilePhone = value; break;
            default: (SecretQuestion, SecretAnswerHash) = (value, secretAnswerHash!); break;
        }

        Version++;
    }

    /// <summary>
    /// The password is known to someone else ("this was not me"): it is replaced by one nobody knows, and only a
    /// recovery (a temporary password, then a new one) opens the password path again.
    /// </summary>
    public void ClosePasswordPath(string unknownPasswordHash)
    {
        PasswordHash = unknownPasswordHash;
        Version++;
    }

    /// <summary>
    /// Closure (GDPR art. 17, ADR 0111): what no law requires is erased at once (contact points, secret question, names,
    /// NIR); the identifiers become tombstones unique to this row, so the SIRET, NIR and e-mail can register again, only
    /// through the registration flow (formality match). The row stays, holding the id the kept records refer to.
    /// </summary>
    public void Close(string unknownPasswordHash, DateTime now)
    {
        var tombstone = Id.Value.ToString("N");
        Status = AccountStatus.Closed;
        ClosedOnUtc = now;
        Siret = "C" + tombstone[..13];
        NirLookup = "closed:" + tombstone;
        NirMasked = "";
        Email = $"closed-{tombstone}@closed.invalid";
        MobilePhone = "";
        FirstName = "";
        LastName = "";
        SecretQuestion = "";
        SecretAnswerHash = "";
        PasswordHash = unknownPasswordHash;
        TemporaryPasswordHash = null;
        TemporaryPasswordExpiresOnUtc = null;
        MustChangePassword = false;
        Version++;
    }

    public void MarkPurged(DateTime now)
    {
        PurgedOnUtc = now;
        Version++;
    }

    public void ChangePassword(string hash)
    {
        PasswordHash = hash;
        MustChangePassword = false;
        TemporaryPasswordHash = null;
        TemporaryPasswordExpiresOnUtc = null;
        Version++;
    }
}
