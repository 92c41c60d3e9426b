namespace Urssaf.Modules.Payments.Domain;

/// <summary>One imported camt.054 file; the same file (by SHA-256) imported again changes nothing.</summary>
internal sealed class BankStatementImport
{
    private BankStatementImport() { }

    public BankStatementImport(string sha256, string messageId, DateTime now) =>
        (Id, Sha256, MessageId, ImportedOnUtc) = (Guid.CreateVersion7(), sha256, messageId, now);

    public Guid Id { get; private set; }
    public string Sha256 { get; private set; } = "";
    public string MessageId { get; private set; } = "";
    public DateTime ImportedOnUtc { get; private set; }
    public int Entries { get; set; }
    public int Collected { get; set; }
    public int Returned { get; set; }
    public int Transfers { get; set; }
    public int Unmatched { get; set; }
    public int AlreadyApplied { get; set; }
    public int RefundsSettled { get; set; }
    public int RefundsReturned { get; set; }
}

internal enum BankEntryOutcome
{
    DirectDebitCollected,
    DirectDebitReturned,
    TransferReceived,
    /// <summary>The outgoing credit transfer of a refund (DBIT, its EndToEndId).</summary>
    RefundSettled,
    /// <summary>A refund's transfer rejected or returned: the credit is given back.</summary>
    RefundReturned,
    /// <summary>Nothing matched: left for the back office (never silently dropped, SECURITY.md §5.3).</summary>
    Unmatched,
}

/// <summary>
/// One transaction of a notification, keyed by notification id, entry reference and position so that a second
/// delivery of the same notification (another file, a DUPL copy) is recognised and never applied twice.
/// </summary>
internal sealed class BankEntry
{
    private BankEntry() { }

    public BankEntry(string key, Guid importId, bool credit, long amountCents, DateOnly bookedOn, string? endToEndId, string? remittance,
        string? returnReason, BankEntryOutcome outcome, Guid? paymentId, Guid? refundId = null) =>
        (Id, Key, ImportId, Credit, AmountCents, BookedOn, EndToEndId, Remittance, ReturnReason, Outcome, PaymentId, RefundId) =
        (Guid.CreateVersion7(), key, importId, credit, amountCents, bookedOn, endToEndId, remittance, returnReason, outcome, paymentId, refundId);

    public Guid Id { get; private set; }
    public string Key { get; private set; } = "";
    public Guid ImportId { get; private set; }
    public bool Credit { get; private set; }
    public long AmountCents { get; private set; }
    public DateOnly BookedOn { get; private set; }
    public string? EndToEndId { get; private set; }
    public string? Remittance { get; private set; }
    public string? ReturnReason { get; private set; }
    public BankEntryOutcome Outcome { get; private set; }
    public Guid? PaymentId { get; private set; }
    public Guid? RefundId { get; private set; }
}
