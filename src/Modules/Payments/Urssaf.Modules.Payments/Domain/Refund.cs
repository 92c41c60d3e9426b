using Urssaf.SharedKernel.Identity;

namespace Urssaf.Modules.Payments.Domain;

internal enum RefundStatus
{
    /// <summary>Asked for; the credit is reserved until the transfer is settled or comes back.</summary>
    Requested,
    /// <summary>In a pain.001 file handed to the bank.</summary>
    Submitted,
    /// <summary>The bank statement shows the outgoing transfer (DBIT with its EndToEndId).</summary>
    Settled,
    /// <summary>Rejected or returned by the beneficiary's bank: the credit is the account's again.</summary>
    Returned,
}

/// <summary>
/// The refund of an account's credit (contributions paid beyond what is owed, CSS L243-6) by SEPA credit transfer to the
/// account of one of its mandates. It takes the credit from the obligations that hold it (<see cref="Parts"/>), so two
/// requests cannot refund the same euros; a returned transfer gives each part back.
/// </summary>
internal sealed class Refund
{
    private Refund() { }

    public Guid Id { get; private set; }
    public AccountId AccountId { get; private set; }
    public Guid MandateId { get; private set; }
    public long AmountCents { get; private set; }
    public RefundStatus Status { get; private set; }
    /// <summary>The pain.001 <c>EndToEndId</c>: how the bank statement's outgoing entry is matched.</summary>
    public string EndToEndId { get; private set; } = "";
    /// <summary>The requested execution date (<c>ReqdExctnDt</c>): the file of that date carries it.</summary>
    public DateOnly ExecutionDate { get; private set; }
    public Guid? BatchId { get; private set; }
    public DateTime RequestedOnUtc { get; private set; }
    public DateTime UpdatedOnUtc { get; private set; }
    public DateOnly? SettledOn { get; private set; }
    public string? ReturnReason { get; private set; }
    public List<RefundPart> Parts { get; private set; } = [];

    /// <summary>Takes <paramref name="cents"/> from the credits of <paramref name="obligations"/>, earliest due first.</summary>
    /// <summary>The day's file was made without it (between the choice of its date and its commit): it goes in a later file.</summary>
    public void PostponeTo(DateOnly executionDate, DateTime now)
    {
        if (Status != RefundStatus.Requested) throw new InvalidOperationException("Only a refund not yet in a file can be postponed.");
        (ExecutionDate, UpdatedOnUtc) = (executionDate, now);
    }

    public static Refund Request(AccountId account, Mandate mandate, long cents, IEnumerable<Obligation> obligations, DateOnly executionDate, DateTime now)
    {
        var id = Guid.CreateVersion7();
        var refund = new Refund
        {
            Id = id, AccountId = account, MandateId = mandate.Id, AmountCents = cents, Status = RefundStatus.Requested,
            EndToEndId = "RFD" + id.ToString("N").ToUpperInvariant(), ExecutionDate = executionDate, RequestedOnUtc = now, UpdatedOnUtc = now,
        };
        var left = cents;
        foreach (var obligation in obligations.Where(o => o.CreditCents > 0).OrderBy(o => o.DueDate).ThenBy(o => o.Kind))
        {
            var part = Math.Min(left, obligation.CreditCents);
            obligation.PayOut(part, now);
            refund.Parts.Add(new RefundPart(id, obligation.Id, part));
            left -= part;
            if (left == 0) break;
        }

        if (left > 0) throw new InvalidOperationException("A refund above the credit was requested."); // checked before
        return refund;
    }

    public void Submit(Guid batchId, DateTime now) => (BatchId, Status, UpdatedOnUtc) = (batchId, RefundStatus.Submitted, now);

    public void Settle(DateOnly on, DateTime now) => (Status, SettledOn, UpdatedOnUtc) = (RefundStatus.Settled, on, now);

    /// <summary>The transfer came back: each obligation gets its part of the credit again.</summary>
    public void Return(string reason, IReadOnlyDictionary<Guid, Obligation> obligations, DateTime now)
    {
        foreach (var part in Parts) obligations[part.ObligationId].TakeBackPayout(part.AmountCents, now);
        (Status, ReturnReason, UpdatedOnUtc) = (RefundStatus.Returned, reason, now);
    }
}

/// <summary>The part of a refund taken from one obligation's credit.</summary>
internal sealed class RefundPart
{
    private RefundPart() { }

    public RefundPart(Guid refundId, Guid obligationId, long amountCents) =>
        (Id, RefundId, ObligationId, AmountCents) = (Guid.CreateVersion7(), refundId, obligationId, amountCents);

    public Guid Id { get; private set; }
    public Guid RefundId { get; private set; }
    public Guid ObligationId { get; private set; }
    public long AmountCents { get; private set; }
}

/// <summary>The pain.001 file (credit transfers) of the refunds of an execution date; the beneficiaries' IBANs never rest in clear (ADR 0041).</summary>
internal sealed class CreditTransferBatch : SepaFile
{
    private CreditTransferBatch() { }

    public CreditTransferBatch(DateOnly executionDate, DateTime now) : base("UR", executionDate, now) => ExecutionDate = executionDate;

    public DateOnly ExecutionDate { get; private set; }
}
