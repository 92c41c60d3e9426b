using Carter;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OpenIddict.Abstractions;
using Urssaf.Modules.Identity.Persistence;
using Urssaf.Modules.Identity.Security;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Results;

namespace Urssaf.Modules.Identity.Features.ThirdParties;

/// <summary>Revokes a third party's secret (leaked, contract ended): no secret works and every token issued is refused.</summary>
internal sealed record RevokeThirdPartySecretCommand(Guid ThirdPartyId) : ICommand<Result>;

internal sealed class RevokeThirdPartySecretHandler(IdentityDbContext db, IOpenIddictApplicationManager applications, TimeProvider clock)
    : ICommandHandler<RevokeThirdPartySecretCommand, Result>
{
    public async ValueTask<Result> Handle(RevokeThirdPartySecretCommand command, CancellationToken cancellationToken)
    {
        if (await ThirdPartyApplications.FindAsync(db, applications, command.ThirdPartyId, cancellationToken) is not { } found) return ThirdPartyErrors.NotFound;
        var (party, application) = found;
        party.SecretRevoked(clock.GetUtcNow().UtcDateTime);
        await ThirdPartyApplications.ReplaceSecretAsync(applications, application, ThirdPartyOAuth.NewClientSecret(), cancellationToken); // never shown: nobody knows it
        return Result.Success();
    }
}

internal sealed class RevokeThirdPartySecretEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapDelete($"{ThirdPartyRoutes.Root}/{{thirdPartyId:guid}}/secret", async (Guid thirdPartyId, ISender sender, CancellationToken ct) =>
                (await sender.Send(new RevokeThirdPartySecretCommand(thirdPartyId), ct)).ToNoContent())
            .WithName("RevokeThirdPartySecret")
            .WithTags(IdentityRoutes.OperatorTag)
            .WithSummary("Revokes the client's credentials: no token can be obtained and every token issued is refused, until a rotation.")
            .RequireAuthorization(Policies.Operator)
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);
}
