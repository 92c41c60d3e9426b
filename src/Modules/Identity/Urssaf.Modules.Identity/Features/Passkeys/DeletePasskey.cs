using System.Security.Claims;
using Carter;
using Fido2NetLib;
using Fido2NetLib.Exceptions;
using Fido2NetLib.Objects;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Urssaf.Modules.Identity.Contracts.IntegrationEvents;
using Urssaf.Modules.Identity.Domain;
using Urssaf.Modules.Identity.Features.Sessions;
using Urssaf.Modules.Identity.Features.Shared;
using Urssaf.Modules.Identity.Persistence;
using Urssaf.Modules.Identity.Security;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Results;

namespace Urssaf.Modules.Identity.Features.Passkeys;

internal sealed record DeletePasskeyCommand(AccountId AccountId, Guid PasskeyId) : ICommand<Result>;

internal sealed class DeletePasskeyHandler(IdentityDbContext db, TimeProvider clock) : ICommandHandler<DeletePasskeyCommand, Result>
{
    public async ValueTask<Result> Handle(DeletePasskeyCommand command, CancellationToken cancellationToken)
    {
        var passkey = await db.Passkeys.SingleOrDefaultAsync(p => p.Id == command.PasskeyId && p.AccountId == command.AccountId, cancellationToken);
        if (passkey is null) return PasskeyErrors.NotFound;
        var account = await db.Accounts.AsNoTracking().SingleAsync(a => a.Id == command.AccountId, cancellationToken);
        db.Passkeys.Remove(passkey);
        db.AddIntegrationEvent(new PasskeyChanged(Guid.CreateVersion7(), clock.GetUtcNow().UtcDateTime, account.Id.Value, account.FirstName, account.Email,
            PasskeyChanged.Removed, passkey.Name));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return PasskeyErrors.NotFound; // deleted at the same moment by another request
        }

        return Result.Success();
    }
}

internal sealed class DeletePasskeyEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapDelete($"{IdentityRoutes.Root}/passkeys/{{passkeyId:guid}}", async (Guid passkeyId, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
                (await sender.Send(new DeletePasskeyCommand(user.GetAccountId(), passkeyId), ct)).ToNoContent())
            .WithName("DeletePasskey")
            .WithTags(IdentityRoutes.Tag)
            .WithSummary("Deletes a passkey: it can no longer log in; the owner is notified.")
            .RequireAuthorization(Policies.AccountHolder)
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
}
