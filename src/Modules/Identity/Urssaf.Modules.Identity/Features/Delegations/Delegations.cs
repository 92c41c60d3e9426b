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

internal sealed record DelegationResponse(Guid DelegationId, string Siren, string ThirdPartyName, IReadOnlyList<string> Scopes, string Status,
    DateOnly? ExpiresOn, DateTime CreatedAt, DateTime? RevokedAt, DateTime? FirstUsedAt)
{
    public static DelegationResponse From(Delegation d, ThirdParty party, DateOnly today) => new(d.Id, party.Siren, party.Name, d.ScopeList,
        d.StatusOn(today) switch { DelegationStatus.Active => "active", DelegationStatus.Expired => "expired", _ => "revoked" },
        d.ExpiresOn, d.CreatedOnUtc, d.RevokedOnUtc, d.FirstUsedOnUtc);
}

internal sealed record ActivityResponse(DateTime At, string Operation, string Resource, int Status);

internal static class DelegationErrors
{
    public static readonly Error ThirdPartyUnknown = Error.NotFound("identity.delegation.third_party_unknown",
        "No accountant or software registered with Urssaf has this SIREN.");
    public static readonly Error ScopeNotAllowed = Error.Rule("identity.delegation.scope_not_allowed",
        "This third party is not allowed some of these scopes by Urssaf.");
    public static readonly Error AlreadyActive = Error.Conflict("identity.delegation.exists",
        "This third party already holds an active delegation: change its scopes or revoke it first.");
    public static readonly Error NotFound = Error.NotFound("identity.delegation.not_found", "No such delegation on this account.");
    public static readonly Error NotActive = Error.Rule("identity.delegation.not_active", "This delegation is revoked or expired.");
    public static readonly Error ExpiresInPast = Error.Validation("identity.delegation.expires_in_past", "expiresOn must be today or later.", "expiresOn");
}

internal sealed record GrantDelegationCommand(AccountId AccountId, string Siren, IReadOnlyList<string> Scopes, DateOnly? ExpiresOn)
    : ICommand<Result<DelegationResponse>>;

internal sealed record ListDelegationsQuery(AccountId AccountId) : IQuery<IReadOnlyList<DelegationResponse>>;

internal sealed record RevokeDelegationCommand(AccountId AccountId, Guid DelegationId) : ICommand<Result>;

internal sealed record ChangeDelegationScopesCommand(AccountId AccountId, Guid DelegationId, IReadOnlyList<string> Scopes)
    : ICommand<Result<DelegationResponse>>;

internal sealed record GetDelegationActivityQuery(AccountId AccountId, Guid DelegationId, int Page, int PageSize)
    : IQuery<Result<IReadOnlyList<ActivityResponse>>>;

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

internal sealed class ChangeDelegationScopesValidator : AbstractValidator<ChangeDelegationScopesCommand>
{
    public ChangeDelegationScopesValidator()
    {
        RuleFor(c => c.Scopes).NotEmpty().Must(s => s.Count <= DelegationScopes.All.Count);
        RuleForEach(c => c.Scopes).Must(DelegationScopes.IsKnown).WithErrorCode("identity.scope.unknown")
            .WithMessage($"Scopes are {string.Join(", ", DelegationScopes.All)}.");
    }
}

