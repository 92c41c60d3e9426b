using Carter;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using Urssaf.Modules.Identity.Persistence;
using Urssaf.Modules.Identity.Security;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Results;

namespace Urssaf.Modules.Identity.Features.ThirdParties;

/// <summary>A new secret for a third party: the old one and every token issued with it stop working at once.</summary>
internal sealed record RotateThirdPartySecretCommand(Guid ThirdPartyId) : ICommand<Result<ThirdPartyCredentials>>;

/// <summary>Revokes a third party's secret (leaked, contract ended): no secret works and every token issued is refused.</summary>
internal sealed record RevokeThirdPartySecretCommand(Guid ThirdPartyId) : ICommand<Result>;

internal sealed class RotateThirdPartySecretHandler(IdentityDbContext db, IOpenIddictApplicationManager applications, TimeProvider clock)
    : ICommandHandler<RotateThirdPartySecretCommand, Result<ThirdPartyCredentials>>
{
    public async ValueTask<Result<ThirdPartyCredentials>> Handle(RotateThirdPartySecretCommand command, CancellationToken cancellationToken)
    {
        var party = await db.ThirdParties.SingleOrDefaultAsync(t => t.Id == command.ThirdPartyId, cancellationToken);
        var application = party is null ? null : await applications.FindByClientIdAsync(party.ClientId, cancellationToken);
        if (party is null || application is null) return ThirdPartyErrors.NotFound;
        var secret = ThirdPartyOAuth.NewClientSecret();
        party.SecretRotated(clock.GetUtcNow().UtcDateTime);
        var descriptor = new OpenIddictApplicationDescriptor();
        await applications.PopulateAsync(descriptor, application, cancellationToken);
        descriptor.ClientSecret = secret;
        descriptor.JsonWebKeySet = null; // a rotated client authenticates by secret
        await applications.UpdateAsync(application, descriptor, cancellationToken); // one SaveChanges with the third party's change
        return new ThirdPartyCredentials(party.Id, party.ClientId, secret);
    }
}

internal sealed class RevokeThirdPartySecretHandler(IdentityDbContext db, IOpenIddictApplicationManager applications, TimeProvider clock)
    : ICommandHandler<RevokeThirdPartySecretCommand, Result>
{
    public async ValueTask<Result> Handle(RevokeThirdPartySecretCommand command, CancellationToken cancellationToken)
    {
        var party = await db.ThirdParties.SingleOrDefaultAsync(t => t.Id == command.ThirdPartyId, cancellationToken);
        var application = party is null ? null : await applications.FindByClientIdAsync(party.ClientId, cancellationToken);
        if (party is null || application is null) return ThirdPartyErrors.NotFound;
        party.SecretRevoked(clock.GetUtcNow().UtcDateTime);
        var descriptor = new OpenIddictApplicationDescriptor();
        await applications.PopulateAsync(descriptor, application, cancellationToken);
        descriptor.ClientSecret = ThirdPartyOAuth.NewClientSecret(); // never shown: nobody knows it
        descriptor.JsonWebKeySet = null;
        await applications.UpdateAsync(application, descriptor, cancellationToken);
        return Result.Success();
    }
}

internal sealed class ManageThirdPartySecretEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        app.MapPost($"{ThirdPartyRoutes.Root}/{{thirdPartyId:guid}}/secret", async (Guid thirdPartyId, ISender sender, CancellationToken ct) =>
                (await sender.Send(new RotateThirdPartySecretCommand(thirdPartyId), ct)).ToOk())
            .WithName("RotateThirdPartySecret")
            .WithTags(IdentityRoutes.OperatorTag)
            .WithSummary("Issues a new client secret (shown once); the old secret and every token issued before stop working at once.")
            .RequireAuthorization(Policies.Operator)
            .Produces<ThirdPartyCredentials>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        app.MapDelete($"{ThirdPartyRoutes.Root}/{{thirdPartyId:guid}}/secret", async (Guid thirdPartyId, ISender sender, CancellationToken ct) =>
                (await sender.Send(new RevokeThirdPartySecretCommand(thirdPartyId), ct)).ToNoContent())
            .WithName("RevokeThirdPartySecret")
            .WithTags(IdentityRoutes.OperatorTag)
            .WithSummary("Revokes the client's credentials: no token can be obtained and every token issued is refused, until a rotation.")
            .RequireAuthorization(Policies.Operator)
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
