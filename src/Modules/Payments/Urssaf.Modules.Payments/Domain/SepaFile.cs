using System.Globalization;
using System.Security.Cryptography;

namespace Urssaf.Modules.Payments.Domain;

/// <summary>
/// A SEPA file produced for a date (pain.008 <see cref="SepaBatch"/>, pain.001 <see cref="CreditTransferBatch"/>): kept byte for
/// byte so that asking again serves the same file, but sealed with the IBAN key (the batch id as associated data), since it
/// holds IBANs (ADR 0041). After the retention the file is purged; the row stays, so the date is never produced twice.
/// </summary>
internal abstract class SepaFile
{
    protected SepaFile() { }

    /// <param name="prefix">Two letters naming the kind of file in its message id (ISO 20022 MsgId, 35 characters at most).</param>
    protected SepaFile(string prefix, DateOnly date, DateTime now)
    {
        Id = Guid.CreateVersion7();
        MessageId = prefix + date.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + "-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8));
        CreatedOnUtc = now;
    }

    public Guid Id { get; private set; }
    public string MessageId { get; private set; } = "";
    public int NumberOfTransactions { get; set; }
    public long ControlSumCents { get; set; }
    /// <summary>The file, sealed when <see cref="Sealed"/> (every file since ADR 0041; older ones are sealed by the daily job); null once purged.</summary>
    public byte[]? Content { get; private set; }
    public bool Sealed { get; private set; }
    public DateTime CreatedOnUtc { get; private set; }
    public DateTime? PurgedOnUtc { get; private set; }

    public void Store(byte[] sealedContent) => (Content, Sealed) = (sealedContent, true);

    public void Purge(DateTime now) => (Content, PurgedOnUtc) = (null, now);
}
