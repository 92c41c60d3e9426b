using System.Globalization;
using Carter;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Urssaf.Modules.Payments.Domain;
using Urssaf.Modules.Payments.Persistence;
using Urssaf.Modules.Payments.Security;
using Urssaf.Modules.Payments.Sepa;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Results;

namespace Urssaf.Modules.Payments.Features.Refunds;

internal sealed record GetCreditTransferBatchCommand(DateOnly ExecutionDate) : ICommand<Result<byte[]>>;

/// <summary>
/// The pain.001 file of the refunds to execute on a date, like the pain.008 files (ADR 0041): the first request freezes it
/// (refunds become submitted), verifies it (schema, NbOfTxs, CtrlSum) and stores it sealed; later requests serve the same bytes
/// until it is purged after <c>Payments:SepaFileRetentionDays</c>.
/// </summary>
internal sealed class GetCreditTransferBatchHandler(PaymentsDbContext db, IbanProtector protector, TimeProvider clock, IOptions<PaymentsOptions> options,
    ILogger<GetCreditTransferBatchHandler> logger) : ICommandHandler<GetCreditTransferBatchCommand, Result<byte[]>>
{
    public async ValueTask<Result<byte[]>> Handle(GetCreditTransferBatchCommand command, CancellationToken cancellationToken)
    {
        var existing = await db.CreditTransferBatches.AsNoTracking().SingleOrDefaultAsync(b => b.ExecutionDate == command.ExecutionDate, cancellationToken);
        if (existing is not null) return Served(existing);

        var refunds = await db.Refunds.Where(r => r.ExecutionDate == command.ExecutionDate && r.Status == RefundStatus.Requested)
            .OrderBy(r => r.Id).ToListAsync(cancellationToken);
        if (refunds.Count == 0)
            return Error.NotFound("payments.sepa.no_refunds", "No refund is to be executed on this date.");

        var mandateIds = refunds.Select(r => r.MandateId).Distinct().ToList();
        var mandates = await db.Mandates.Where(m => mandateIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var batch = new CreditTransferBatch(command.ExecutionDate, now);
        var messageId = batch.MessageId;
        var lines = refunds.Select(r =>
        {
            var mandate = mandates[r.MandateId];
            return new CreditTransferLine(r.EndToEndId, r.AmountCents, mandate.Bic, mandate.HolderName, protector.Unprotect(mandate.IbanCipher, mandate.Id),
                $"Remboursement credit cotisations ref {r.EndToEndId}");
        }).ToList();
        foreach (var refund in refunds) refund.Submit(batch.Id, now);

        var content = Pain001Writer.Write(messageId, now, command.ExecutionDate, options.Value.Creditor, lines);
        var errors = Pain001Verifier.Verify(content);
        if (errors.Count > 0) // a defect of this service, never of the request: nothing is sent to the bank
            throw new InvalidOperationException("The generated pain.001 file does not verify: " + string.Join("; ", errors));

        return await SepaFiles.RecordOrServeFirstAsync(db, protector, logger, "SEPA pain.001", command.ExecutionDate, batch, content,
            refunds.Count, refunds.Sum(r => r.AmountCents),
            ct => db.CreditTransferBatches.AsNoTracking().SingleAsync(b => b.ExecutionDate == command.ExecutionDate, ct), DateKind, cancellationToken);
    }

    private const string DateKind = "execution date";

    private Result<byte[]> Served(CreditTransferBatch batch) => SepaFiles.Open(batch, protector, DateKind);
}

internal sealed class GetCreditTransferBatchEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet("/api/v1/operator/sepa/credit-transfers/{executionDate}", async (string executionDate, ISender sender, HttpResponse response, CancellationToken ct) =>
            {
                if (!DateOnly.TryParseExact(executionDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                    return Error.Validation("payments.execution_date.invalid", "The execution date is YYYY-MM-DD.", "executionDate").ToProblem();
                var result = await sender.Send(new GetCreditTransferBatchCommand(date), ct);
                if (!result.IsSuccess) return result.Error!.ToProblem();
                response.Headers.CacheControl = "no-store";
                return TypedResults.File(result.Value, "application/xml", $"pain.001-{executionDate}.xml");
            })
            .WithName("GetCreditTransferBatch")
            .WithTags("Operator")
            .WithSummary("The pain.001.001.03 file (SEPA credit transfers) of the credit refunds executed on a date, schema-validated and totals " +
                         "checked; the same file on every request.")
            .RequireAuthorization(Policies.Operator)
            .Produces(StatusCodes.Status200OK, contentType: "application/xml")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
}
