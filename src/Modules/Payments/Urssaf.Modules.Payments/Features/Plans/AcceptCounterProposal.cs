using System.Globalization;
using System.Security.Claims;
using Carter;
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

internal sealed class AcceptCounterProposalEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
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
