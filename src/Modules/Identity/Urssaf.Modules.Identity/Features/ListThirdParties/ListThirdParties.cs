using Carter;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Urssaf.Modules.Identity.Domain;
using Urssaf.Modules.Identity.Persistence;
using Urssaf.SharedKernel.Infrastructure.Http;

namespace Urssaf.Modules.Identity.Features.ListThirdParties;

/// <summary>A registered accountant or software an entrepreneur may delegate to: its name, SIREN and the scopes it may be given.</summary>
internal sealed record ThirdPartyListing(string Name, string Siren, IReadOnlyList<string> AllowedScopes);

internal sealed record ListThirdPartiesQuery : IQuery<IReadOnlyList<ThirdPartyListing>>;

/// <summary>
/// The third parties that can receive a delegation (ADR 0061): those whose credentials are not revoked, by name. Nothing
/// about their OAuth client (id, keys, secret) is shown.
/// </summary>
internal sealed class ListThirdPartiesHandler(IdentityDbContext db) : IQueryHandler<ListThirdPartiesQuery, IReadOnlyList<ThirdPartyListing>>
{
    public async ValueTask<IReadOnlyList<ThirdPartyListing>> Handle(ListThirdPartiesQuery query, CancellationToken cancellationToken)
    {
        var parties = await db.ThirdParties.AsNoTracking().Where(t => t.Status == ThirdPartyStatus.Active).ToListAsync(cancellationToken);
        return [.. parties.OrderBy(t => t.Name, StringComparer.CurrentCultureIgnoreCase).ThenBy(t => t.Siren, StringComparer.Ordinal)
            .Select(t => new ThirdPartyListing(t.Name, t.Siren, t.Scopes))];
    }
}

internal sealed class ListThirdPartiesEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet($"{IdentityRoutes.Root}/third-parties", async (ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new ListThirdPartiesQuery(), ct)))
            .WithName("ListThirdParties")
            .WithTags(IdentityRoutes.Tag)
            .WithSummary("The registered accountants and software an entrepreneur can give a delegation to: name, SIREN and the scopes they may receive.")
            .RequireAuthorization(Policies.AccountHolder)
            .Produces<IReadOnlyList<ThirdPartyListing>>();
}
