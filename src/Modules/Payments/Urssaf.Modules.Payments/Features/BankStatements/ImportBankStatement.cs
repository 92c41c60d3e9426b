using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using Carter;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Urssaf.Modules.Payments.Contracts.IntegrationEvents;
using Urssaf.Modules.Payments.Domain;
using Urssaf.Modules.Payments.Persistence;
using Urssaf.Modules.Payments.Sepa;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Results;
using Urssaf.Modules.Payments.Features.Shared;

namespace Urssaf.Modules.Payments.Features.BankStatements;

internal sealed record ImportBankStatementCommand(byte[] Content) : ICommand<Result<ImportSummary>>;

internal sealed record ImportSummary(Guid ImportId, string MessageId, bool AlreadyImported, int Entries, int Collected, int Returned, int Transfers,
    int Unmatched, int AlreadyApplied);

/// <summary>One transaction read from a camt.054 entry.</summary>
internal sealed record NotifiedTransaction(string Key, bool Credit, bool Reversal, long AmountCents, DateOnly BookedOn, string? EndToEndId,
    string? Remittance, string? ReturnReason);

/// <summary>
/// Imports a camt.054.001.02 debit/credit notification (SECURITY.md §5.3): schema-validated, DTD refused,
/// idempotent (same file → nothing; same transaction in another file → recognised by its key). Credits settle direct
/// debits by EndToEndId and transfers by reference; a returned debit (RtrInf reason) reopens the obligation;
/// anything else is kept as unmatched for the back office.
/// </summary>
internal sealed partial class ImportBankStatementHandler(PaymentsDbContext db, TimeProvider clock, Shared.PlanService plans) : ICommandHandler<ImportBankStatementCommand, Result<ImportSummary>>
{
    /// <summary>Return reasons after which the mandate cannot be used again (ISO external codes: closed or blocked account, no or revoked mandate, deceased).</summary>
    private static readonly HashSet<string> MandateEndingReasons = ["AC04", "AC06", "MD01", "MD07", "AC13"];

    public async ValueTask<Result<ImportSummary>> Handle(ImportBankStatementCommand command, CancellationToken cancellationToken)
    {
        var errors = Iso20022.Validate(command.Content, Iso20022.Camt054Schema);
        if (errors.Count > 0)
            return new Error("payments.bank_statement.invalid", "The file is not a valid camt.054.001.02 notification: " + string.Join("; ", errors.Take(5)),
                ErrorKind.Validation, "file");

        var sha = Convert.ToHexStringLower(SHA256.HashData(command.Content));
        var previous = await db.BankStatementImports.AsNoTracking().SingleOrDefaultAsync(i => i.Sha256 == sha, cancellationToken);
        if (previous is not null) return Summary(previous, alreadyImported: true);

        string messageId;
        List<NotifiedTransaction> transactions;
        try
        {
            (messageId, transactions) = Read(command.Content);
        }
        catch (FormatException e) // schema-valid but not euros to the cent: refused whole, nothing applied
        {
            return new Error("payments.bank_statement.invalid", e.Message, ErrorKind.Validation, "file");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var import = new BankStatementImport(sha, messageId, now) { Entries = transactions.Count };
        var keys = transactions.Select(t => t.Key).ToList();
        var applied = (await db.BankEntries.Where(e => keys.Contains(e.Key)).Select(e => e.Key).ToListAsync(cancellationToken)).ToHashSet();

        foreach (var tx in transactions)
        {
            if (!applied.Add(tx.Key))
            {
                import.AlreadyApplied++;
                continue;
            }

            var (outcome, paymentId) = await ApplyAsync(tx, now, cancellationToken);
            switch (outcome)
            {
                case BankEntryOutcome.DirectDebitCollected: import.Collected++; break;
                case BankEntryOutcome.DirectDebitReturned: import.Returned++; break;
                case BankEntryOutcome.TransferReceived: import.Transfers++; break;
                default: import.Unmatched++; break;
            }

            db.BankEntries.Add(new BankEntry(tx.Key, import.Id, tx.Credit, tx.AmountCents, tx.BookedOn, tx.EndToEndId, tx.Remittance, tx.ReturnReason, outcome, paymentId));
        }

        db.BankStatementImports.Add(import);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // the same file imported at the same moment by another request: nothing of this one is kept
            db.ChangeTracker.Clear();
            return Summary(await db.BankStatementImports.AsNoTracking().SingleAsync(i => i.Sha256 == sha, cancellationToken), alreadyImported: true);
        }

        return Summary(import, alreadyImported: false);
    }

