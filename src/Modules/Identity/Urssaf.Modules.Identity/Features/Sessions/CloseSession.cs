using System.Security.Claims;
using Carter;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Urssaf.Modules.Identity.Domain;
using Urssaf.Modules.Identity.Persistence;
using Urssaf.Modules.Identity.Security;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Results;

namespace Urssaf.Modules.Identity.Features.Sessions;

/// <summary>Logout (the current session) and revocation (another of the account's sessions): both end a session at once.</summary>
internal sealed record CloseSessionCommand(AccountId AccountId, Guid SessionId, string Reason) : ICommand<Result>;

internal sealed class CloseSessionHandler(IdentityDbContext db, TimeProvider clock) : ICommandHandler<CloseSessionCommand, Result>
{
    public async ValueTask<Result> Handle(CloseSessionCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var session = await db.Sessions.SingleOrDefaultAsync(s => s.Id == command.SessionId && s.AccountId == command.AccountId, cancellationToken);
        if (session is null || !session.IsActive(now)) return IdentityErrors.SessionNotFound;
        session.Revoke(command.Reason, now);
        await db.SaveChangesAsync(cancellationToken);
        return Result.Success();
    }
}

internal sealed class CloseSessionEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        app.MapDelete($"{IdentityRoutes.Root}/sessions/current", async (ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
                (await sender.Send(new CloseSessionCommand(user.GetAccountId(), user.FindSessionId()!.Value, "logout"), ct)).ToNoContent())
            .WithName("CloseCurrentSession")
            .WithTags(IdentityRoutes.Tag)
            .WithSummary("Logs out: the session and every token bound to it stop working at once.")
            .RequireAuthorization(Policies.AccountHolder)
            .Produces(StatusCodes.Status204NoContent);

        app.MapDelete($"{IdentityRoutes.Root}/me/sessions/{{sessionId:guid}}", async (Guid sessionId, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
                (await sender.Send(new CloseSessionCommand(user.GetAccountId(), sessionId, "revoked_by_owner"), ct)).ToNoContent())
            .WithName("RevokeSession")
            .WithTags(IdentityRoutes.Tag)
            .WithSummary("Ends one of the account's sessions (another device).")
            .RequireAuthorization(Policies.AccountHolder)
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
    }
}
