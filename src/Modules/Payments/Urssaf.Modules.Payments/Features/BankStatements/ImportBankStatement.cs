using System.Security.Cryptography;
using System.Text.RegularExpressions;
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
    int Unmatched, int AlreadyApplied, int RefundsSettled, int RefundsReturned);

/// <summary>
/// Imports a camt.054.001.02 debit/credit notification or a camt.053.001.02 statement (SECURITY.md §5.3): schema-validated,
/// DTD refused, idempotent (same file → nothing; same transaction in another file → recognised by its key). Credits settle direct
/// debits by EndToEndId and transfers by reference; a returned debit (RtrInf reason) reopens the obligation; a debit with a
/// refund's EndToEndId settles the refund, its return gives the credit back; anything else is kept as unmatched for the back office.
/// </summary>
internal sealed partial class ImportBankStatementHandler(PaymentsDbContext db, TimeProvider clock, Shared.PlanService plans) : ICommandHandler<ImportBankStatementCommand, Result<ImportSummary>>
{
    /// <summary>Return reasons after which the mandate cannot be used again (ISO external codes: closed or blocked account, no or revoked mandate, deceased).</summary>
    private static readonly HashSet<string> MandateEndingReasons = ["AC04", "AC06", "MD01", "MD07", "AC13"];

    public async ValueTask<Result<ImportSummary>> Handle(ImportBankStatementCommand command, CancellationToken cancellationToken)
    {
        var errors = Iso20022.Validate(command.Content, CamtReader.SchemaOf(command.Content));
        if (errors.Count > 0)
            return new Error("payments.bank_statement.invalid", "The file is not a valid camt.054.001.02 notification or camt.053.001.02 statement: " + string.Join("; ", errors.Take(5)),
                ErrorKind.Validation, "file");

        var sha = Convert.ToHexStringLower(SHA256.HashData(command.Content));
        var previous = await db.BankStatementImports.AsNoTracking().SingleOrDefaultAsync(i => i.Sha256 == sha, cancellationToken);
        if (previous is not null) return Summary(previous, alreadyImported: true);

        string messageId;
        List<NotifiedTransaction> transactions;
        try
        {
            (messageId, transactions) = CamtReader.Read(command.Content);
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

            var refund = await ApplyRefundAsync(tx, now, cancellationToken);
            var (outcome, paymentId) = refund is { } r ? (r.Outcome, (Guid?)null) : await ApplyAsync(tx, now, cancellationToken);
            var refundId = refund?.RefundId;
            switch (outcome)
            {
                case BankEntryOutcome.RefundSettled: import.RefundsSettled++; break;
                case BankEntryOutcome.RefundReturned: import.RefundsReturned++; break;
                case BankEntryOutcome.DirectDebitCollected: import.Collected++; break;
                case BankEntryOutcome.DirectDebitReturned: import.Returned++; break;
                case BankEntryOutcome.TransferReceived: import.Transfers++; break;
                default: import.Unmatched++; break;
            }

            db.BankEntries.Add(new BankEntry(tx.Key, import.Id, tx.Credit, tx.AmountCents, tx.BookedOn, tx.EndToEndId, tx.Remittance, tx.ReturnReason, outcome, paymentId, refundId));
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

    /// <summary>
    /// A refund's transfer (matched by its EndToEndId, CSS L243-6): the outgoing DBIT entry settles it; a rejection or return (CRDT,
    /// or a reversed DBIT) gives the credit back to the obligations it was taken from. Null when the entry is not a refund's.
    /// </summary>
    private async Task<(BankEntryOutcome Outcome, Guid RefundId)?> ApplyRefundAsync(NotifiedTransaction tx, DateTime now, CancellationToken ct)
    {
        if (tx.EndToEndId is null || !tx.EndToEndId.StartsWith("RFD", StringComparison.Ordinal)) return null;
        var refund = await db.Refunds.Include(r => r.Parts).SingleOrDefaultAsync(r => r.EndToEndId == tx.EndToEndId, ct);
        if (refund is null) return null;
        if (tx.AmountCents != refund.AmountCents) return (BankEntryOutcome.Unmatched, refund.Id); // not this refund's amount: for the back office

        if (!tx.Credit && !tx.Reversal && refund.Status is RefundStatus.Submitted or RefundStatus.Requested)
        {
            refund.Settle(tx.BookedOn, now);
            return (BankEntryOutcome.RefundSettled, refund.Id);
        }

        if ((tx.Credit || tx.Reversal) && refund.Status is not RefundStatus.Returned)
        {
            var ids = refund.Parts.Select(p => p.ObligationId).ToList();
            var obligations = await db.Obligations.Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
            refund.Return(tx.ReturnReason ?? "UNKN", obligations, now);
            return (BankEntryOutcome.RefundReturned, refund.Id);
        }

        return (BankEntryOutcome.Unmatched, refund.Id);
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
                    collection.AmountCents, reason, revoke, PlanInstalment: payment.PlanInstalmentId is not null));
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

    /// <summary>A transfer's money applied by <see cref="TransferAllocation"/>; each part recorded for lateness.</summary>
    private async Task AllocateTransferAsync(Payment payment, long cents, DateOnly bookedOn, DateTime now, CancellationToken ct)
    {
        var target = await db.Obligations.SingleAsync(o => o.Id == payment.ObligationId, ct);
        var others = await db.Obligations.Where(o => o.AccountId == payment.AccountId && o.Id != target.Id).ToListAsync(ct);
        foreach (var (obligation, part) in TransferAllocation.Apply(target, others, cents, now))
            db.PaymentAllocations.Add(new PaymentAllocation(payment.Id, obligation.Id, part, bookedOn));
    }

    private static string? FindReference(NotifiedTransaction tx)
    {
        foreach (var text in new[] { tx.EndToEndId, tx.Remittance })
            if (text is not null && TransferReference().Match(text.ToUpperInvariant()) is { Success: true } match)
                return match.Value;
        return null;
    }

    private static ImportSummary Summary(BankStatementImport i, bool alreadyImported) =>
        new(i.Id, i.MessageId, alreadyImported, i.Entries, i.Collected, i.Returned, i.Transfers, i.Unmatched, i.AlreadyApplied, i.RefundsSettled,
            i.RefundsReturned);

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
                        "Send the camt.053 or camt.054 file as application/xml.");
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
            .WithSummary("Imports a camt.054.001.02 bank notification or camt.053.001.02 statement: settles direct debits (EndToEndId) and " +
                         "transfers (reference), reopens returned debits, settles refunds (outgoing transfer) or gives their credit back when " +
                         "returned; the same file twice changes nothing.")
            .RequireAuthorization(Policies.Operator)
            .Produces<ImportSummary>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
}
