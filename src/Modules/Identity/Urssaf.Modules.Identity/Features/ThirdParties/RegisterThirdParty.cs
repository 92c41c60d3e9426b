using System.Text.Json;
using Carter;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using Urssaf.Modules.Identity.Domain;
using Urssaf.Modules.Identity.Persistence;
using Urssaf.Modules.Identity.Security;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Results;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Urssaf.Modules.Identity.Features.ThirdParties;

/// <summary>
/// The operator registers an accountant's firm or a software publisher: an OAuth client for the client credentials grant,
/// authenticated by a secret (shown once, stored hashed by OpenIddict) or, when <see cref="Jwks"/> is given, by
/// <c>private_key_jwt</c> assertions signed with one of its keys (then no secret at all).
/// </summary>
internal sealed record RegisterThirdPartyCommand(string Name, string Siren, IReadOnlyList<string> AllowedScopes, JsonElement? Jwks)
    : ICommand<Result<ThirdPartyCredentials>>;

internal sealed record ThirdPartyCredentials(Guid ThirdPartyId, string ClientId, string? ClientSecret);

internal sealed class RegisterThirdPartyValidator : AbstractValidator<RegisterThirdPartyCommand>
{
    public RegisterThirdPartyValidator()
    {
        RuleFor(c => c.Name).NotEmpty().MaximumLength(200);
        RuleFor(c => c.Siren).Must(Identifiers.IsValidSiren).WithErrorCode("identity.siren.invalid").WithMessage("A SIREN is 9 digits passing the Luhn check.");
        RuleFor(c => c.AllowedScopes).NotEmpty().Must(s => s.Count <= DelegationScopes.All.Count);
        RuleForEach(c => c.AllowedScopes).Must(DelegationScopes.IsKnown).WithErrorCode("identity.scope.unknown")
            .WithMessage($"Scopes are {string.Join(", ", DelegationScopes.All)}.");
        RuleFor(c => c.Jwks).Must(ThirdPartyKeys.IsUsableKeySet!).When(c => c.Jwks is not null).WithErrorCode("identity.jwks.invalid")
            .WithMessage("jwks must be a JSON Web Key Set holding at least one public RSA or EC signing key.");
    }
}

internal static class ThirdPartyKeys
{
    public static JsonWebKeySet? Parse(JsonElement? jwks)
    {
        if (jwks is not { ValueKind: JsonValueKind.Object } value) return null;
        try
        {
            var set = new JsonWebKeySet(value.GetRawText());
            return set.Keys.Count > 0 && set.Keys.All(k => k.Kty is "RSA" or "EC" && !k.HasPrivateKey) ? set : null;
        }
        catch (Exception e) when (e is ArgumentException or JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    public static bool IsUsableKeySet(JsonElement? jwks) => Parse(jwks) is not null;
}

internal static class ThirdPartyErrors
{
    public static readonly Error SirenTaken = Error.Conflict("identity.third_party.exists", "A third party with this SIREN is already registered.");
    public static readonly Error NotFound = Error.NotFound("identity.third_party.not_found", "No third party with this id.");
}

internal sealed class RegisterThirdPartyHandler(IdentityDbContext db, IOpenIddictApplicationManager applications, TimeProvider clock)
    : ICommandHandler<RegisterThirdPartyCommand, Result<ThirdPartyCredentials>>
{
    public async ValueTask<Result<ThirdPartyCredentials>> Handle(RegisterThirdPartyCommand command, CancellationToken cancellationToken)
    {
        if (await db.ThirdParties.AnyAsync(t => t.Siren == command.Siren, cancellationToken)) return ThirdPartyErrors.SirenTaken;
        var party = ThirdParty.Register(command.Name, command.Siren, command.AllowedScopes, clock.GetUtcNow().UtcDateTime);
        var keys = ThirdPartyKeys.Parse(command.Jwks);
        var secret = keys is null ? ThirdPartyOAuth.NewClientSecret() : null;
        var descriptor = ThirdPartyApplications.Descriptor(party, secret, keys);
        db.ThirdParties.Add(party);
        try
        {
            await applications.CreateAsync(descriptor, cancellationToken); // one SaveChanges: the third party and its OAuth client
        }
        catch (DbUpdateException)
        {
            return ThirdPartyErrors.SirenTaken; // a concurrent registration of the same SIREN won
        }

        return new ThirdPartyCredentials(party.Id, party.ClientId, secret);
    }
}

internal static class ThirdPartyApplications
{
    /// <summary>The third party and its OAuth client, or null when either is unknown.</summary>
    public static async Task<(ThirdParty Party, object Application)?> FindAsync(IdentityDbContext db, IOpenIddictApplicationManager applications, Guid thirdPartyId,
        CancellationToken cancellationToken)
    {
        var party = await db.ThirdParties.SingleOrDefaultAsync(t => t.Id == thirdPartyId, cancellationToken);
        var application = party is null ? null : await applications.FindByClientIdAsync(party.ClientId, cancellationToken);
        return party is null || application is null ? null : (party, application);
    }

    /// <summary>Replaces the client's secret; its key set goes, so that it authenticates by this secret only.</summary>
    public static async Task ReplaceSecretAsync(IOpenIddictApplicationManager applications, object application, string secret, CancellationToken cancellationToken)
    {
        var descriptor = new OpenIddictApplicationDescriptor();
        await applications.PopulateAsync(descriptor, application, cancellationToken);
        descriptor.ClientSecret = secret;
        descriptor.JsonWebKeySet = null;
        await applications.UpdateAsync(application, descriptor, cancellationToken);
    }

    public static OpenIddictApplicationDescriptor Descriptor(ThirdParty party, string? secret, JsonWebKeySet? keys)
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = party.ClientId,
            ClientSecret = secret,
            JsonWebKeySet = keys,
            ClientType = ClientTypes.Confidential,
            DisplayName = party.Name,
            Permissions = { Permissions.Endpoints.Token, Permissions.GrantTypes.ClientCredentials },
        };
        foreach (var scope in party.Scopes) descriptor.Permissions.Add(Permissions.Prefixes.Scope + scope);
        return descriptor;
    }
}

internal sealed record RegisterThirdPartyRequest(string Name, string Siren, IReadOnlyList<string> AllowedScopes, JsonElement? Jwks = null);

internal sealed class RegisterThirdPartyEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapPost(ThirdPartyRoutes.Root, async (RegisterThirdPartyRequest body, ISender sender, CancellationToken ct) =>
            {
                var result = await sender.Send(new RegisterThirdPartyCommand(body.Name, body.Siren, body.AllowedScopes, body.Jwks), ct);
                if (!result.IsSuccess) return result.Error!.ToProblem();
                return TypedResults.Created($"{ThirdPartyRoutes.Root}/{result.Value.ThirdPartyId}", result.Value);
            })
            .WithName("RegisterThirdParty")
            .WithTags(IdentityRoutes.OperatorTag)
            .WithSummary("Registers an accountant's firm or software publisher as an OAuth client (client credentials). The client secret " +
                         "is shown once; with a jwks (public keys) the client authenticates by private_key_jwt and gets no secret.")
            .RequireAuthorization(Policies.Operator)
            .Produces<ThirdPartyCredentials>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
}

internal static class ThirdPartyRoutes
{
    public const string Root = "/api/v1/operator/third-parties";
}
