using Carter;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Urssaf.Modules.Identity.Domain;
using Urssaf.Modules.Identity.Features.Sessions;
using Urssaf.Modules.Identity.Features.Shared;
using Urssaf.Modules.Identity.Persistence;
using Urssaf.Modules.Identity.Security;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Results;

namespace Urssaf.Modules.Identity.Features.FranceConnect;

internal sealed record StartFranceConnectCommand(string RedirectUri, string CallbackUri) : ICommand<Result<FranceConnectStart>>;

internal sealed record FranceConnectStart(string AuthorizationUrl, string BrowserBinding);

internal sealed class StartFranceConnectHandler(IdentityDbContext db, FranceConnectClient client, FranceConnectSettings settings, TimeProvider clock,
    ILogger<StartFranceConnectHandler> logger)
    : ICommandHandler<StartFranceConnectCommand, Result<FranceConnectStart>>
{
    public async ValueTask<Result<FranceConnectStart>> Handle(StartFranceConnectCommand command, CancellationToken cancellationToken)
    {
        // exact match against the allow-list: no open redirect (ASVS 10.1.x)
        if (!settings.Options.RedirectUris.Contains(command.RedirectUri, StringComparer.Ordinal)) return FranceConnectErrors.RedirectUriNotAllowed;
        if (!settings.IsConfigured) return FranceConnectErrors.Unavailable;
        FranceConnectClient.Metadata metadata;
        try
        {
            metadata = await client.DiscoverAsync(cancellationToken);
        }
        catch (FranceConnectException e)
        {
            logger.LogWarning("FranceConnect unavailable: {Reason}", e.Message);
            return FranceConnectErrors.Unavailable;
        }

        // state and nonce: 256 random bits each (FranceConnect requires a nonce of 22 characters or more); PKCE S256
        var (state, nonce, verifier, binding) = (Secrets.NewToken(), Secrets.NewToken(), Secrets.NewToken(), Secrets.NewToken());
        var now = clock.GetUtcNow().UtcDateTime;
        db.FranceConnectTransactions.Add(FranceConnectTransaction.Start(Secrets.HashToken(state), Secrets.HashToken(binding), nonce, verifier,
            command.RedirectUri, now));
        await db.SaveChangesAsync(cancellationToken);
        var url = QueryHelpers.AddQueryString(metadata.AuthorizationEndpoint, new Dictionary<string, string?>
        {
            ["response_type"] = "code", ["client_id"] = settings.Options.ClientId, ["redirect_uri"] = command.CallbackUri,
            ["scope"] = FranceConnectOptions.Scopes, ["state"] = state, ["nonce"] = nonce, ["acr_values"] = "eidas1",
            ["code_challenge"] = FranceConnectClient.CodeChallenge(verifier), ["code_challenge_method"] = "S256", ["prompt"] = "login consent",
        });
        return new FranceConnectStart(url, binding);
    }
}

internal sealed class StartFranceConnectEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet($"{FranceConnectRoutes.Path}/authorize", async (string? redirectUri, HttpContext http, ISender sender, CancellationToken ct) =>
            {
                var result = await sender.Send(new StartFranceConnectCommand(redirectUri ?? "", FranceConnectRoutes.CallbackUri(http)), ct);
                if (!result.IsSuccess) return result.Error!.ToProblem();
                http.Response.Cookies.Append(FranceConnectRoutes.BindingCookie, result.Value!.BrowserBinding, new CookieOptions
                {
                    HttpOnly = true, Secure = http.Request.IsHttps, SameSite = SameSiteMode.Lax, Path = FranceConnectRoutes.Path,
                    MaxAge = FranceConnectTransaction.Lifetime, IsEssential = true,
                });
                return Results.Redirect(result.Value.AuthorizationUrl);
            })
            .WithName("StartFranceConnect")
            .WithTags(IdentityRoutes.Tag)
            .WithSummary("Starts a FranceConnect login: 302 to the provider with state, nonce, PKCE and acr_values=eidas1; redirectUri must be in FranceConnect:AllowedRedirectUris.")
            .AllowAnonymous()
            .RequireRateLimiting(RateLimitPolicies.Authentication)
            .Produces(StatusCodes.Status302Found).ProducesValidationProblem().ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
