using System.Security.Cryptography;
using Urssaf.SharedKernel.Identity;

namespace Urssaf.Modules.Payments.Domain;

internal enum MandateStatus
{
    Active,
    Revoked,
}

/// <summary>
/// A SEPA direct-debit mandate (Core scheme) signed online by the entrepreneur. The IBAN is kept only encrypted
/// (<see cref="IbanCipher"/>, AES-GCM) and as a mask; the reference (RUM) is random, never built from personal data.
/// </summary>
internal sealed class Mandate
{
    /// <summary>Active mandates an account may hold at once (DOMAIN.md §9: up to three bank accounts).</summary>
    public const int MaxActivePerAccount = 3;

    private const string RumAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private Mandate() { }

    public Guid Id { get; private set; }
    public AccountId AccountId { get; private set; }
    /// <summary>Unique mandate reference, 27 characters of the SEPA set (≤ 35, DOMAIN.md §7).</summary>
    public string Rum { get; private set; } = "";
    public byte[] IbanCipher { get; private set; } = [];
    public string MaskedIban { get; private set; } = "";
    public string? Bic { get; private set; }
    public string HolderName { get; private set; } = "";
    public DateOnly SignedOn { get; private set; }
    public MandateStatus Status { get; private set; }
    /// <summary>Set once a collection of this mandate was sent to the bank: later ones are RCUR, the first FRST.</summary>
    public bool HasBeenCollected { get; private set; }
    public string? RevocationReason { get; private set; }
    /// <summary>Automatic debit: each filed declaration schedules its debit on this mandate at the due date (one per account).</summary>
    public bool Automatic { get; private set; }
    public DateTime CreatedOnUtc { get; private set; }
    public DateTime UpdatedOnUtc { get; private set; }

    /// <param name="encrypt">Encrypts the IBAN bound to the new mandate's id.</param>
    public static Mandate Sign(AccountId account, Func<Guid, byte[]> encrypt, string maskedIban, string? bic, string holderName, DateOnly signedOn, DateTime now)
    {
        var id = Guid.CreateVersion7();
        return new Mandate
        {
            Id = id, AccountId = account, Rum = NewRum(), IbanCipher = encrypt(id), MaskedIban = maskedIban, Bic = bic,
            HolderName = holderName, SignedOn = signedOn, Status = MandateStatus.Active, CreatedOnUtc = now, UpdatedOnUtc = now,
        };
    }

    public void MarkCollected(DateTime now) => (HasBeenCollected, UpdatedOnUtc) = (true, now);

    public void SetAutomatic(bool automatic, DateTime now) => (Automatic, UpdatedOnUtc) = (automatic, now);

    public void Revoke(string reason, DateTime now)
    {
        if (Status == MandateStatus.Revoked) return;
        (Status, RevocationReason, Automatic, UpdatedOnUtc) = (MandateStatus.Revoked, reason, false, now);
    }

    /// <summary>"URSSAF-" and 20 random characters (100 bits): unique without a lookup, meaningless outside this service.</summary>
    private static string NewRum() => "URSSAF-" + RandomNumberGenerator.GetString(RumAlphabet, 20);
}
