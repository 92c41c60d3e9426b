using System.Security.Claims;
using Carter;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Urssaf.Modules.Identity.Contracts.IntegrationEvents;
using Urssaf.Modules.Identity.Domain;
using Urssaf.Modules.Identity.Persistence;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Infrastructure.Time;
using Urssaf.SharedKernel.Results;

namespace Urssaf.Modules.Identity.Features.Delegations;

internal sealed record ActivityResponse(DateTime At, string Operation, string Resource, int Status);

internal sealed record GetDelegationActivityQuery(AccountId AccountId, Guid DelegationId, int Page, int PageSize)
    : IQuery<Result<IReadOnlyList<ActivityResponse>>>;

internal sealed class GetDelegationActivityValidator : AbstractValidator<GetDelegationActivityQuery>
{
    public GetDelegationActivityValidator()
    {
        RuleFor(q => q.Page).ValidPage();
        RuleFor(q => q.PageSize).ValidPageSize();
    }
}

internal sealed class GetDelegationActivityHandler(IdentityDbContext db)
    : IQueryHandler<GetDelegationActivityQuery, Result<IReadOnlyList<ActivityResponse>>>
{
    public async ValueTask<Result<IReadOnlyList<ActivityResponse>>> Handle(GetDelegationActivityQuery query, CancellationToken cancellationToken)
    {
        if (!await db.Delegations.AnyAsync(d => d.Id == query.DelegationId && d.AccountId == query.AccountId, cancellationToken))
            return DelegationErrors.NotFound;
        var rows = await db.DelegationActivities.AsNoTracking().Where(a => a.DelegationId == query.DelegationId)
            .OrderByDescending(a => a.Id).Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
            .Select(a => new ActivityResponse(a.AtUtc, a.Operation, a.Resource, a.Status)).ToListAsync(cancellationToken);
        return rows;
    }
}

internal sealed class GetDelegationActivityEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet($"{IdentityRoutes.Root}/delegations/{{delegationId:guid}}/activity", async (Guid delegationId, ClaimsPrincipal user, ISender sender,
                CancellationToken ct, int page = 1, int pageSize = 50) =>
                (await sender.Send(new GetDelegationActivityQuery(user.GetAccountId(), delegationId, page, pageSize), ct)).ToOk())
            .WithName("GetDelegationActivity")
            .WithTags(IdentityRoutes.Tag)
            .RequireAuthorization(Policies.AccountHolder)
            .WithSummary("What the third party did under this delegation, newest first: at, operation (method and route), resource, status.")
            .Produces<IReadOnlyList<ActivityResponse>>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
}
