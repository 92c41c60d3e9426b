using System.Security.Claims;
using Carter;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Urssaf.Modules.Identity.Contracts.IntegrationEvents;
using Urssaf.Modules.Identity.Domain;
using Urssaf.Modules.Identity.Persistence;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Infrastructure.Time;
using Urssaf.SharedKernel.Results;

namespace Urssaf.Modules.Identity.Features.Delegations;

internal sealed record ChangeScopesRequest(IReadOnlyList<string> Scopes);

internal sealed record ChangeDelegationScopesCommand(AccountId AccountId, Guid DelegationId, IReadOnlyList<string> Scopes)
    : ICommand<Result<DelegationResponse>>;

internal sealed class ChangeDelegationScopesValidator : AbstractValidator<ChangeDelegationScopesCommand>
{
    public ChangeDelegationScopesValidator()
    {
        RuleFor(c => c.Scopes).NotEmpty().Must(s => s.Count <= DelegationScopes.All.Count);
        RuleForEach(c => c.Scopes).Must(DelegationScopes.IsKnown).WithErrorCode("identity.scope.unknown")
            .WithMessage($"Scopes are {string.Join(", ", DelegationScopes.All)}.");
    }
}

internal sealed class ChangeDelegationScopesHandler(IdentityDbContext db, TimeProvider clock)
    : ICommandHandler<ChangeDelegationScopesCommand, Result<DelegationResponse>>
{
    public async ValueTask<Result<DelegationResponse>> Handle(ChangeDelegationScopesCommand command, CancellationToken cancellationToken)
    {
        var today = clock.Today();
        var delegation = await db.Delegations.SingleOrDefaultAsync(d => d.Id == command.DelegationId && d.AccountId == command.AccountId, cancellationToken);
        if (delegation is null) return DelegationErrors.NotFound;
        if (delegation.StatusOn(today) != DelegationStatus.Active) return DelegationErrors.NotActive;
        var party = await db.ThirdParties.AsNoTracking().SingleAsync(t => t.Id == delegation.ThirdPartyId, cancellationToken);
        if (command.Scopes.Except(party.Scopes).Any()) return DelegationErrors.ScopeNotAllowed;
        delegation.ChangeScopes(command.Scopes);
        await db.SaveChangesAsync(cancellationToken);
        return DelegationResponse.From(delegation, party, today);
    }
}

internal sealed class ChangeDelegationScopesEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapPut($"{IdentityRoutes.Root}/delegations/{{delegationId:guid}}/scopes", async (Guid delegationId, ChangeScopesRequest body, ClaimsPrincipal user,
                ISender sender, TimeProvider clock, CancellationToken ct) =>
            {
                if (DelegationStepUp.Refusal(user, clock) is { } refused) return refused;
                return (await sender.Send(new ChangeDelegationScopesCommand(user.GetAccountId(), delegationId, body.Scopes), ct)).ToOk();
            })
            .WithName("ChangeDelegationScopes")
            .WithTags(IdentityRoutes.Tag)
            .RequireAuthorization(Policies.AccountHolder)
            .WithSummary("Replaces the scopes of an active delegation (login of less than 15 minutes); applies to the third party's next call.")
            .Produces<DelegationResponse>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
