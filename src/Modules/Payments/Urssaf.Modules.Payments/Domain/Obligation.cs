using Urssaf.SharedKernel.Identity;

namespace Urssaf.Modules.Payments.Domain;

internal enum ObligationKind
{
    Declaration,
    Penalty,
}

/// <summary>
/// What an account owes for one declaration or one penalty, in cents: the amount, what was received against it
/// and what a direct debit in progress covers. A correction changes the amount; a payment above it leaves a credit.
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
    /// <summary>Covered by direct debits scheduled or sent to the bank, not yet collected.</summary>
    public long PendingCents { get; private set; }
    /// <summary>Credit paid back (or being paid back) by refunds; already deducted from <see cref="PaidCents"/>.</summary>
    public long RefundedCents { get; private set; }
    public DateOnly DueDate { get; private set; }
    public DateTime CreatedOnUtc { get; private set; }
    public DateTime UpdatedOnUtc { get; private set; }
    /// <summary>The version of the source last applied: an older event never overwrites a newer amount.</summary>
    public int SourceVersion { get; private set; }
    /// <summary>Optimistic concurrency token, raised on every change (two payments never both take the same euros).</summary>
    public int Revision { get; set; }

    public long OutstandingCents => Math.Max(0, AmountCents - PaidCents);
    public long CreditCents => Math.Max(0, PaidCents - AmountCents);
    public bool IsSettled => PaidCents >= AmountCents;
    /// <summary>What a new payment may still cover.</summary>
    public long PayableCents => Math.Max(0, AmountCents - PaidCents - PendingCents);

    public static Obligation ForDeclaration(AccountId account, Guid declarationId, string period, long amountCents, DateOnly dueDate, int version, DateTime now) =>
        New(ObligationKind.Declaration, account, declarationId, period, amountCents, dueDate, version, now);

    public static Obligation ForPenalty(AccountId account, Guid penaltyId, string period, long amountCents, DateOnly dueDate, int version, DateTime now) =>
        New(ObligationKind.Penalty, account, penaltyId, period, amountCents, dueDate, version, now);

    private static Obligation New(ObligationKind kind, AccountId account, Guid source, string period, long amountCents, DateOnly dueDate, int version, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(), AccountId = account, Kind = kind, SourceId = source, Period = period,
        AmountCents = amountCents, DueDate = dueDate, SourceVersion = version, CreatedOnUtc = now, UpdatedOnUtc = now,
    };

    /// <summary>Applies a corrected amount; returns false when the event is older than what is already applied.</summary>
    public bool Adjust(long amountCents, int version, DateTime now)
    {
        if (version <= SourceVersion) return false;
        (AmountCents, SourceVersion, UpdatedOnUtc) = (amountCents, version, now);
        return true;
    }

    public void Reserve(long cents, DateTime now) => (PendingCents, UpdatedOnUtc) = (PendingCents + cents, now);

    /// <summary>Money arrived: a reserved direct debit becomes paid; a transfer is paid directly.</summary>
    public void Receive(long cents, bool wasReserved, DateTime now)
    {
        if (wasReserved) PendingCents = Math.Max(0, PendingCents - cents);
        (PaidCents, UpdatedOnUtc) = (PaidCents + cents, now);
    }

    /// <summary>Part of the credit leaves by refund (CSS L243-6): what was paid counts that much less; reserved from the request on.</summary>
    public void PayOut(long cents, DateTime now)
    {
        if (cents <= 0 || cents > CreditCents) throw new InvalidOperationException("A refund can only take the obligation's credit.");
        (PaidCents, RefundedCents, UpdatedOnUtc) = (PaidCents - cents, RefundedCents + cents, now);
    }

    /// <summary>A refund's transfer came back: its part is paid again, the credit restored.</summary>
    public void TakeBackPayout(long cents, DateTime now) =>
        (PaidCents, RefundedCents, UpdatedOnUtc) = (PaidCents + cents, Math.Max(0, RefundedCents - cents), now);

    /// <summary>A direct debit came back: what it paid (or reserved) is owed again.</summary>
    public void Reverse(long cents, bool wasCollected, DateTime now)
    {
        if (wasCollected) PaidCents = Math.Max(0, PaidCents - cents);
        else PendingCents = Math.Max(0, PendingCents - cents);
        UpdatedOnUtc = now;
    }
}
