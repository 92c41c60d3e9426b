using System.Security.Claims;
using Carter;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using Urssaf.Modules.Identity.Domain;
using Urssaf.Modules.Identity.Persistence;
using Urssaf.Modules.Identity.Security;
using Urssaf.SharedKernel.Infrastructure.Http;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Urssaf.Modules.Identity.Features.ThirdParties;

/// <summary>
/// <c>POST /connect/token</c>, OAuth 2.0 client credentials (RFC 6749 §4.4). OpenIddict has already authenticated the
/// client (secret or private_key_jwt), checked the grant and that every requested scope is one the operator allowed;
/// here the token gets the third party's id and the granted scopes. Errors are OAuth's JSON (<c>invalid_client</c>…),
/// not problem documents, which is why the route is left out of the OpenAPI document (ADR 60).
/// </summary>
internal sealed class TokenEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapPost(ThirdPartyOAuth.TokenPath, async (HttpContext http, IdentityDbContext db, CancellationToken ct) =>
            {
                var request = http.GetOpenIddictServerRequest();
                if (request is null || !request.IsClientCredentialsGrantType() || string.IsNullOrEmpty(request.ClientId))
                    return Refuse(Errors.UnsupportedGrantType, "Only the client_credentials grant is supported.");
                var party = await db.ThirdParties.AsNoTracking().SingleOrDefaultAsync(t => t.ClientId == request.ClientId, ct);
                if (party is null || party.Status != ThirdPartyStatus.Active)
                    return Refuse(Errors.InvalidClient, "The client's credentials were revoked.");

                var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
                identity.SetClaim(Claims.Subject, party.Id.ToString());
                identity.SetClaim(UrssafClaims.ThirdParty, party.Id.ToString());
                identity.SetClaim(Claims.Name, party.Name);
                identity.SetClaim(DelegationAuthorizer.CredentialsVersionClaim, party.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
                identity.SetScopes(request.GetScopes());
                identity.SetDestinations(_ => [Destinations.AccessToken]);
                return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            })
            .WithName("IssueThirdPartyToken")
            .AllowAnonymous()
            .ExcludeFromDescription();

    private static IResult Refuse(string error, string description) => Results.Forbid(
        new Microsoft.AspNetCore.Authentication.AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }), [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
}
