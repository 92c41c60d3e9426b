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

internal sealed record AutomaticDebitBody(bool? Enabled = null);

internal sealed record SetAutomaticDebitCommand(AccountId AccountId, Guid MandateId, bool? Enabled) : ICommand<Result<MandateResponse>>;

/// <summary>
/// Turns automatic debit on for one active mandate (off for the account's others) or off. While on, each filed declaration
/// schedules its debit at the due date without a payment order, and the entrepreneur is told of it (SEPA pre-notification).
/// </summary>
internal sealed class SetAutomaticDebitHandler(PaymentsDbContext db, TimeProvider clock) : ICommandHandler<SetAutomaticDebitCommand, Result<MandateResponse>>
{
    public async ValueTask<Result<MandateResponse>> Handle(SetAutomaticDebitCommand command, CancellationToken cancellationToken)
    {
        if (command.Enabled is not { } enabled)
            return Error.Validation("payments.mandate.automatic_required", "Say enabled: true or false.", "enabled");
        var mandates = await db.Mandates.Where(m => m.AccountId == command.AccountId).ToListAsync(cancellationToken);
        var mandate = mandates.SingleOrDefault(m => m.Id == command.MandateId);
        if (mandate is null) return Error.NotFound("payments.mandate.not_found", "No such mandate on this account.");
        if (enabled && mandate.Status != MandateStatus.Active) return Error.Rule("payments.mandate.revoked", "A revoked mandate cannot debit automatically.");
        var now = clock.GetUtcNow().UtcDateTime;
        if (enabled)
            foreach (var other in mandates.Where(m => m.Automatic && m.Id != mandate.Id)) other.SetAutomatic(false, now);
        mandate.SetAutomatic(enabled, now);
        await db.SaveChangesAsync(cancellationToken);
        return MandateResponse.From(mandate);
    }
}

internal sealed class SetAutomaticDebitEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapPut($"{PaymentsRoutes.Root}/mandates/{{mandateId:guid}}/automatic-debit", async (Guid mandateId, AutomaticDebitBody body, ClaimsPrincipal user,
                ISender sender, CancellationToken ct) =>
                (await sender.Send(new SetAutomaticDebitCommand(user.GetAccountId(), mandateId, body.Enabled), ct)).ToOk())
            .WithName("SetAutomaticDebit")
            .WithTags(PaymentsRoutes.Tag)
            .WithSummary("Turns automatic debit on (enabled: true; the account's other mandates are turned off) or off: while on, each filed " +
                         "declaration schedules its SEPA debit on this mandate at the due date, announced to the entrepreneur.")
            .RequireAuthorization(Policies.AccountHolder)
            .Produces<MandateResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
