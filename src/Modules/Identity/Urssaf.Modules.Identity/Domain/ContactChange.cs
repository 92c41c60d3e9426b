using Urssaf.SharedKernel.Identity;

namespace Urssaf.Modules.Identity.Domain;

internal enum ContactKind
{
    Email,
    Phone,
    SecretQuestion,
}

/// <summary>
/// A change of the e-mail address, the mobile number or the secret question (ADR 0022). It needs a recent login and
/// a code sent to the new channel (the mobile for the secret question: it has no channel of its own); once applied,
/// the old channel gets a "this was not me" link that restores the old value and ends every session.
/// </summary>
internal sealed class ContactChange
{
    public const int MaxCodeTries = 5;
    public static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan CancellationWindow = TimeSpan.FromDays(30);

    /// <summary>At most one applied change per account in this window (ADR 22).</summary>
    public static readonly TimeSpan Cooldown = TimeSpan.FromDays(7);

    private ContactChange() { }

    public Guid Id { get; private set; }
    public AccountId AccountId { get; private set; }
    public ContactKind Kind { get; private set; }
    /// <summary>The new e-mail address, mobile number (E.164) or secret question.</summary>
    public string NewValue { get; private set; } = "";
    public string? NewSecretAnswerHash { get; private set; }
    /// <summary>What the change replaced, to restore it on "this was not me".</summary>
    public string? OldValue { get; private set; }
    public string? OldSecretAnswerHash { get; private set; }
    public string CodeHash { get; private set; } = "";
    public DateTime CodeExpiresOnUtc { get; private set; }
    /// <summary>Code tries used (taken before each check, by a conditional UPDATE).</summary>
    public int CodeTries { get; private set; }
    public DateTime CreatedOnUtc { get; private set; }
    public DateTime? AppliedOnUtc { get; private set; }
    public string? CancelTokenHash { get; private set; }
    public DateTime? CancelExpiresOnUtc { get; private set; }
    public DateTime? CancelledOnUtc { get; private set; }
    public DateTime? SupersededOnUtc { get; private set; }
    public int Version { get; private set; }

    public static ContactChange Request(AccountId account, ContactKind kind, string newValue, string? newSecretAnswerHash, string codeHash, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(), AccountId = account, Kind = kind, NewValue = newValue, NewSecretAnswerHash = newSecretAnswerHash,
        CodeHash = codeHash, CodeExpiresOnUtc = now + CodeLifetime, CreatedOnUtc = now,
    };

    public bool IsAwaitingCode(DateTime now) => AppliedOnUtc is null && SupersededOnUtc is null && now <= CodeExpiresOnUtc && CodeTries <= MaxCodeTries;

    public void Supersede(DateTime now) => (SupersededOnUtc, Version) = (SupersededOnUtc ?? now, Version + 1);

    /// <summary>Applies the change to the account and keeps what it replaced.</summary>
    public void Apply(Account account, string cancelTokenHash, DateTime now)
    {
        (OldValue, OldSecretAnswerHash) = Kind switch
        {
            ContactKind.Email => (account.Email, null),
            ContactKind.Phone => (account.MobilePhone, null),
            _ => (account.SecretQuestion, account.SecretAnswerHash),
        };
        account.ChangeContact(Kind, NewValue, NewSecretAnswerHash);
        (AppliedOnUtc, CancelTokenHash, CancelExpiresOnUtc) = (now, cancelTokenHash, now + CancellationWindow);
        Version++;
    }

    public bool IsCancellable(DateTime now) => AppliedOnUtc is not null && CancelledOnUtc is null && now <= CancelExpiresOnUtc;

    /// <summary>"This was not me": the value from before this change comes back, whatever came after it.</summary>
    public void Cancel(Account account, DateTime now)
    {
        account.ChangeContact(Kind, OldValue!, OldSecretAnswerHash);
        Undo(now);
    }

    /// <summary>Undone with an earlier change of the same kind: it no longer counts, and its own link is spent.</summary>
    public void Undo(DateTime now) => (CancelledOnUtc, Version) = (CancelledOnUtc ?? now, Version + 1);
}
