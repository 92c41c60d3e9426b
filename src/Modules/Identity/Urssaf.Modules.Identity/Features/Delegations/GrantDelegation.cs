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

internal sealed record GrantDelegationRequest(string Siren, IReadOnlyList<string> Scopes, DateOnly? ExpiresOn = null);

internal sealed record GrantDelegationCommand(AccountId AccountId, string Siren, IReadOnlyList<string> Scopes, DateOnly? ExpiresOn)
    : ICommand<Result<DelegationResponse>>;

internal sealed class GrantDelegationValidator : AbstractValidator<GrantDelegationCommand>
{
    public GrantDelegationValidator()
    {
        RuleFor(c => c.Siren).Must(Identifiers.IsValidSiren).WithErrorCode("identity.siren.invalid").WithMessage("A SIREN is 9 digits passing the Luhn check.");
        RuleFor(c => c.Scopes).NotEmpty().Must(s => s.Count <= DelegationScopes.All.Count);
        RuleForEach(c => c.Scopes).Must(DelegationScopes.IsKnown).WithErrorCode("identity.scope.unknown")
            .WithMessage($"Scopes are {string.Join(", ", DelegationScopes.All)}.");
    }
}

internal sealed class GrantDelegationHandler(IdentityDbContext db, TimeProvider clock) : ICommandHandler<GrantDelegationCommand, Result<DelegationResponse>>
{
    public async ValueTask<Result<DelegationResponse>> Handle(GrantDelegationCommand command, CancellationToken cancellationToken)
    {
        var today = clock.Today();
        if (command.ExpiresOn is { } end && end < today) return DelegationErrors.ExpiresInPast;
        var account = await db.Accounts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == command.AccountId, cancellationToken);
        if (account is null) return IdentityErrors.AccountNotFound;
        var party = await db.ThirdParties.AsNoTracking().SingleOrDefaultAsync(t => t.Siren == command.Siren, cancellationToken);
        if (party is null) return DelegationErrors.ThirdPartyUnknown;
        if (command.Scopes.Except(party.Scopes).Any()) return DelegationErrors.ScopeNotAllowed;
        var existing = await db.Delegations.AsNoTracking()
            .Where(d => d.AccountId == command.AccountId && d.ThirdPartyId == party.Id && d.RevokedOnUtc == null).ToListAsync(cancellationToken);
        if (existing.Any(d => d.StatusOn(today) == DelegationStatus.Active)) return DelegationErrors.AlreadyActive;

        var now = clock.GetUtcNow().UtcDateTime;
        var delegation = Delegation.Grant(command.AccountId, account.Siret, party.Id, command.Scopes, command.ExpiresOn, now);
        db.Delegations.Add(delegation);
        db.AddIntegrationEvent(new DelegationGranted(Guid.NewGuid(), now, account.Id.Value, account.FirstName, account.Email, party.Name,
            delegation.ScopeList, delegation.ExpiresOn));
        await db.SaveChangesAsync(cancellationToken);
        return DelegationResponse.From(delegation, party, today);
    }
}

internal sealed class GrantDelegationEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapPost($"{IdentityRoutes.Root}/delegations", async (GrantDelegationRequest body, ClaimsPrincipal user, ISender sender, TimeProvider clock, CancellationToken ct) =>
            {
                if (DelegationStepUp.Refusal(user, clock) is { } refused) return refused;
                var result = await sender.Send(new GrantDelegationCommand(user.GetAccountId(), body.Siren, body.Scopes, body.ExpiresOn), ct);
                return result.IsSuccess
                    ? TypedResults.Created($"{IdentityRoutes.Root}/delegations/{result.Value.DelegationId}", result.Value)
                    : result.Error!.ToProblem();
            })
            .WithName("GrantDelegation")
            .WithTags(IdentityRoutes.Tag)
            .RequireAuthorization(Policies.AccountHolder)
            .WithSummary("Gives a registered accountant or software (by SIREN) access to some scopes of the account, until expiresOn " +
                         "(inclusive, Paris time) or revocation. Needs a login of less than 15 minutes; the owner is notified.")
            .Produces<DelegationResponse>(StatusCodes.Status201Created).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
