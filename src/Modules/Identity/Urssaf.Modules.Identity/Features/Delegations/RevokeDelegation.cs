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

internal sealed record RevokeDelegationCommand(AccountId AccountId, Guid DelegationId) : ICommand<Result>;

internal sealed class RevokeDelegationHandler(IdentityDbContext db, TimeProvider clock) : ICommandHandler<RevokeDelegationCommand, Result>
{
    public async ValueTask<Result> Handle(RevokeDelegationCommand command, CancellationToken cancellationToken)
    {
        var delegation = await db.Delegations.SingleOrDefaultAsync(d => d.Id == command.DelegationId && d.AccountId == command.AccountId, cancellationToken);
        if (delegation is null) return DelegationErrors.NotFound;
        delegation.Revoke(clock.GetUtcNow().UtcDateTime); // checked on every call: the third party's next call is refused
        await db.SaveChangesAsync(cancellationToken);
        return Result.Success();
    }
}

internal sealed class RevokeDelegationEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapDelete($"{IdentityRoutes.Root}/delegations/{{delegationId:guid}}", async (Guid delegationId, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
                (await sender.Send(new RevokeDelegationCommand(user.GetAccountId(), delegationId), ct)).ToNoContent())
            .WithName("RevokeDelegation")
            .WithTags(IdentityRoutes.Tag)
            .RequireAuthorization(Policies.AccountHolder)
            .WithSummary("Revokes a delegation: the third party's next call is refused, even with a token already issued.")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
}
