using System.Security.Claims;
using Carter;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Urssaf.Modules.Payments.Domain;
using Urssaf.Modules.Payments.Persistence;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Results;

namespace Urssaf.Modules.Payments.Features.Mandates;

/// <summary>Revokes a mandate: its collections not yet sent to the bank are refused at batch time and must be paid otherwise.</summary>
internal sealed record RevokeMandateCommand(AccountId AccountId, Guid MandateId) : ICommand<Result>;

internal sealed class RevokeMandateHandler(PaymentsDbContext db, TimeProvider clock) : ICommandHandler<RevokeMandateCommand, Result>
{
    public async ValueTask<Result> Handle(RevokeMandateCommand command, CancellationToken cancellationToken)
    {
        var mandate = await db.Mandates.SingleOrDefaultAsync(m => m.Id == command.MandateId && m.AccountId == command.AccountId, cancellationToken);
        if (mandate is null) return Error.NotFound("payments.mandate.not_found", "No such mandate on this account.");
        var scheduled = await db.Collections.AnyAsync(c => c.MandateId == mandate.Id && c.Status == CollectionStatus.Scheduled, cancellationToken);
        if (scheduled)
            return Error.Rule("payments.mandate.in_use", "A direct debit is scheduled on this mandate; it can be revoked after its collection date.");
        mandate.Revoke("debtor", clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
        return Result.Success();
    }
}

internal sealed class RevokeMandateEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapDelete($"{PaymentsRoutes.Root}/mandates/{{mandateId:guid}}", async (Guid mandateId, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
                (await sender.Send(new RevokeMandateCommand(user.GetAccountId(), mandateId), ct)).ToNoContent())
            .WithName("RevokeMandate")
            .WithTags(PaymentsRoutes.Tag)
            .WithSummary("Revokes a mandate that has no direct debit scheduled.")
            .RequireAuthorization(Policies.AccountHolder)
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
