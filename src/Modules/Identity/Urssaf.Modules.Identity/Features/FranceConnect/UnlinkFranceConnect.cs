using System.Security.Claims;
using Carter;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Urssaf.Modules.Identity.Domain;
using Urssaf.Modules.Identity.Features.Sessions;
using Urssaf.Modules.Identity.Features.Shared;
using Urssaf.Modules.Identity.Persistence;
using Urssaf.Modules.Identity.Security;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Results;

namespace Urssaf.Modules.Identity.Features.FranceConnect;

internal sealed record UnlinkFranceConnectCommand(AccountId AccountId) : ICommand<Result>;

internal sealed class UnlinkFranceConnectHandler(IdentityDbContext db) : ICommandHandler<UnlinkFranceConnectCommand, Result>
{
    public async ValueTask<Result> Handle(UnlinkFranceConnectCommand command, CancellationToken cancellationToken) =>
        await db.FranceConnectLinks.Where(l => l.AccountId == command.AccountId).ExecuteDeleteAsync(cancellationToken) == 0
            ? FranceConnectErrors.NotLinked
            : Result.Success();
}

internal sealed class UnlinkFranceConnectEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapDelete($"{IdentityRoutes.Root}/me/franceconnect", async (ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
                (await sender.Send(new UnlinkFranceConnectCommand(user.GetAccountId()), ct)).ToNoContent())
            .WithName("UnlinkFranceConnect")
            .WithTags(IdentityRoutes.Tag)
            .RequireAuthorization(Policies.AccountHolder)
            .WithSummary("Unlinks FranceConnect from this account: it can no longer log in with it until linked again.")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
}
