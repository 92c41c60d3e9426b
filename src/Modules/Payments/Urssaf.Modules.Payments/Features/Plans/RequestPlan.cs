using System.Security.Claims;
using Carter;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Urssaf.Modules.Payments.Domain;
using Urssaf.Modules.Payments.Features.MakePayment;
using Urssaf.Modules.Payments.Persistence;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Infrastructure.Http.Idempotency;
using Urssaf.SharedKernel.Results;
using Urssaf.Modules.Payments.Features.Shared;

namespace Urssaf.Modules.Payments.Features.Plans;

internal sealed record PlanRequest(IReadOnlyList<string>? Periods = null, bool? All = null, int Instalments = 0, Guid? MandateId = null, string? Reason = null);

internal sealed record RequestPlanCommand(AccountId AccountId, PlanRequest Body, bool Preview) : ICommand<Result<PlanPreview>>;

/// <summary>The schedule before confirming (<c>decision</c>: <c>approved</c> at once, <c>under_review</c> or <c>refused</c>), and after.</summary>
internal sealed record PlanPreview(Guid? PlanId, string Status, decimal Total, IReadOnlyList<PlanDebtLine> Debts, IReadOnlyList<ScheduleLine> Schedule,
    IReadOnlyList<string> RefusalReasons);

internal sealed class RequestPlanValidator : AbstractValidator<RequestPlanCommand>
{
    public RequestPlanValidator(IOptions<PaymentsOptions> options)
    {
        RuleFor(c => c.Body.Instalments).InclusiveBetween(1, options.Value.Plans.MaxInstalments).OverridePropertyName("instalments")
            .WithErrorCode("payments.plan.instalments_invalid").WithMessage($"A plan has 1 to {options.Value.Plans.MaxInstalments} monthly instalments.");
        RuleFor(c => c.Body.MandateId).NotEmpty().OverridePropertyName("mandateId").WithErrorCode("payments.mandate.required");
        RuleFor(c => c.Body.Reason).NotEmpty().OverridePropertyName("reason").WithErrorCode("payments.plan.reason_required")
            .MaximumLength(2000).WithErrorCode("payments.plan.reason_too_long");
        RuleFor(c => c.Body).Must(b => (b.All == true) != (b.Periods is { Count: > 0 })).OverridePropertyName("periods")
            .WithErrorCode("payments.plan.periods_invalid").WithMessage("Give periods, or all: true, not both.");
        RuleForEach(c => c.Body.Periods).Matches(PaymentRules.Period()).OverridePropertyName("periods")
            .WithErrorCode("payments.period.invalid").WithMessage("A period is YYYY-MM or YYYY-Qn.");
        RuleFor(c => c.Body.Periods).Must(p => p is null || p.Count <= 40).OverridePropertyName("periods").WithErrorCode("payments.plan.periods_invalid");
    }
}

/// <summary>
/// A payment plan request (CSS R243-21). Preview computes the schedule and the decision without writing; the request writes it:
/// refused at once when ineligible, approved at once (instalments scheduled) when small and short, else under review (ADR 0092).
/// </summary>
internal sealed class RequestPlanHandler(PaymentsDbContext db, PlanService plans, TimeProvider clock) : ICommandHandler<RequestPlanCommand, Result<PlanPreview>>
{
    public async ValueTask<Result<PlanPreview>> Handle(RequestPlanCommand command, CancellationToken cancellationToken)
    {
        var body = command.Body;
        var mandate = await db.Mandates.AsNoTracking()
            .SingleOrDefaultAsync(m => m.Id == body.MandateId && m.AccountId == command.AccountId && m.Status == MandateStatus.Active, cancellationToken);
        if (mandate is null) return Error.Rule("payments.mandate.not_found", "The mandate is not an active mandate of this account.");
        var debts = await plans.DebtsAsync(command.AccountId, body.Periods, body.All == true, cancellationToken);
        if (!debts.IsSuccess) return debts.Error!;
        var total = debts.Value.Sum(d => d.Cents);
        if (total < body.Instalments)
            return Error.Rule("payments.plan.instalments_invalid", "Each instalment must be at least one cent.");

        var schedule = plans.Schedule(total, body.Instalments);
        var refusals = await plans.IneligibilityAsync(command.AccountId, cancellationToken);
        var status = refusals.Count > 0 ? PlanStatus.Refused : plans.ApprovedAtOnce(total, body.Instalments) ? PlanStatus.Approved : PlanStatus.UnderReview;
        var debtLines = debts.Value.Select(d => new PlanDebtLine(d.Obligation.Period, d.Obligation.Kind == ObligationKind.Penalty ? "penalty" : "declaration",
            d.Cents / 100m)).ToList();
        if (command.Preview)
            return new PlanPreview(null, PaymentNames.Of(status), total / 100m, debtLines,
                schedule.Select((s, i) => new ScheduleLine(i + 1, s.DueDate, s.Cents / 100m)).ToList(), refusals);

        var now = clock.GetUtcNow().UtcDateTime;
        var plan = PaymentPlan.Request(command.AccountId, mandate.Id, body.Reason!.Trim(), debts.Value, schedule, now);
        db.PaymentPlans.Add(plan);
        if (status == PlanStatus.Refused) plan.Refuse(string.Join(',', refusals), null, now);
        else if (status == PlanStatus.Approved && await plans.ActivateAsync(plan, "approved at once (ADR 0092)", cancellationToken) is { IsSuccess: false } failed)
            return failed.Error!;

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Error.Conflict("payments.obligation.changed", "A payment for these periods was recorded at the same moment; check the balance and retry.");
        }

        var response = await plans.ResponseAsync(plan, cancellationToken);
        return new PlanPreview(plan.Id, response.Status, response.Total, response.Debts, response.Schedule, response.RefusalReasons);
    }
}

internal sealed class RequestPlanEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        app.MapPost($"{PaymentsRoutes.Root}/plans", async (PlanRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
            {
                var result = await sender.Send(new RequestPlanCommand(user.GetAccountId(), body, Preview: false), ct);
                return result.IsSuccess
                    ? TypedResults.Created($"{PaymentsRoutes.Root}/plans/{result.Value.PlanId}", result.Value)
                    : result.Error!.ToProblem();
            })
            .WithName("RequestPaymentPlan")
            .WithTags(PaymentsRoutes.Tag)
            .WithSummary("Asks for a payment plan (CSS R243-21) for periods[] or all: true, in 1 to 12 monthly instalments debited on mandateId: " +
                         "approved at once when small and short, under_review otherwise, refused when a declaration is missing or a plan defaulted " +
                         "in the last 12 months. Send an Idempotency-Key.")
            .RequireAuthorization(Policies.AccountHolder)
            .WithIdempotency<PaymentsDbContext>()
            .Produces<PlanPreview>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        app.MapPost($"{PaymentsRoutes.Root}/plans/preview", async (PlanRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
                (await sender.Send(new RequestPlanCommand(user.GetAccountId(), body, Preview: true), ct)).ToOk())
            .WithName("PreviewPaymentPlan")
            .WithTags(PaymentsRoutes.Tag)
            .WithSummary("The schedule a plan request would get (instalments in whole cents, the last takes the remainder) and its decision, without asking.")
            .RequireAuthorization(Policies.AccountHolder)
            .Produces<PlanPreview>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }
}
