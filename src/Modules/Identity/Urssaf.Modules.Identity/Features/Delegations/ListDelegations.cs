using System.Security.Claims;
using Carter;
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

internal sealed record ListDelegationsQuery(AccountId AccountId) : IQuery<IReadOnlyList<DelegationResponse>>;

internal sealed class ListDelegationsHandler(IdentityDbContext db, TimeProvider clock) : IQueryHandler<ListDelegationsQuery, IReadOnlyList<DelegationResponse>>
{
    public async ValueTask<IReadOnlyList<DelegationResponse>> Handle(ListDelegationsQuery query, CancellationToken cancellationToken)
    {
        var today = clock.Today();
        var rows = await db.Delegations.AsNoTracking().Where(d => d.AccountId == query.AccountId)
            .Join(db.ThirdParties.AsNoTracking(), d => d.ThirdPartyId, t => t.Id, (d, t) => new { d, t })
            .ToListAsync(cancellationToken);
        return rows.OrderByDescending(r => r.d.CreatedOnUtc).Select(r => DelegationResponse.From(r.d, r.t, today)).ToList();
    }
}

internal sealed class ListDelegationsEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet($"{IdentityRoutes.Root}/delegations", async (ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new ListDelegationsQuery(user.GetAccountId()), ct)))
            .WithName("ListDelegations")
            .WithTags(IdentityRoutes.Tag)
            .RequireAuthorization(Policies.AccountHolder)
            .WithSummary("The account's delegations with their status (active, expired, revoked).")
            .Produces<IReadOnlyList<DelegationResponse>>();
}
