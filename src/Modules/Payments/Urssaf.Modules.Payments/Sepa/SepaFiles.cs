using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Urssaf.Modules.Payments.Domain;
using Urssaf.Modules.Payments.Persistence;
using Urssaf.Modules.Payments.Security;
using Urssaf.SharedKernel.Results;

namespace Urssaf.Modules.Payments.Sepa;

internal static partial class SepaFiles
{
    /// <summary>
    /// Records a file just produced: sealed with the IBAN key (ADR 0041), with its totals. The file's date is unique, so
    /// when another request recorded that date's file first, this one is dropped and the first served: one file per
    /// date, ever, whatever the races.
    /// </summary>
    /// <param name="first">Reads the file recorded first for the same date.</param>
    /// <param name="kind">The message type, for the log: "SEPA pain.008", "SEPA pain.001".</param>
    public static async Task<Result<byte[]>> RecordOrServeFirstAsync<T>(PaymentsDbContext db, IbanProtector protector, ILogger logger, string kind,
        DateOnly date, T file, byte[] content, int transactions, long controlSumCents, Func<CancellationToken, Task<T>> first, string dateKind,
        CancellationToken ct)
        where T : SepaFile
    {
        file.Store(protector.ProtectFile(content, file.Id));
        file.NumberOfTransactions = transactions;
        file.ControlSumCents = controlSumCents;
        db.Add(file);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return Open(await first(ct), protector, dateKind);
        }

        LogProduced(logger, kind, file.MessageId, dateKind, date, transactions);
        return content;
    }

    [LoggerMessage(LogLevel.Information, "{Kind} {MessageId} produced for the {DateKind} {Date}: {Transactions} transactions")]
    private static partial void LogProduced(ILogger logger, string kind, string messageId, string dateKind, DateOnly date, int transactions);

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