    private async Task<(BankEntryOutcome, Guid?)> ApplyAsync(NotifiedTransaction tx, DateTime now, CancellationToken ct)
    {
        var collection = tx.EndToEndId is null ? null : await db.Collections.SingleOrDefaultAsync(c => c.EndToEndId == tx.EndToEndId, ct);
        if (collection is not null)
        {
            var payment = await db.Payments.Include(p => p.Collections).SingleAsync(p => p.Id == collection.PaymentId, ct);
            var obligation = await db.Obligations.SingleAsync(o => o.Id == payment.ObligationId, ct);
            if (tx.Credit && !tx.Reversal && collection.Status is CollectionStatus.Submitted or CollectionStatus.Scheduled)
            {
                collection.MarkCollected();
                obligation.Receive(tx.AmountCents, wasReserved: true, now);
                if (payment.Collections.All(c => c.Status == CollectionStatus.Collected))
                {
                    payment.MarkPaid(payment.AmountCents, tx.BookedOn, now);
                    db.AddIntegrationEvent(new PaymentReceived(Guid.CreateVersion7(), now, payment.Id, payment.AccountId.Value, payment.Period,
                        payment.AmountCents, PaymentNames.Of(payment.Method), tx.BookedOn, payment.Reference));
                    await plans.OnCollectedAsync(payment, now, ct);
                }

                return (BankEntryOutcome.DirectDebitCollected, payment.Id);
            }

            if ((!tx.Credit || tx.Reversal) && collection.Status is not CollectionStatus.Returned)
            {
                var reason = tx.ReturnReason ?? "UNKN";
                obligation.Reverse(collection.AmountCents, wasCollected: collection.Status == CollectionStatus.Collected, now);
                collection.MarkReturned(reason);
                payment.MarkReturned(reason, now);
                var revoke = MandateEndingReasons.Contains(reason);
                if (revoke) (await db.Mandates.SingleAsync(m => m.Id == collection.MandateId, ct)).Revoke(reason, now);
                db.AddIntegrationEvent(new DirectDebitReturned(Guid.CreateVersion7(), now, payment.Id, payment.AccountId.Value, payment.Period,
                    collection.AmountCents, reason, revoke));
                await plans.OnReturnedAsync(payment, now, ct); // CSS R243-21: second presentation, then default
                return (BankEntryOutcome.DirectDebitReturned, payment.Id);
            }

            return (BankEntryOutcome.Unmatched, payment.Id);
        }

        if (tx.Credit && !tx.Reversal && FindReference(tx) is { } reference)
        {
            var payment = await db.Payments.SingleOrDefaultAsync(p => p.Reference == reference && p.Method == PaymentMethod.Transfer, ct);
            if (payment is not null)
            {
                await AllocateTransferAsync(payment, tx.AmountCents, tx.BookedOn, now, ct);
                payment.MarkPaid(tx.AmountCents, tx.BookedOn, now);
                db.AddIntegrationEvent(new PaymentReceived(Guid.CreateVersion7(), now, payment.Id, payment.AccountId.Value, payment.Period,
                    tx.AmountCents, PaymentNames.Of(payment.Method), tx.BookedOn, payment.Reference));
                return (BankEntryOutcome.TransferReceived, payment.Id);
            }
        }

        return (BankEntryOutcome.Unmatched, null);
    }

    /// <summary>
    /// A transfer pays its obligation first; what exceeds it pays the account's other open obligations, earliest due first
    /// (a penalty paid with the contributions); anything left is a credit on the transfer's obligation. Each part is recorded
    /// (<see cref="PaymentAllocation"/>): its lateness is judged against its own obligation's due date.
    /// </summary>
    private async Task AllocateTransferAsync(Payment payment, long cents, DateOnly bookedOn, DateTime now, CancellationToken ct)
    {
        var target = await db.Obligations.SingleAsync(o => o.Id == payment.ObligationId, ct);
        var parts = new Dictionary<Guid, long>();
        var first = Math.Min(cents, target.PayableCents);
        target.Receive(first, wasReserved: false, now);
        parts[target.Id] = first;
        var left = cents - first;
        if (left > 0)
        {
            var others = (await db.Obligations.Where(o => o.AccountId == payment.AccountId && o.Id != target.Id).ToListAsync(ct))
                .Where(o => o.PayableCents > 0).OrderBy(o => o.DueDate).ThenBy(o => o.Kind);
            foreach (var other in others)
            {
                var part = Math.Min(left, other.PayableCents);
                other.Receive(part, wasReserved: false, now);
                parts[other.Id] = part;
                left -= part;
                if (left == 0) break;
            }
        }

        if (left > 0)
        {
            target.Receive(left, wasReserved: false, now);
            parts[target.Id] += left;
        }

        foreach (var (obligationId, part) in parts.Where(p => p.Value > 0))
            db.PaymentAllocations.Add(new PaymentAllocation(payment.Id, obligationId, part, bookedOn));
    }

    private static string? FindReference(NotifiedTransaction tx)
    {
        foreach (var text in new[] { tx.EndToEndId, tx.Remittance })
            if (text is not null && TransferReference().Match(text.ToUpperInvariant()) is { Success: true } match)
                return match.Value;
        return null;
    }

