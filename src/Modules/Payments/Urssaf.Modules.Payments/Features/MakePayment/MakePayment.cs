using System.Security.Claims;
using System.Text.RegularExpressions;
using Carter;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Urssaf.Modules.Payments.Card;
using Urssaf.Modules.Payments.Domain;
using Urssaf.Modules.Payments.Persistence;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Infrastructure.Http.Idempotency;
using Urssaf.SharedKernel.Infrastructure.Time;
using Urssaf.SharedKernel.Results;
using Urssaf.Modules.Payments.Features.Shared;

namespace Urssaf.Modules.Payments.Features.MakePayment;

internal sealed record SplitRequest(Guid MandateId, decimal Amount);

internal sealed record MakePaymentRequest(string Period, decimal Amount, string Method, Guid? MandateId = null, IReadOnlyList<SplitRequest>? Split = null);

internal sealed record MakePaymentCommand(AccountId AccountId, string? Period, decimal Amount, string? Method, Guid? MandateId, IReadOnlyList<SplitRequest>? Split)
    : ICommand<Result<PaymentResponse>>;

internal sealed record TransferInstructions(string Beneficiary, string Iban, string Bic, string Reference, decimal Amount, string Wording);

internal sealed record PaymentResponse(Guid PaymentId, string Status, string Method, string Period, decimal Amount, DateOnly? CollectionDate,
    TransferInstructions? TransferInstructions, string? RedirectUrl = null);

internal sealed class MakePaymentValidator : AbstractValidator<MakePaymentCommand>
{
    public MakePaymentValidator()
    {
        RuleFor(c => c.Period).NotEmpty().WithErrorCode("payments.period.required")
            .Matches(PaymentRules.Period()).WithErrorCode("payments.period.invalid").WithMessage("A period is YYYY-MM or YYYY-Qn.");
        RuleFor(c => c.Amount).GreaterThan(0).WithErrorCode("payments.amount.invalid")
            .LessThanOrEqualTo(10_000_000).WithErrorCode("payments.amount.invalid")
            .Must(PaymentRules.IsCents).WithErrorCode("payments.amount.invalid").WithMessage("An amount is in euros with at most two decimals.");
        RuleFor(c => c.Method).NotEmpty().WithErrorCode("payments.method.required")
            .Must(m => PaymentRules.Methods.Contains(m)).WithErrorCode("payments.method.invalid")
            .WithMessage("The method is sepa_debit, card or transfer.");
        RuleFor(c => c.Split).Must(s => s!.Count is >= 1 and <= Mandate.MaxActivePerAccount).When(c => c.Split is not null)
            .WithErrorCode("payments.split.invalid").WithMessage("A split has one to three parts.");
        RuleFor(c => c.Split).Must(s => s!.Select(p => p.MandateId).Distinct().Count() == s!.Count).When(c => c.Split is not null)
            .WithErrorCode("payments.split.invalid").WithMessage("Each mandate appears once in a split.");
        RuleForEach(c => c.Split).Must(p => p.Amount > 0 && p.Amount <= 10_000_000 && PaymentRules.IsCents(p.Amount))
            .WithErrorCode("payments.split.invalid").WithMessage("Each part is a positive amount with at most two decimals.");
        RuleFor(c => c).Must(c => c.Split is null || c.Split.Sum(p => p.Amount) == c.Amount).WithName("split")
            .WithErrorCode("payments.split.invalid").WithMessage("The parts of a split add up to the amount.");
        RuleFor(c => c).Must(c => c.Split is null || c.MandateId is null).WithName("mandateId")
            .WithErrorCode("payments.split.invalid").WithMessage("Give either mandateId or split, not both.");
        RuleFor(c => c).Must(c => c.Method == "sepa_debit" || (c.Split is null && c.MandateId is null)).WithName("mandateId")
            .WithErrorCode("payments.mandate.unexpected").WithMessage("Mandates apply to sepa_debit payments only.");
    }
}

