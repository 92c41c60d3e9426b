using System.Text.Json;
using Carter;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Urssaf.Modules.Payments.Card;
using Urssaf.Modules.Payments.Contracts.IntegrationEvents;
using Urssaf.Modules.Payments.Domain;
using Urssaf.Modules.Payments.Persistence;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Infrastructure.Time;
using Urssaf.SharedKernel.Results;

namespace Urssaf.Modules.Payments.Features.CardPayments;

/// <summary>The provider's event (API.md).</summary>
internal sealed record PspEvent(string? Id, string? Type, Guid? PaymentId, decimal? Amount, string? Currency, DateTime? OccurredAt);

internal sealed record ReceivePspNotificationCommand(PspEvent Event) : ICommand<Result<PspNotificationResponse>>;

internal sealed record PspNotificationResponse(string EventId, string Outcome, bool AlreadyProcessed);

/// <summary>
/// Applies a verified provider notification once per event id. <c>payment.succeeded</c> pays the obligation (what the card
/// payment reserved becomes paid; after expiry the money is taken as it comes, a credit if nothing is owed any more);
/// <c>payment.failed</c> frees the reservation. The amount and currency must be the payment's, else nothing changes (422).
/// </summary>
internal sealed partial class ReceivePspNotificationHandler(PaymentsDbContext db, TimeProvider clock, ILogger<ReceivePspNotificationHandler> logger)
    : ICommandHandler<ReceivePspNotificationCommand, Result<PspNotificationResponse>>
{
    public async ValueTask<Result<PspNotificationResponse>> Handle(ReceivePspNotificationCommand command, CancellationToken cancellationToken)
    {
        var e = command.Event;
        if (string.IsNullOrWhiteSpace(e.Id) || e.Id.Length > 100 || e.PaymentId is null || e.Amount is null || e.Type is not ("payment.succeeded" or "payment.failed"))
            return Error.Validation("payments.psp.event_invalid", "The event needs id (≤ 100 characters), type payment.succeeded or payment.failed, paymentId and amount.", "event");
        if (await db.CardNotifications.AsNoTracking().SingleOrDefaultAsync(n => n.EventId == e.Id, cancellationToken) is { } known)
            return new PspNotificationResponse(known.EventId, known.Outcome, AlreadyProcessed: true);

        var payment = await db.Payments.SingleOrDefaultAsync(p => p.Id == e.PaymentId && p.Method == PaymentMethod.Card, cancellationToken);
        if (payment is null)
            return Error.NotFound("payments.psp.payment_unknown", "No card payment has this id.");
        if (e.Currency != "EUR" || decimal.Round(e.Amount.Value, 2) != e.Amount.Value || (long)(e.Amount.Value * 100m) != payment.AmountCents)
        {
            LogMismatch(logger, payment.Id, e.Id);
            return Error.Rule("payments.psp.amount_mismatch", "The notified amount or currency is not the payment's: nothing was applied.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var outcome = "ignored"; // a payment already decided keeps its state, except that money taken is always recorded:
        // a success after an expiry or a failure (the provider settled after all) is received, as a credit if nothing is owed
        if (payment.Status is PaymentStatus.Pending or PaymentStatus.Expired
            || (payment.Status is PaymentStatus.Failed && e.Type == "payment.succeeded"))
        {
            var obligation = await db.Obligations.SingleAsync(o => o.Id == payment.ObligationId, cancellationToken);
            var reserved = payment.Status == PaymentStatus.Pending;
            if (e.Type == "payment.succeeded")
            {
                // paid on the day the provider took the money (Paris date of the signed event, within the payment's life),
                // not the day its notification arrived: a card paid at 23:55 on the due date is on time (CSS R243-16 I)
                var paidAt = e.OccurredAt is { } at ? new DateTime(Math.Clamp((at.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(at, DateTimeKind.Utc) : at.ToUniversalTime()).Ticks, payment.CreatedOnUtc.Ticks, now.Ticks), DateTimeKind.Utc) : now;
                var paidOn = FrenchTime.DateInParis(paidAt);
                obligation.Receive(payment.AmountCents, wasReserved: reserved, now);
                payment.MarkPaid(payment.AmountCents, paidOn, now);
                db.AddIntegrationEvent(new PaymentReceived(Guid.CreateVersion7(), now, payment.Id, payment.AccountId.Value, payment.Period,
                    payment.AmountCents, PaymentNames.Of(payment.Method), paidOn, payment.Reference));
                outcome = "paid";
            }
            else if (reserved)
            {
                obligation.Reverse(payment.AmountCents, wasCollected: false, now);
                payment.MarkFailed("CARD", now);
                outcome = "failed";
            }
        }

        db.CardNotifications.Add(new CardNotification(e.Id, payment.Id, e.Type, payment.AmountCents, outcome, now));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // the same event delivered twice at once: the other delivery applied it
            db.ChangeTracker.Clear();
            var first = await db.CardNotifications.AsNoTracking().SingleOrDefaultAsync(n => n.EventId == e.Id, cancellationToken);
            if (first is null) return Error.Conflict("payments.psp.concurrent", "Another notification of this payment was applied at the same moment; retry.");
            return new PspNotificationResponse(first.EventId, first.Outcome, AlreadyProcessed: true);
        }

        return new PspNotificationResponse(e.Id, outcome, AlreadyProcessed: false);
    }

    [LoggerMessage(LogLevel.Warning, "Card notification {EventId} for payment {PaymentId}: amount or currency differs, not applied")]
    private static partial void LogMismatch(ILogger logger, Guid paymentId, string eventId);
}

internal sealed partial class ReceivePspNotificationEndpoint : ICarterModule
{
    private const int MaxBytes = 64 * 1024;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapPost($"{PaymentsRoutes.Root}/psp/notifications", async (HttpRequest request, CardWebhookSecret secret, TimeProvider clock, ISender sender,
                ILogger<ReceivePspNotificationEndpoint> logger, CancellationToken ct) =>
            {
                using var buffer = new MemoryStream();
                var chunk = new byte[8192];
                int read;
                while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
                {
                    if (buffer.Length + read > MaxBytes)
                        return ProblemResults.Problem(StatusCodes.Status413PayloadTooLarge, "request.body.too_large", "A notification is at most 64 KB.");
                    buffer.Write(chunk, 0, read);
                }

                var body = buffer.ToArray();
                if (PspSignature.Check(request.Headers[PspSignature.Header], secret.Key, clock.GetUtcNow(), body) is { } why)
                {
                    LogRefused(logger, why);
                    return Error.Unauthorized("payments.psp.signature_invalid",
                        "The Psp-Signature header is missing, malformed, older than 5 minutes or does not match the body.").ToProblem();
                }

                PspEvent? e;
                try
                {
                    e = JsonSerializer.Deserialize<PspEvent>(body, Json);
                }
                catch (JsonException)
                {
                    e = null;
                }

                if (e is null) return Error.Validation("payments.psp.event_invalid", "The body is not the provider's JSON event.", "event").ToProblem();
                var result = await sender.Send(new ReceivePspNotificationCommand(e), ct);
                return result.ToOk();
            })
            .WithName("ReceivePspNotification")
            .WithTags(PaymentsRoutes.Tag)
            .WithSummary("The card payment provider's signed notification (Psp-Signature: t=…,v1=HMAC-SHA256 of \"<t>.<raw body>\"); " +
                         "a bad or stale signature is 401 and changes nothing; the same event id twice has one effect.")
            .AllowAnonymous()
            .Accepts<PspEvent>("application/json")
            .Produces<PspNotificationResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    [LoggerMessage(LogLevel.Warning, "Card provider notification refused: signature {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);
}
