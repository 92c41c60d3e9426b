using Urssaf.Modules.Payments.Domain;
using Urssaf.Modules.Payments.Security;
using Urssaf.SharedKernel.Results;

namespace Urssaf.Modules.Payments.Sepa;

internal static class SepaFiles
{
    /// <summary>The stored file opened (the same bytes as first produced), or a stable error once it was purged.</summary>
    /// <param name="dateKind">What the file's date is, for the error: "collection date", "execution date".</param>
    public static Result<byte[]> Open(SepaFile file, IbanProtector protector, string dateKind) => file.Content switch
    {
        null => Error.NotFound("payments.sepa.batch_purged",
            $"The file of this {dateKind} was produced and then purged after its retention period (message {file.MessageId})."),
        var content when file.Sealed => protector.UnprotectFile(content, file.Id),
        var content => content,
    };

    /// <summary>The columns every SEPA file row shares: its id, a unique message id, and the purge date the daily job looks for.</summary>
    public static void ConfigureFile<T>(Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<T> b) where T : SepaFile
    {
        b.HasKey(s => s.Id);
        b.Property(s => s.Id).ValueGeneratedNever();
        b.HasIndex(s => s.MessageId).IsUnique();
        b.Property(s => s.MessageId).HasMaxLength(35).IsUnicode(false);
        b.HasIndex(s => s.PurgedOnUtc);
    }
}
