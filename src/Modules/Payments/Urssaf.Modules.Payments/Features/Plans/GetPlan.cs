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

internal sealed class GetPlanEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        app.MapGet($"{PaymentsRoutes.Root}/plans/{{planId:guid}}", async (Guid planId, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
                (await sender.Send(new GetPlanQuery(user.GetAccountId(), planId), ct)).ToOk())
            .WithName("GetPaymentPlan")
            .WithTags(PaymentsRoutes.Tag)
            .WithSummary("One payment plan: status, covered debts, schedule.")
            .RequireAuthorization(Policies.AccountHolder)
            .Produces<PlanResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
