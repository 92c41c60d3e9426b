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

internal sealed class ListPlansEndpoint : ICarterModule
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
    }
}
