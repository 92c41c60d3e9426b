using System.Security.Claims;
using Carter;
using Fido2NetLib;
using Fido2NetLib.Exceptions;
using Fido2NetLib.Objects;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Urssaf.Modules.Identity.Contracts.IntegrationEvents;
using Urssaf.Modules.Identity.Domain;
using Urssaf.Modules.Identity.Features.Sessions;
using Urssaf.Modules.Identity.Features.Shared;
using Urssaf.Modules.Identity.Persistence;
using Urssaf.Modules.Identity.Security;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Results;

namespace Urssaf.Modules.Identity.Features.Passkeys;

internal sealed record ListPasskeysQuery(AccountId AccountId) : IQuery<IReadOnlyList<PasskeyItem>>;

internal sealed class ListPasskeysHandler(IdentityDbContext db) : IQueryHandler<ListPasskeysQuery, IReadOnlyList<PasskeyItem>>
{
    public async ValueTask<IReadOnlyList<PasskeyItem>> Handle(ListPasskeysQuery query, CancellationToken cancellationToken) =>
        await db.Passkeys.AsNoTracking().Where(p => p.AccountId == query.AccountId).OrderBy(p => p.CreatedOnUtc)
            .Select(p => new PasskeyItem(p.Id, p.Name, p.CreatedOnUtc, p.LastUsedOnUtc)).ToListAsync(cancellationToken);
}

internal sealed class ListPasskeysEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet($"{IdentityRoutes.Root}/passkeys", async (ClaimsPrincipal user, ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new ListPasskeysQuery(user.GetAccountId()), ct)))
            .WithName("ListPasskeys")
            .WithTags(IdentityRoutes.Tag)
            .WithSummary("The account's passkeys: name, creation and last use.")
            .RequireAuthorization(Policies.AccountHolder)
            .Produces<IReadOnlyList<PasskeyItem>>();
}
