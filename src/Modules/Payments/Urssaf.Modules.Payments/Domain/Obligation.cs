using Urssaf.SharedKernel.Identity;

namespace Urssaf.Modules.Payments.Domain;

internal enum ObligationKind
{
    Declaration,
    Penalty,
}

/// <summary>
/// What an account owes for one declaration (or, later, one penalty), in cents, and what has been paid against it.
/// A correction changes the amount; a payment above it leaves a credit.
/// </summary>
internal sealed class Obligation
{
    private Obligation() { }

    public Guid Id { get; private set; }
    public AccountId AccountId { get; private set; }
    public ObligationKind Kind { get; private set; }
    /// <summary>The declaration (or penalty) it comes from; an event about the same source updates it.</summary>
    public Guid SourceId { get; private set; }
    public string Period { get; private set; } = "";
    public long AmountCents { get; private set; }
    public long PaidCents { get; private set; }
    public DateOnly DueDate { get; private set; }
    public DateTime CreatedOnUtc { get; private set; }
    public DateTime UpdatedOnUtc { get; private set; }
    /// <summary>The version of the source last applied: an older event never overwrites a newer amount.</summary>
    public int SourceVersion { get; private set; }

    public long OutstandingCents => Math.Max(0, AmountCents - PaidCents);
    public long CreditCents => Math.Max(0, PaidCents - AmountCents);
    public bool IsSettled => PaidCents >= AmountCents;

    public static Obligation ForDeclaration(AccountId account, Guid declarationId, string period, long amountCents, DateOnly dueDate, int version, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(), AccountId = account, Kind = ObligationKind.Declaration, SourceId = declarationId, Period = period,
        AmountCents = amountCents, DueDate = dueDate, SourceVersion = version, CreatedOnUtc = now, UpdatedOnUtc = now,
    };

    /// <summary>Applies a corrected amount; returns false when the event is older than what is already applied.</summary>
    public bool Adjust(long amountCents, int version, DateTime now)
    {
        if (version <= SourceVersion) return false;
        (AmountCents, SourceVersion, UpdatedOnUtc) = (amountCents, version, now);
        return true;
    }
}