internal sealed class GetDelegationActivityValidator : AbstractValidator<GetDelegationActivityQuery>
{
    public GetDelegationActivityValidator()
    {
        RuleFor(q => q.Page).ValidPage();
        RuleFor(q => q.PageSize).ValidPageSize();
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

internal sealed class ListDelegationsHandler(IdentityDbContext db, TimeProvider clock) : IQueryHandler<ListDelegationsQuery, IReadOnlyList<DelegationResponse>>
{
    public async ValueTask<IReadOnlyList<DelegationResponse>> Handle(ListDelegationsQuery query, CancellationToken cancellationToken)
    {
        var today = clock.Today();
        var rows = await db.Delegations.AsNoTracking().Where(d => d.AccountId == query.AccountId)
            .Join(db.ThirdParties.AsNoTracking(), d => d.ThirdPartyId, t => t.Id, (d, t) => new { d, t })
            .ToListAsync(cancellationToken);
        return rows.OrderByDescending(r => r.d.CreatedOnUtc).Select(r => DelegationResponse.From(r.d, r.t, today)).ToList();
    }
}

internal sealed class RevokeDelegationHandler(IdentityDbContext db, TimeProvider clock) : ICommandHandler<RevokeDelegationCommand, Result>
{
    public async ValueTask<Result> Handle(RevokeDelegationCommand command, CancellationToken cancellationToken)
    {
        var delegation = await db.Delegations.SingleOrDefaultAsync(d => d.Id == command.DelegationId && d.AccountId == command.AccountId, cancellationToken);
        if (delegation is null) return DelegationErrors.NotFound;
        delegation.Revoke(clock.GetUtcNow().UtcDateTime); // checked on every call: the third party's next call is refused
        await db.SaveChangesAsync(cancellationToken);
        return Result.Success();
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

internal sealed class GetDelegationActivityHandler(IdentityDbContext db)
    : IQueryHandler<GetDelegationActivityQuery, Result<IReadOnlyList<ActivityResponse>>>
{
    public async ValueTask<Result<IReadOnlyList<ActivityResponse>>> Handle(GetDelegationActivityQuery query, CancellationToken cancellationToken)
    {
        if (!await db.Delegations.AnyAsync(d => d.Id == query.DelegationId && d.AccountId == query.AccountId, cancellationToken))
            return DelegationErrors.NotFound;
        var rows = await db.DelegationActivities.AsNoTracking().Where(a => a.DelegationId == query.DelegationId)
            .OrderByDescending(a => a.Id).Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
            .Select(a => new ActivityResponse(a.AtUtc, a.Operation, a.Resource, a.Status)).ToListAsync(cancellationToken);
        return rows;
    }
}

internal sealed record GrantDelegationRequest(string Siren, IReadOnlyList<string> Scopes, DateOnly? ExpiresOn = null);

internal sealed record ChangeScopesRequest(IReadOnlyList<string> Scopes);

/// <summary>The entrepreneur's delegations to accountants and software (owner only, never open to a delegate; ADR 61).</summary>
internal sealed class DelegationsEndpoint : ICarterModule
{
    /// <summary>Granting or widening access is a sensitive change: it needs a password check of less than 15 minutes (SECURITY.md 7.5.1).</summary>
    private static readonly TimeSpan StepUpWindow = TimeSpan.FromMinutes(15);

    private static IResult? StepUp(ClaimsPrincipal user, TimeProvider clock) => user.AuthenticatedWithin(StepUpWindow, clock)
        ? null
        : ProblemResults.Problem(StatusCodes.Status403Forbidden, "identity.reauthentication_required",
            "Log in again to give or widen a delegation: it needs a password check of less than 15 minutes.");

    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup($"{IdentityRoutes.Root}/delegations").WithTags(IdentityRoutes.Tag).RequireAuthorization(Policies.AccountHolder);
        group.MapPost("", async (GrantDelegationRequest body, ClaimsPrincipal user, ISender sender, TimeProvider clock, CancellationToken ct) =>
            {
                if (StepUp(user, clock) is { } refused) return refused;
                var result = await sender.Send(new GrantDelegationCommand(user.GetAccountId(), body.Siren, body.Scopes, body.ExpiresOn), ct);
                return result.IsSuccess
                    ? TypedResults.Created($"{IdentityRoutes.Root}/delegations/{result.Value.DelegationId}", result.Value)
                    : result.Error!.ToProblem();
            })
            .WithName("GrantDelegation")
            .WithSummary("Gives a registered accountant or software (by SIREN) access to some scopes of the account, until expiresOn " +
                         "(inclusive, Paris time) or revocation. Needs a login of less than 15 minutes; the owner is notified.")
            .Produces<DelegationResponse>(StatusCodes.Status201Created).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("", async (ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new ListDelegationsQuery(user.GetAccountId()), ct)))
            .WithName("ListDelegations")
            .WithSummary("The account's delegations with their status (active, expired, revoked).")
            .Produces<IReadOnlyList<DelegationResponse>>();
        group.MapDelete("/{delegationId:guid}", async (Guid delegationId, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
                (await sender.Send(new RevokeDelegationCommand(user.GetAccountId(), delegationId), ct)).ToNoContent())
            .WithName("RevokeDelegation")
            .WithSummary("Revokes a delegation: the third party's next call is refused, even with a token already issued.")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/{delegationId:guid}/scopes", async (Guid delegationId, ChangeScopesRequest body, ClaimsPrincipal user, ISender sender,
                TimeProvider clock, CancellationToken ct) =>
            {
                if (StepUp(user, clock) is { } refused) return refused;
                return (await sender.Send(new ChangeDelegationScopesCommand(user.GetAccountId(), delegationId, body.Scopes), ct)).ToOk();
            })
            .WithName("ChangeDelegationScopes")
            .WithSummary("Replaces the scopes of an active delegation (login of less than 15 minutes); applies to the third party's next call.")
            .Produces<DelegationResponse>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/{delegationId:guid}/activity", async (Guid delegationId, ClaimsPrincipal user, ISender sender, CancellationToken ct,
                int page = 1, int pageSize = 50) =>
                (await sender.Send(new GetDelegationActivityQuery(user.GetAccountId(), delegationId, page, pageSize), ct)).ToOk())
            .WithName("GetDelegationActivity")
            .WithSummary("What the third party did under this delegation, newest first: at, operation (method and route), resource, status.")
            .Produces<IReadOnlyList<ActivityResponse>>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
    }
}
