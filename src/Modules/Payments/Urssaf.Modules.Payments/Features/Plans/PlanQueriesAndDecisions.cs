using System.Globalization;
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
using Urssaf.Modules.Payments.Persistence;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Infrastructure.Http.Idempotency;
using Urssaf.SharedKernel.Infrastructure.Time;
using Urssaf.SharedKernel.Results;
using Urssaf.Modules.Payments.Features.Shared;

namespace Urssaf.Modules.Payments.Features.Plans;

// ---- the entrepreneur's plans -----------------------------------------------------------------------------------------

internal sealed record ListPlansQuery(AccountId? AccountId, PlanStatus? Status) : IQuery<IReadOnlyList<PlanResponse>>;

internal sealed class ListPlansHandler(PaymentsDbContext db, PlanService plans) : IQueryHandler<ListPlansQuery, IReadOnlyList<PlanResponse>>
{
    public async ValueTask<IReadOnlyList<PlanResponse>> Handle(ListPlansQuery query, CancellationToken cancellationToken)
    {
        var rows = db.PaymentPlans.AsNoTracking();
        if (query.AccountId is { } account) rows = rows.Where(p => p.AccountId == account);
        if (query.Status is { } status) rows = rows.Where(p => p.Status == status);
        var list = new List<PlanResponse>();
        foreach (var plan in await rows.OrderBy(p => p.CreatedOnUtc).Take(200).ToListAsync(cancellationToken))
            list.Add(await plans.ResponseAsync(plan, cancellationToken));
        return list;
    }
}

internal sealed record GetPlanQuery(AccountId? AccountId, Guid PlanId) : IQuery<Result<PlanResponse>>;

internal sealed class GetPlanHandler(PaymentsDbContext db, PlanService plans) : IQueryHandler<GetPlanQuery, Result<PlanResponse>>
{
    public async ValueTask<Result<PlanResponse>> Handle(GetPlanQuery query, CancellationToken cancellationToken)
    {
        var plan = await db.PaymentPlans.AsNoTracking()
            .SingleOrDefaultAsync(p => p.Id == query.PlanId && (query.AccountId == null || p.AccountId == query.AccountId), cancellationToken);
        return plan is null ? PlanErrors.NotFound : await plans.ResponseAsync(plan, cancellationToken);
    }
}

internal static class PlanErrors
{
    public static readonly Error NotFound = Error.NotFound("payments.plan.not_found", "No such payment plan.");

    public static Error NotInStatus(string expected) => Error.Conflict("payments.plan.status_invalid", $"The plan is not {expected}.");
}

internal sealed record AcceptCounterProposalCommand(AccountId AccountId, Guid PlanId) : ICommand<Result<PlanResponse>>;

/// <summary>The entrepreneur signs the operator's counter-proposal: the plan is approved and its instalments scheduled.</summary>
internal sealed class AcceptCounterProposalHandler(PaymentsDbContext db, PlanService plans) : ICommandHandler<AcceptCounterProposalCommand, Result<PlanResponse>>
{
    public async ValueTask<Result<PlanResponse>> Handle(AcceptCounterProposalCommand command, CancellationToken cancellationToken)
    {
        var plan = await db.PaymentPlans.SingleOrDefaultAsync(p => p.Id == command.PlanId && p.AccountId == command.AccountId, cancellationToken);
        if (plan is null) return PlanErrors.NotFound;
        if (plan.Status != PlanStatus.CounterProposed) return PlanErrors.NotInStatus("counter_proposed");
        if (await plans.ActivateAsync(plan, plan.DecisionNote, cancellationToken) is { IsSuccess: false } failed) return failed.Error!;
        return await SaveAsync(db, plans, plan, cancellationToken);
    }

    internal static async Task<Result<PlanResponse>> SaveAsync(PaymentsDbContext db, PlanService plans, PaymentPlan plan, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Error.Conflict("payments.plan.changed", "The plan or its debts changed at the same moment; read it again.");
        }

        return await plans.ResponseAsync(plan, ct);
    }
}

internal sealed class PaymentPlansEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        app.MapGet($"{PaymentsRoutes.Root}/plans", async (ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new ListPlansQuery(user.GetAccountId(), null), ct)))
            .WithName("ListPaymentPlans")
            .WithTags(PaymentsRoutes.Tag)
            .WithSummary("The account's payment plans with their schedule and each instalment's status.")
            .RequireAuthorization(Policies.AccountHolder)
            .Produces<IReadOnlyList<PlanResponse>>();

        app.MapGet($"{PaymentsRoutes.Root}/plans/{{planId:guid}}", async (Guid planId, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
                (await sender.Send(new GetPlanQuery(user.GetAccountId(), planId), ct)).ToOk())
            .WithName("GetPaymentPlan")
            .WithTags(PaymentsRoutes.Tag)
            .WithSummary("One payment plan: status, covered debts, schedule.")
            .RequireAuthorization(Policies.AccountHolder)
            .Produces<PlanResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapPost($"{PaymentsRoutes.Root}/plans/{{planId:guid}}/acceptance", async (Guid planId, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
                (await sender.Send(new AcceptCounterProposalCommand(user.GetAccountId(), planId), ct)).ToOk())
            .WithName("AcceptPaymentPlanCounterProposal")
            .WithTags(PaymentsRoutes.Tag)
            .WithSummary("Signs the operator's counter-proposal: the plan is approved and its instalments are scheduled. Send an Idempotency-Key.")
            .RequireAuthorization(Policies.AccountHolder)
            .WithIdempotency<PaymentsDbContext>()
            .Produces<PlanResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }
}

