using System.Security.Claims;
using Carter;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Urssaf.Modules.Payments.Domain;
using Urssaf.Modules.Payments.Features.MakePayment;
using Urssaf.Modules.Payments.Persistence;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Infrastructure.Http.Idempotency;
using Urssaf.Modules.Payments.Features.Shared;
using Urssaf.SharedKernel.Infrastructure.Time;
using Urssaf.SharedKernel.Results;

namespace Urssaf.Modules.Payments.Features.Refunds;

internal sealed record RequestRefundRequest(decimal Amount, Guid MandateId);

internal sealed record RequestRefundCommand(AccountId AccountId, decimal Amount, Guid MandateId) : ICommand<Result<RefundResponse>>;

internal sealed record RefundResponse(Guid RefundId, string Status, decimal Amount, Guid MandateId, string MaskedIban, DateOnly ExecutionDate,
    DateTime RequestedAt, DateOnly? SettledOn, string? ReturnReason);

internal sealed class RequestRefundValidator : AbstractValidator<RequestRefundCommand>
{
    public RequestRefundValidator()
    {
        RuleFor(c => c.Amount).GreaterThan(0).WithErrorCode("payments.amount.invalid")
            .LessThanOrEqualTo(10_000_000).WithErrorCode("payments.amount.invalid")
            .Must(PaymentRules.IsCents).WithErrorCode("payments.amount.invalid").WithMessage("An amount is in euros with at most two decimals.");
        RuleFor(c => c.MandateId).NotEmpty().WithErrorCode("payments.mandate.required").WithMessage("Name the mandate whose account receives the refund.");
    }
}

/// <summary>
/// Refunds (part of) the account's credit to the account of one of its active mandates (CSS L243-6: contributions paid beyond
/// what is owed are repaid). Only what exceeds the debts still open is refundable; the credit is taken at once, so a second
/// request cannot refund it again (the obligations' revision settles a race: 409), and the transfer goes in the pain.001 file
/// of the next TARGET business day not yet produced.
/// </summary>
internal sealed class RequestRefundHandler(PaymentsDbContext db, TimeProvider clock) : ICommandHandler<RequestRefundCommand, Result<RefundResponse>>
{
    public async ValueTask<Result<RefundResponse>> Handle(RequestRefundCommand command, CancellationToken cancellationToken)
    {
        var mandate = await db.Mandates.SingleOrDefaultAsync(m => m.Id == command.MandateId && m.AccountId == command.AccountId
                                                                  && m.Status == MandateStatus.Active, cancellationToken);
        if (mandate is null) return Error.Rule("payments.mandate.not_found", "The mandate is not an active mandate of this account.");

        var obligations = await db.Obligations.Where(o => o.AccountId == command.AccountId).ToListAsync(cancellationToken);
        var cents = PaymentRules.ToCents(command.Amount);
        var refundable = Credit.Refundable(obligations);
        if (cents > refundable)
            return Error.Rule("payments.refund.above_credit",
                $"At most {refundable / 100m:0.00} € can be refunded now: the credit, less what is still owed and not covered by a payment in progress.");

        var now = clock.GetUtcNow().UtcDateTime;
        var refund = Refund.Request(command.AccountId, mandate, cents, obligations, await ExecutionDateAsync(cancellationToken), now);
        db.Refunds.Add(refund);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Error.Conflict("payments.refund.credit_changed", "The credit changed at the same moment (another refund or payment); check it and retry.");
        }

        // The operator may have made the chosen day's file between that choice and this commit, without this refund: it then
        // goes in the next file instead of waiting forever with its credit taken.
        while (await db.CreditTransferBatches.AnyAsync(b => b.ExecutionDate == refund.ExecutionDate, cancellationToken))
        {
            await db.Entry(refund).ReloadAsync(cancellationToken);
            if (refund.Status != RefundStatus.Requested) break; // the file took it after all
            refund.PostponeTo(await ExecutionDateAsync(cancellationToken), clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(cancellationToken);
        }

        return ListRefundsHandler.Response(refund, mandate.MaskedIban);
    }

    /// <summary>The next TARGET business day whose pain.001 file is not produced yet (files go to the bank the day before).</summary>
    private async Task<DateOnly> ExecutionDateAsync(CancellationToken ct)
    {
        var date = TargetCalendar.NextBusinessDayFrom(clock.Today().AddDays(1));
        var produced = (await db.CreditTransferBatches.Where(b => b.ExecutionDate >= date).Select(b => b.ExecutionDate).ToListAsync(ct)).ToHashSet();
        while (produced.Contains(date)) date = TargetCalendar.NextBusinessDayFrom(date.AddDays(1));
        return date;
    }
}

/// <summary>The account's credit and what of it can be refunded.</summary>
internal static class Credit
{
    /// <summary>What was paid beyond the amounts owed (after refunds already taken).</summary>
    public static long Of(IEnumerable<Obligation> obligations) => obligations.Sum(o => o.CreditCents);

    /// <summary>The credit less the debts still open and not covered by a payment in progress: a credit pays debts before it is refunded.</summary>
    public static long Refundable(IReadOnlyCollection<Obligation> obligations) =>
        Math.Max(0, Of(obligations) - obligations.Sum(o => o.PayableCents));
}

internal sealed class RequestRefundEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapPost("/api/v1/payments/refunds", async (RequestRefundRequest body, ClaimsPrincipal user, ISender sender, TimeProvider clock, CancellationToken ct) =>
            {
                if (!user.AuthenticatedRecently(clock))
                    return ProblemResults.Problem(StatusCodes.Status403Forbidden, "identity.reauthentication_required",
                        "Log in again to ask for a refund: money leaving the account needs a password check of less than 15 minutes.");
                var result = await sender.Send(new RequestRefundCommand(user.GetAccountId(), body.Amount, body.MandateId), ct);
                return result.IsSuccess
                    ? TypedResults.Created($"/api/v1/payments/refunds/{result.Value.RefundId}", result.Value)
                    : result.Error!.ToProblem();
            })
            .WithName("RequestRefund")
            .WithTags("Payments")
            .WithSummary("Asks for the refund of (part of) the credit to the account of an active mandate, by SEPA credit transfer; at most the " +
                         "refundable credit (GET /api/v1/payments/credit), which is reserved at once. Needs a login of less than 15 minutes. Send an Idempotency-Key.")
            .RequireAuthorization(Policies.AccountHolder)
            .WithIdempotency<PaymentsDbContext>()
            .Produces<RefundResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
