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

/// <summary>A new secret for a third party: the old one and every token issued with it stop working at once.</summary>
internal sealed record RotateThirdPartySecretCommand(Guid ThirdPartyId) : ICommand<Result<ThirdPartyCredentials>>;

internal sealed class RotateThirdPartySecretHandler(IdentityDbContext db, IOpenIddictApplicationManager applications, TimeProvider clock)
    : ICommandHandler<RotateThirdPartySecretCommand, Result<ThirdPartyCredentials>>
{
    public async ValueTask<Result<ThirdPartyCredentials>> Handle(RotateThirdPartySecretCommand command, CancellationToken cancellationToken)
    {
        if (await ThirdPartyApplications.FindAsync(db, applications, command.ThirdPartyId, cancellationToken) is not { } found) return ThirdPartyErrors.NotFound;
        var (party, application) = found;
        var secret = ThirdPartyOAuth.NewClientSecret();
        party.SecretRotated(clock.GetUtcNow().UtcDateTime);
        await ThirdPartyApplications.ReplaceSecretAsync(applications, application, secret, cancellationToken); // one SaveChanges with the third party's change
        return new ThirdPartyCredentials(party.Id, party.ClientId, secret);
    }
}

internal sealed class RotateThirdPartySecretEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapPost($"{ThirdPartyRoutes.Root}/{{thirdPartyId:guid}}/secret", async (Guid thirdPartyId, ISender sender, CancellationToken ct) =>
                (await sender.Send(new RotateThirdPartySecretCommand(thirdPartyId), ct)).ToOk())
            .WithName("RotateThirdPartySecret")
            .WithTags(IdentityRoutes.OperatorTag)
            .WithSummary("Issues a new client secret (shown once); the old secret and every token issued before stop working at once.")
            .RequireAuthorization(Policies.Operator)
            .Produces<ThirdPartyCredentials>()
            .ProducesProblem(StatusCodes.Status404NotFound);
}
