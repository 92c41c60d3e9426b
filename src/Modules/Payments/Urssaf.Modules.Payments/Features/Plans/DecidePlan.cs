using System.Globalization;
using Carter;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Urssaf.Modules.Payments.Domain;
using Urssaf.Modules.Payments.Features.Shared;
using Urssaf.Modules.Payments.Persistence;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Infrastructure.Http.Idempotency;
using Urssaf.SharedKernel.Infrastructure.Time;
using Urssaf.SharedKernel.Results;

namespace Urssaf.Modules.Payments.Features.Plans;

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

internal sealed class DecidePlanEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
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
