using System.Security.Claims;
using Carter;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Urssaf.Modules.Identity.Domain;
using Urssaf.Modules.Identity.Persistence;
using Urssaf.Modules.Identity.Security;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Results;

namespace Urssaf.Modules.Identity.Features.FranceConnect;

internal sealed record LogoutFranceConnectCommand(AccountId AccountId, Guid SessionId) : ICommand<Result<FranceConnectLogout>>;

internal sealed record FranceConnectLogout(string? EndSessionUrl);

/// <summary>Ends the session here, then gives the provider's end-session address (with <c>id_token_hint</c>) for the browser.</summary>
internal sealed class LogoutFranceConnectHandler(IdentityDbContext db, FranceConnectClient client, FranceConnectSettings settings, TimeProvider clock)
    : ICommandHandler<LogoutFranceConnectCommand, Result<FranceConnectLogout>>
{
    public async ValueTask<Result<FranceConnectLogout>> Handle(LogoutFranceConnectCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var session = await db.Sessions.SingleOrDefaultAsync(s => s.Id == command.SessionId && s.AccountId == command.AccountId, cancellationToken);
        if (session is null || !session.IsActive(now)) return IdentityErrors.SessionNotFound;
        session.Revoke("logout", now);
        var idToken = await db.FranceConnectGrants.Where(g => g.SessionId == command.SessionId).Select(g => g.IdToken).SingleOrDefaultAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        if (idToken is null) return new FranceConnectLogout(null);
        string? endSession;
        try
        {
            endSession = (await client.DiscoverAsync(cancellationToken)).EndSessionEndpoint;
        }
        catch (FranceConnectException)
        {
            endSession = null; // the local session is closed anyway
        }

        return new FranceConnectLogout(endSession is null ? null : QueryHelpers.AddQueryString(endSession, new Dictionary<string, string?>
        {
            ["id_token_hint"] = idToken, ["state"] = Secrets.NewToken(), ["post_logout_redirect_uri"] = settings.Options.PostLogoutRedirectUri,
        }));
    }
}

internal sealed class LogoutFranceConnectEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapPost($"{FranceConnectRoutes.Path}/logout", async (HttpContext http, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
                ProblemResults.HasBody(http)
                    ? ProblemResults.BodyNotExpected()
                    : (await sender.Send(new LogoutFranceConnectCommand(user.GetAccountId(), user.FindSessionId()!.Value), ct)).ToOk())
            .WithName("LogoutFranceConnect")
            .WithTags(IdentityRoutes.Tag)
            .WithSummary("Logs out a FranceConnect session and gives the provider's end-session address (id_token_hint) to send the browser to.")
            .RequireAuthorization(Policies.AccountHolder)
            .Produces<FranceConnectLogout>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
}