/// <summary>
/// Pays (part of) what a period owes. A direct debit is collected at the due date (or the next TARGET business day
/// when that is too close) and covers the amount at once; a transfer gets the creditor account and a unique
/// reference; a card payment (up to <c>Payments:Card:MaxAmount</c>, ADR 0090) reserves the amount and sends the entrepreneur to
/// the provider's page, until its signed notification or its expiry.
/// </summary>
internal sealed class MakePaymentHandler(PaymentsDbContext db, TimeProvider clock, IOptions<PaymentsOptions> options, ICardPaymentProvider cards)
    : ICommandHandler<MakePaymentCommand, Result<PaymentResponse>>
{
    public async ValueTask<Result<PaymentResponse>> Handle(MakePaymentCommand command, CancellationToken cancellationToken)
    {
        var card = options.Value.Card;
        if (command.Method == "card" && command.Amount > card.MaxAmount)
            return Error.Rule("payments.card.above_threshold",
                $"Card payment is limited to {card.MaxAmount:0.00} €; pay by direct debit or transfer, or pay part by card.");

        var cents = PaymentRules.ToCents(command.Amount);
        var obligations = await db.Obligations.Where(o => o.AccountId == command.AccountId && o.Period == command.Period).ToListAsync(cancellationToken);
        var obligation = obligations.OrderBy(o => o.Kind).ThenBy(o => o.DueDate).FirstOrDefault(o => o.PayableCents > 0);
        if (obligation is null)
            return Error.Rule("payments.period.nothing_due", "Nothing is left to pay for this period (or a payment in progress covers it).");
        if (cents > obligation.PayableCents)
            return Error.Rule("payments.amount.exceeds_due",
                $"The amount is more than what is left to pay for this period ({obligation.PayableCents / 100m:0.00} €).");

        var now = clock.GetUtcNow().UtcDateTime;
        Payment payment;
        string? redirectUrl = null;
        if (command.Method == "transfer")
        {
            payment = Payment.ByTransfer(command.AccountId, obligation, cents, now);
        }
        else if (command.Method == "card")
        {
            payment = Payment.ByCard(command.AccountId, obligation, cents, now, now.AddMinutes(card.ExpiryMinutes));
            obligation.Reserve(cents, now);
            try
            {
                redirectUrl = await cards.StartAsync(new CardCheckout(payment.Id, cents, $"Cotisations {payment.Period} ref {payment.Reference}",
                    payment.ExpiresOnUtc!.Value), cancellationToken);
            }
            catch (Exception ex) when (ex is HttpRequestException or TimeoutException
                                       || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                // nothing saved yet: nothing reserved; a 409, so that the same Idempotency-Key may be retried (ADR 0123)
                return Error.Conflict("payments.card.provider_unavailable",
                    "The card payment service did not answer; nothing was reserved. Try again in a few minutes, or pay by direct debit or transfer.");
            }
        }
        else
        {
            var split = await SplitAsync(command, cents, cancellationToken);
            if (!split.IsSuccess) return split.Error!;
            payment = Payment.DirectDebit(command.AccountId, obligation, split.Value, await CollectionDateAsync(obligation.DueDate, cancellationToken), now);
            obligation.Reserve(cents, now);
        }

        db.Payments.Add(payment);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Error.Conflict("payments.obligation.changed", "Another payment for this period was recorded at the same moment; check the balance and retry.");
        }

        return Response(payment, options.Value.Creditor) with { RedirectUrl = redirectUrl };
    }

    private async Task<Result<IReadOnlyList<(Mandate, long)>>> SplitAsync(MakePaymentCommand command, long cents, CancellationToken ct)
    {
        var active = await db.Mandates.Where(m => m.AccountId == command.AccountId && m.Status == MandateStatus.Active).ToListAsync(ct);
        if (command.Split is { } parts)
        {
            var chosen = new List<(Mandate, long)>();
            foreach (var part in parts)
            {
                var mandate = active.SingleOrDefault(m => m.Id == part.MandateId);
                if (mandate is null) return Error.Rule("payments.mandate.not_found", "A mandate of the split is not an active mandate of this account.");
                chosen.Add((mandate, PaymentRules.ToCents(part.Amount)));
            }

            return chosen;
        }

        if (command.MandateId is { } id)
        {
            var mandate = active.SingleOrDefault(m => m.Id == id);
            return mandate is null
                ? Error.Rule("payments.mandate.not_found", "The mandate is not an active mandate of this account.")
                : new List<(Mandate, long)> { (mandate, cents) };
        }

        return active.Count switch
        {
            0 => Error.Rule("payments.mandate.required", "Sign a SEPA mandate before paying by direct debit."),
            1 => new List<(Mandate, long)> { (active[0], cents) },
            _ => Error.Rule("payments.mandate.ambiguous", "This account has several mandates: choose one with mandateId, or split."),
        };
    }

    /// <summary>
    /// The due date when it is still ahead (the debit is "ordered at the declaration and debited at the due date", DOMAIN.md §9);
    /// otherwise tomorrow at the earliest (files go to the bank the day before). Always a TARGET business day whose file is not produced yet.
    /// </summary>
    private async Task<DateOnly> CollectionDateAsync(DateOnly dueDate, CancellationToken ct)
    {
        var tomorrow = clock.Today().AddDays(1);
        var date = TargetCalendar.NextBusinessDayFrom(dueDate > tomorrow ? dueDate : tomorrow);
        var produced = (await db.SepaBatches.Where(b => b.CollectionDate >= date).Select(b => b.CollectionDate).ToListAsync(ct)).ToHashSet();
        while (produced.Contains(date)) date = TargetCalendar.NextBusinessDayFrom(date.AddDays(1));
        return date;
    }

    internal static PaymentResponse Response(Payment p, CreditorOptions creditor) => new(p.Id, PaymentNames.Of(p.Status), PaymentNames.Of(p.Method), p.Period,
        p.AmountCents / 100m, p.CollectionDate,
        p.Method == PaymentMethod.Transfer
            ? new TransferInstructions(creditor.Name, creditor.Iban, creditor.Bic, p.Reference, p.AmountCents / 100m,
                $"Put the reference {p.Reference} alone in the transfer's wording: it is how the payment is matched to period {p.Period}.")
            : null);
}

internal sealed class MakePaymentEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapPost($"{PaymentsRoutes.Root}", async (MakePaymentRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
            {
                var result = await sender.Send(new MakePaymentCommand(user.GetAccountId(), body.Period, body.Amount, body.Method, body.MandateId, body.Split), ct);
                return result.IsSuccess
                    ? TypedResults.Created($"{PaymentsRoutes.Root}/{result.Value.PaymentId}", result.Value)
                    : result.Error!.ToProblem();
            })
            .WithName("MakePayment")
            .WithTags(PaymentsRoutes.Tag)
            .WithSummary("Pays a period: sepa_debit (collected at the due date, optionally split across mandates), transfer (instructions " +
                         "with a unique reference) or card (pending, with the provider's redirectUrl; 422 payments.card.above_threshold above " +
                         "Payments:Card:MaxAmount). Send an Idempotency-Key.")
            .RequireScope(DelegationScopes.PaymentsWrite)
            .WithIdempotency<PaymentsDbContext>()
            .Produces<PaymentResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
