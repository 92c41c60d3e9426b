using System.Security.Cryptography;
using Urssaf.SharedKernel.Identity;

namespace Urssaf.Modules.Payments.Domain;

internal enum PaymentMethod
{
    SepaDebit,
    Card,
    Transfer,
}

internal enum PaymentStatus
{
    /// <summary>Direct debit planned for its collection date, not yet sent to the bank.</summary>
    Scheduled,
    /// <summary>Direct debit sent to the bank in a pain.008 batch.</summary>
    Submitted,
    /// <summary>Transfer instructions given; nothing received yet.</summary>
    AwaitingTransfer,
    Paid,
    /// <summary>Direct debit returned by the debtor's bank (the obligation is open again).</summary>
    Returned,
    /// <summary>Card payment sent to the payment service provider's page; waits for its signed notification.</summary>
    Pending,
    /// <summary>The provider notified a refused card payment.</summary>
    Failed,
    /// <summary>No notification came before <see cref="Payment.ExpiresOnUtc"/>: the card payment is abandoned.</summary>
    Expired,
    /// <summary>A plan instalment's debit withdrawn before it was sent (the plan defaulted).</summary>
    Cancelled,
}

/// <summary>
/// One payment of an obligation. A direct debit may be split across mandates: one <see cref="Collection"/> each.
/// <see cref="Reference"/> identifies a transfer in the bank's notification.
/// </summary>
internal sealed class Payment
{
    private const string ReferenceAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private Payment() { }

    public Guid Id { get; private set; }
    public AccountId AccountId { get; private set; }
    public Guid ObligationId { get; private set; }
    public string Period { get; private set; } = "";
    public long AmountCents { get; private set; }
    /// <summary>What the bank notified as received (a transfer may differ from what was announced).</summary>
    public long ReceivedCents { get; private set; }
    public PaymentMethod Method { get; private set; }
    public PaymentStatus Status { get; private set; }
    public string Reference { get; private set; } = "";
    public DateOnly? CollectionDate { get; private set; }
    public DateTime CreatedOnUtc { get; private set; }
    public DateTime UpdatedOnUtc { get; private set; }
    public DateOnly? ReceivedOn { get; private set; }
    public string? ReturnReason { get; private set; }
    public int Revision { get; private set; }
    /// <summary>A card payment without notification by then expires (<c>Payments:Card:ExpiryMinutes</c>).</summary>
    public DateTime? ExpiresOnUtc { get; private set; }
    /// <summary>The plan instalment this debit presents (CSS R243-21), if any.</summary>
    public Guid? PlanInstalmentId { get; private set; }
    public List<Collection> Collections { get; private set; } = [];

    public static Payment DirectDebit(AccountId account, Obligation obligation, IReadOnlyList<(Mandate Mandate, long Cents)> split, DateOnly collectionDate, DateTime now)
    {
        var payment = New(account, obligation, split.Sum(s => s.Cents), PaymentMethod.SepaDebit, PaymentStatus.Scheduled, now);
        payment.CollectionDate = collectionDate;
        foreach (var (mandate, cents) in split)
            payment.Collections.Add(new Collection(payment.Id, mandate.Id, cents, collectionDate));
        return payment;
    }

    public static Payment Instalment(AccountId account, Obligation obligation, Mandate mandate, long cents, DateOnly collectionDate, Guid instalmentId, DateTime now)
    {
        var payment = DirectDebit(account, obligation, [(mandate, cents)], collectionDate, now);
        payment.PlanInstalmentId = instalmentId;
        return payment;
    }

    public static Payment ByTransfer(AccountId account, Obligation obligation, long cents, DateTime now) =>
        New(account, obligation, cents, PaymentMethod.Transfer, PaymentStatus.AwaitingTransfer, now);

    /// <summary>A card payment waiting for the provider: it reserves its amount on the obligation like a debit in progress.</summary>
    public static Payment ByCard(AccountId account, Obligation obligation, long cents, DateTime now, DateTime expiresOnUtc)
    {
        var payment = New(account, obligation, cents, PaymentMethod.Card, PaymentStatus.Pending, now);
        payment.ExpiresOnUtc = expiresOnUtc;
        return payment;
    }