    /// <summary>Reads the notification's transactions; the document was validated, so the mandatory elements exist.</summary>
    internal static (string MessageId, List<NotifiedTransaction> Transactions) Read(byte[] content)
    {
        XNamespace ns = Iso20022.Camt054Namespace;
        using var reader = XmlReader.Create(new MemoryStream(content), Iso20022.SafeSettings());
        var root = XDocument.Load(reader).Root!.Element(ns + "BkToCstmrDbtCdtNtfctn")!;
        var messageId = root.Element(ns + "GrpHdr")!.Element(ns + "MsgId")!.Value;
        var result = new List<NotifiedTransaction>();
        foreach (var notification in root.Elements(ns + "Ntfctn"))
        {
            var notificationId = notification.Element(ns + "Id")!.Value;
            var entryIndex = 0;
            foreach (var entry in notification.Elements(ns + "Ntry"))
            {
                entryIndex++;
                var credit = entry.Element(ns + "CdtDbtInd")!.Value == "CRDT";
                var reversal = entry.Element(ns + "RvslInd")?.Value is "true" or "1";
                var booked = entry.Element(ns + "BookgDt") ?? entry.Element(ns + "ValDt");
                var bookedOn = DateOnly.FromDateTime(DateTime.Parse(booked?.Element(ns + "Dt")?.Value ?? booked?.Element(ns + "DtTm")?.Value ?? "2000-01-01",
                    CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal));
                var entryRef = entry.Element(ns + "AcctSvcrRef")?.Value ?? entry.Element(ns + "NtryRef")?.Value ?? entryIndex.ToString(CultureInfo.InvariantCulture);
                var amountElement = entry.Element(ns + "Amt")!;
                if (amountElement.Attribute("Ccy")?.Value != "EUR") throw new FormatException($"Entry {entryRef}: only euro amounts are collected.");
                var entryAmount = Cents(amountElement.Value);
                var details = entry.Elements(ns + "NtryDtls").SelectMany(d => d.Elements(ns + "TxDtls")).ToList();
                if (details.Count == 0)
                {
                    result.Add(new NotifiedTransaction($"{notificationId}|{entryRef}|0", credit, reversal, entryAmount, bookedOn, null,
                        null, null));
                    continue;
                }

                var txIndex = 0;
                foreach (var tx in details)
                {
                    txIndex++;
                    var amount = tx.Element(ns + "AmtDtls")?.Descendants(ns + "Amt").FirstOrDefault()?.Value is { } a ? Cents(a)
                        : details.Count == 1 ? entryAmount : 0;
                    var endToEnd = tx.Element(ns + "Refs")?.Element(ns + "EndToEndId")?.Value;
                    var remittance = string.Join(" ", tx.Element(ns + "RmtInf")?.Elements(ns + "Ustrd").Select(u => u.Value) ?? []);
                    var reason = tx.Element(ns + "RtrInf")?.Element(ns + "Rsn")?.Element(ns + "Cd")?.Value;
                    result.Add(new NotifiedTransaction($"{notificationId}|{entryRef}|{txIndex}", credit, reversal, amount,
                        bookedOn, endToEnd is "NOTPROVIDED" ? null : endToEnd, remittance.Length == 0 ? null : remittance[..Math.Min(140, remittance.Length)], reason));
                }
            }
        }

        return (messageId, result);
    }

    /// <summary>Euros to cents, exactly: the schema allows five decimals, a euro amount has two at most.</summary>
    private static long Cents(string euros)
    {
        var amount = decimal.Parse(euros, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        if (decimal.Round(amount, 2) != amount) throw new FormatException($"The amount {euros} has more than two decimals.");
        return (long)(amount * 100m);
    }

    private static ImportSummary Summary(BankStatementImport i, bool alreadyImported) =>
        new(i.Id, i.MessageId, alreadyImported, i.Entries, i.Collected, i.Returned, i.Transfers, i.Unmatched, i.AlreadyApplied);

    [GeneratedRegex("UA[A-HJ-NP-Z2-9]{14}")]
    private static partial Regex TransferReference();
}

internal sealed class ImportBankStatementEndpoint : ICarterModule
{
    private const int MaxBytes = 20 * 1024 * 1024;

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapPost("/api/v1/operator/bank-statements", async (HttpRequest request, ISender sender, CancellationToken ct) =>
            {
                if (request.ContentType is not { } type || !(type.StartsWith("application/xml", StringComparison.OrdinalIgnoreCase)
                                                             || type.StartsWith("text/xml", StringComparison.OrdinalIgnoreCase)))
                    return ProblemResults.Problem(StatusCodes.Status415UnsupportedMediaType, "request.content_type.unsupported",
                        "Send the camt.054 file as application/xml.");
                using var buffer = new MemoryStream();
                var chunk = new byte[81920];
                int read;
                while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
                {
                    if (buffer.Length + read > MaxBytes)
                        return ProblemResults.Problem(StatusCodes.Status413PayloadTooLarge, "request.body.too_large", "A bank notification is at most 20 MB.");
                    buffer.Write(chunk, 0, read);
                }

                var result = await sender.Send(new ImportBankStatementCommand(buffer.ToArray()), ct);
                return result.ToOk();
            })
            .WithName("ImportBankStatement")
            .WithTags("Operator")
            .WithSummary("Imports a camt.054.001.02 bank notification: settles direct debits (EndToEndId) and transfers (reference), " +
                         "reopens returned debits; the same file twice changes nothing.")
            .RequireAuthorization(Policies.Operator)
            .Produces<ImportSummary>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
}
