using System.Globalization;
using Carter;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Urssaf.Modules.Payments.Contracts.IntegrationEvents;
using Urssaf.Modules.Payments.Domain;
using Urssaf.Modules.Payments.Persistence;
using Urssaf.Modules.Payments.Security;
using Urssaf.Modules.Payments.Sepa;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Results;

namespace Urssaf.Modules.Payments.Features.SepaBatches;

internal sealed record GetSepaBatchCommand(DateOnly CollectionDate) : ICommand<Result<byte[]>>;

/// <summary>
/// The pain.008 file of a collection date. The first request freezes the batch (collections become submitted,
/// FRST/RCUR fixed per mandate history) and stores the file sealed with the IBAN key; later requests open it and serve
/// the same bytes, until the file is purged after <c>Payments:SepaFileRetentionDays</c>. Every file is validated against
/// the ISO 20022 schema before it leaves.
/// </summary>
internal sealed class GetSepaBatchHandler(PaymentsDbContext db, IbanProtector protector, TimeProvider clock, IOptions<PaymentsOptions> options,
    ILogger<GetSepaBatchHandler> logger) : ICommandHandler<GetSepaBatchCommand, Result<byte[]>>
{
    public async ValueTask<Result<byte[]>> Handle(GetSepaBatchCommand command, CancellationToken cancellationToken)
    {
        var existing = await db.SepaBatches.AsNoTracking().SingleOrDefaultAsync(b => b.CollectionDate == command.CollectionDate, cancellationToken);
        if (existing is not null) return Served(existing);

        var collections = await db.Collections.Where(c => c.CollectionDate == command.CollectionDate && c.Status == CollectionStatus.Scheduled)
            .OrderBy(c => c.Id).ToListAsync(cancellationToken);
        if (collections.Count == 0)
            return Error.NotFound("payments.sepa.no_collections", "No direct debit is scheduled for this collection date.");

        var mandateIds = collections.Select(c => c.MandateId).Distinct().ToList();
        var mandates = await db.Mandates.Where(m => mandateIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, cancellationToken);
        var paymentIds = collections.Select(c => c.PaymentId).Distinct().ToList();
        var payments = await db.Payments.Where(p => paymentIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken);

        var now = clock.GetUtcNow().UtcDateTime;
        collections = await CancelOnRevokedMandatesAsync(collections, mandates, payments, now, cancellationToken);
        if (collections.Count == 0)
        {
            await db.SaveChangesAsync(cancellationToken);
            return Error.NotFound("payments.sepa.no_collections", "No direct debit is left for this collection date (their mandates were revoked).");
        }

        var batch = new SepaBatch(command.CollectionDate, now);
        var messageId = batch.MessageId;
        var lines = new List<(string SequenceType, DirectDebitLine Line)>();
        foreach (var collection in collections)
        {
            var mandate = mandates[collection.MandateId];
            var payment = payments[collection.PaymentId];
            var sequence = mandate.HasBeenCollected ? "RCUR" : "FRST";
            lines.Add((sequence, new DirectDebitLine(collection.EndToEndId, collection.AmountCents, mandate.Rum, mandate.SignedOn, mandate.Bic,
                mandate.HolderName, protector.Unprotect(mandate.IbanCipher, mandate.Id),
                $"Cotisations micro-entrepreneur periode {payment.Period} ref {payment.Reference}")));
            collection.Submit(batch.Id, sequence);
        }

        foreach (var mandate in mandates.Values) mandate.MarkCollected(now);
        foreach (var payment in payments.Values.Where(p => p.Status == PaymentStatus.Scheduled && p.Collections.All(c => c.Status != CollectionStatus.Scheduled)))
            payment.MarkSubmitted(now);

        var blocks = lines.GroupBy(l => l.SequenceType).OrderBy(g => g.Key)
            .Select(g => new PaymentInformation($"{messageId}-{g.Key}", g.Key, g.Select(l => l.Line).ToList())).ToList();
        var content = Pain008Writer.Write(messageId, now, command.CollectionDate, options.Value.Creditor, blocks);
        var errors = Pain008Verifier.Verify(content);
        if (errors.Count > 0) // a defect of this service, never of the request: nothing is sent to the bank
            throw new InvalidOperationException("The generated pain.008 file does not verify: " + string.Join("; ", errors));

        return await SepaFiles.RecordOrServeFirstAsync(db, protector, logger, "SEPA pain.008", command.CollectionDate, batch, content,
            collections.Count, collections.Sum(c => c.AmountCents),
            ct => db.SepaBatches.AsNoTracking().SingleAsync(b => b.CollectionDate == command.CollectionDate, ct), DateKind, cancellationToken);
    }

    private const string DateKind = "collection date";

    private Result<byte[]> Served(SepaBatch batch) => SepaFiles.Open(batch, protector, DateKind);

    /// <summary>
    /// A mandate the debtor's bank ended (a return with AC04, MD01…) cannot be debited again: its scheduled collections
    /// are cancelled, the amount is owed again and the entrepreneur told, as for a returned debit.
    /// </summary>
    private async Task<List<Collection>> CancelOnRevokedMandatesAsync(List<Collection> collections, Dictionary<Guid, Mandate> mandates,
        Dictionary<Guid, Payment> payments, DateTime now, CancellationToken ct)
    {
        var cancelled = collections.Where(c => mandates[c.MandateId].Status == MandateStatus.Revoked).ToList();
        foreach (var collection in cancelled)
        {
            var reason = mandates[collection.MandateId].RevocationReason is { Length: 4 } code ? code : "MD01";
            var payment = payments[collection.PaymentId];
            var obligation = await db.Obligations.SingleAsync(o => o.Id == payment.ObligationId, ct);
            obligation.Reverse(collection.AmountCents, wasCollected: false, now);
            collection.MarkReturned(reason);
            payment.MarkReturned(reason, now);
            db.AddIntegrationEvent(new DirectDebitReturned(Guid.CreateVersion7(), now, payment.Id, payment.AccountId.Value, payment.Period,
                collection.AmountCents, reason, MandateRevoked: true));
        }

        return [.. collections.Except(cancelled)];
    }
}

internal sealed class GetSepaBatchEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet($"{PaymentsRoutes.Operator}/sepa/batches/{{collectionDate}}", async (string collectionDate, ISender sender, HttpResponse response, CancellationToken ct) =>
            {
                if (!DateOnly.TryParseExact(collectionDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                    return Error.Validation("payments.collection_date.invalid", "The collection date is YYYY-MM-DD.", "collectionDate").ToProblem();
                var result = await sender.Send(new GetSepaBatchCommand(date), ct);
                if (!result.IsSuccess) return result.Error!.ToProblem();
                response.Headers.CacheControl = "no-store";
                return TypedResults.File(result.Value, "application/xml", $"pain.008-{collectionDate}.xml");
            })
            .WithName("GetSepaBatch")
            .WithTags(PaymentsRoutes.OperatorTag)
            .WithSummary("The pain.008.001.02 file (SEPA Core) of the direct debits collected on a date, schema-validated; the same file on every request.")
            .RequireAuthorization(Policies.Operator)
            .Produces(StatusCodes.Status200OK, contentType: "application/xml")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
}