    private static Payment New(AccountId account, Obligation obligation, long cents, PaymentMethod method, PaymentStatus status, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(), AccountId = account, ObligationId = obligation.Id, Period = obligation.Period, AmountCents = cents, Method = method,
        Status = status, Reference = "UA" + RandomNumberGenerator.GetString(ReferenceAlphabet, 14), CreatedOnUtc = now, UpdatedOnUtc = now,
    };

    public void MarkSubmitted(DateTime now) => Change(PaymentStatus.Submitted, now);

    public void MarkPaid(long receivedCents, DateOnly on, DateTime now)
    {
        ReceivedCents += receivedCents;
        ReceivedOn = on;
        Change(PaymentStatus.Paid, now);
    }

    public void MarkReturned(string reason, DateTime now)
    {
        ReturnReason = reason;
        Change(PaymentStatus.Returned, now);
    }

    public void MarkFailed(string reason, DateTime now)
    {
        ReturnReason = reason;
        Change(PaymentStatus.Failed, now);
    }

    public void MarkExpired(DateTime now) => Change(PaymentStatus.Expired, now);

    public void MarkCancelled(DateTime now) => Change(PaymentStatus.Cancelled, now);

    private void Change(PaymentStatus status, DateTime now) => (Status, UpdatedOnUtc, Revision) = (status, now, Revision + 1);
}

internal enum CollectionStatus
{
    Scheduled,
    Submitted,
    Collected,
    Returned,
}

/// <summary>One direct-debit transaction (a pain.008 <c>DrctDbtTxInf</c>): the reconciliation key is <see cref="EndToEndId"/>.</summary>
internal sealed class Collection
{
    private Collection() { }

    public Collection(Guid paymentId, Guid mandateId, long amountCents, DateOnly collectionDate)
    {
        Id = Guid.CreateVersion7();
        PaymentId = paymentId;
        MandateId = mandateId;
        AmountCents = amountCents;
        CollectionDate = collectionDate;
        EndToEndId = "E2E" + Id.ToString("N").ToUpperInvariant(); // 35 characters, unique across every file
        Status = CollectionStatus.Scheduled;
    }

    public Guid Id { get; private set; }
    public Guid PaymentId { get; private set; }
    public Guid MandateId { get; private set; }
    public long AmountCents { get; private set; }
    public DateOnly CollectionDate { get; private set; }
    public string EndToEndId { get; private set; } = "";
    public CollectionStatus Status { get; private set; }
    /// <summary>FRST or RCUR, fixed when the batch is produced.</summary>
    public string? SequenceType { get; private set; }
    public Guid? BatchId { get; private set; }
    public string? ReturnReason { get; private set; }

    public void Submit(Guid batchId, string sequenceType) => (BatchId, SequenceType, Status) = (batchId, sequenceType, CollectionStatus.Submitted);

    public void MarkCollected() => Status = CollectionStatus.Collected;

    public void MarkReturned(string reason) => (Status, ReturnReason) = (CollectionStatus.Returned, reason);
}

/// <summary>
/// The part of a received transfer applied to one obligation: a transfer pays its own period first and its surplus other
/// periods (ImportBankStatement), so lateness is judged per obligation from these rows, each against its obligation's
/// due date (CSS R243-16 I). A direct debit pays only its own obligation: its collections play this part.
/// </summary>
internal sealed class PaymentAllocation
{
    private PaymentAllocation() { }

    public PaymentAllocation(Guid paymentId, Guid obligationId, long amountCents, DateOnly receivedOn)
    {
        Id = Guid.CreateVersion7();
        (PaymentId, ObligationId, AmountCents, ReceivedOn) = (paymentId, obligationId, amountCents, receivedOn);
    }

    public Guid Id { get; private set; }
    public Guid PaymentId { get; private set; }
    public Guid ObligationId { get; private set; }
    public long AmountCents { get; private set; }
    /// <summary>The bank's booking date of the transfer.</summary>
    public DateOnly ReceivedOn { get; private set; }
}

/// <summary>The pain.008 file (direct debits) of a collection date; the debtors' IBANs never rest in clear (ADR 0041).</summary>
internal sealed class SepaBatch : SepaFile
{
    private SepaBatch() { }

    public SepaBatch(DateOnly collectionDate, DateTime now) : base("UA", collectionDate, now) => CollectionDate = collectionDate;

    public DateOnly CollectionDate { get; private set; }
}