// ---- the operator's review ----------------------------------------------------------------------------------------------

/// <param name="Decision"><c>approve</c>, <c>refuse</c> or <c>counter_propose</c>.</param>
/// <param name="Instalments">For a counter-proposal: the number of monthly instalments proposed.</param>
/// <param name="FirstDueDate">For a counter-proposal: the first instalment's date (by default as for a request).</param>
internal sealed record PlanDecisionBody(string? Decision = null, int? Instalments = null, DateOnly? FirstDueDate = null, string? Note = null);

internal sealed record DecidePlanCommand(Guid PlanId, PlanDecisionBody Body) : ICommand<Result<PlanResponse>>;

internal sealed class DecidePlanValidator : AbstractValidator<DecidePlanCommand>
{
    public DecidePlanValidator(IOptions<PaymentsOptions> options)
    {
        RuleFor(c => c.Body.Decision).Must(d => d is "approve" or "refuse" or "counter_propose").OverridePropertyName("decision")
            .WithErrorCode("payments.plan.decision_invalid").WithMessage("The decision is approve, refuse or counter_propose.");
        RuleFor(c => c.Body.Instalments).NotNull().InclusiveBetween(1, options.Value.Plans.MaxInstalments).When(c => c.Body.Decision == "counter_propose")
            .OverridePropertyName("instalments").WithErrorCode("payments.plan.instalments_invalid");
        RuleFor(c => c.Body.Note).NotEmpty().When(c => c.Body.Decision == "refuse").OverridePropertyName("note").WithErrorCode("payments.plan.note_required")
            .WithMessage("A refusal says why.");
        RuleFor(c => c.Body.Note).MaximumLength(1000).OverridePropertyName("note").WithErrorCode("payments.plan.note_too_long");
    }
}

/// <summary>The operator decides a plan under review: approve (instalments scheduled), refuse with a note, or counter-propose a schedule.</summary>
internal sealed class DecidePlanHandler(PaymentsDbContext db, PlanService plans, TimeProvider clock) : ICommandHandler<DecidePlanCommand, Result<PlanResponse>>
{
    public async ValueTask<Result<PlanResponse>> Handle(DecidePlanCommand command, CancellationToken cancellationToken)
    {
        var plan = await db.PaymentPlans.SingleOrDefaultAsync(p => p.Id == command.PlanId, cancellationToken);
        if (plan is null) return PlanErrors.NotFound;
        if (plan.Status != PlanStatus.UnderReview) return PlanErrors.NotInStatus("under_review");
        var body = command.Body;
        var now = clock.GetUtcNow().UtcDateTime;
        switch (body.Decision)
        {
            case "approve":
                if (await plans.ActivateAsync(plan, body.Note, cancellationToken) is { IsSuccess: false } failed) return failed.Error!;
                break;
            case "refuse":
                plan.Refuse("payments.plan.refused_by_operator", body.Note, now);
                break;
            default:
                if (body.FirstDueDate is { } first && first <= clock.Today())
                    return Error.Validation("payments.plan.first_due_date_invalid", "The first instalment is after today.", "firstDueDate");
                if (plan.TotalCents < body.Instalments!.Value) return Error.Rule("payments.plan.instalments_invalid", "Each instalment must be at least one cent.");
                plan.CounterPropose(plans.Schedule(plan.TotalCents, body.Instalments.Value, body.FirstDueDate), body.Note, now);
                break;
        }

        return await AcceptCounterProposalHandler.SaveAsync(db, plans, plan, cancellationToken);
    }
}

internal sealed class OperatorPaymentPlansEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        app.MapGet($"{PaymentsRoutes.Operator}/payment-plans", async (string? status, ISender sender, CancellationToken ct) =>
            {
                PlanStatus? wanted = null;
                if (status is not null)
                {
                    var match = Enum.GetValues<PlanStatus>().Where(s => PaymentNames.Of(s) == status).Select(s => (PlanStatus?)s).FirstOrDefault();
                    if (match is null) return Error.Validation("payments.plan.status_invalid", "Unknown plan status.", "status").ToProblem();
                    wanted = match;
                }

                return TypedResults.Ok(await sender.Send(new ListPlansQuery(null, wanted ?? PlanStatus.UnderReview), ct));
            })
            .WithName("ListPaymentPlansForReview")
            .WithTags(PaymentsRoutes.OperatorTag)
            .WithSummary("The payment plans waiting for a decision (status=under_review by default, oldest first).")
            .RequireAuthorization(Policies.Operator)
            .Produces<IReadOnlyList<PlanResponse>>()
            .ProducesValidationProblem();

        app.MapPost($"{PaymentsRoutes.Operator}/payment-plans/{{planId:guid}}/decision", async (Guid planId, PlanDecisionBody body, ISender sender, CancellationToken ct) =>
                (await sender.Send(new DecidePlanCommand(planId, body), ct)).ToOk())
            .WithName("DecidePaymentPlan")
            .WithTags(PaymentsRoutes.OperatorTag)
            .WithSummary("Decides a plan under review (CSS R243-21): approve (its instalments are scheduled), refuse with a note, or counter_propose " +
                         "another number of instalments, which the entrepreneur accepts.")
            .RequireAuthorization(Policies.Operator)
            .Produces<PlanResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }
}
