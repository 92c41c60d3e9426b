using System.Security.Claims;
using Carter;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Urssaf.Modules.Compliance.Contracts.IntegrationEvents;
using Urssaf.Modules.Compliance.Domain;
using Urssaf.Modules.Compliance.Persistence;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Results;

namespace Urssaf.Modules.Compliance.Features.Remissions;

internal sealed record RemissionRequestBody(string? Reason);

internal sealed record RequestRemissionCommand(AccountId AccountId, Guid PenaltyId, string? Reason) : ICommand<Result<RemissionResponse>>;

internal sealed class RequestRemissionValidator : AbstractValidator<RequestRemissionCommand>
{
    public RequestRemissionValidator() =>
        RuleFor(c => c.Reason).NotEmpty().WithErrorCode("compliance.remission.reason_required")
            .MaximumLength(1000).WithErrorCode("compliance.remission.reason_too_long");
}

/// <summary>
/// CSS R243-20: a gracious request for remission of majorations, after full payment of the contributions or once a payment plan
/// covering them is signed and honoured (CSS R243-21; the 0.2 % part is then not remittable: they were not paid within 30 days). The 5 % majoration (R243-16 I) may be remitted; the 0.2 % part (R243-16 II) only when the contributions were paid
/// within 30 days of their due date (force majeure, the other case, is left to the operator's note, not computed).
/// </summary>
internal sealed class RequestRemissionHandler(ComplianceDbContext db, TimeProvider clock) : ICommandHandler<RequestRemissionCommand, Result<RemissionResponse>>
{
    /// <summary>Signed plan, honoured so far: everything still owed is reserved by its instalments (CSS R243-21, DOMAIN.md §9).</summary>
    internal static bool CoveredByPlan(ObligationState o) => o.PlanPendingCents > 0 && o.UncoveredCents + o.PendingLateCents <= o.PlanPendingCents;

    public async ValueTask<Result<RemissionResponse>> Handle(RequestRemissionCommand command, CancellationToken cancellationToken)
    {
        var penalty = await db.Penalties.AsNoTracking().SingleOrDefaultAsync(p => p.Id == command.PenaltyId && p.AccountId == command.AccountId, cancellationToken);
        if (penalty is null) return RemissionErrors.PenaltyNotFound;
        if (penalty.Kind != PenaltyKinds.LatePayment) return RemissionErrors.NotAMajoration;
        var obligationId = Guid.Parse(penalty.SourceKey);
        var contributions = await db.Obligations.AsNoTracking().SingleOrDefaultAsync(o => o.ObligationId == obligationId, cancellationToken);
        if (contributions is null || (contributions.SettledOn is null && !CoveredByPlan(contributions))) return RemissionErrors.ContributionsUnpaid;
        if (await db.RemissionRequests.AnyAsync(r => r.PenaltyId == penalty.Id, cancellationToken)) return RemissionErrors.AlreadyRequested;

        var majoration = Math.Min(PenaltyRules.MajorationCents(penalty.BaseCents), penalty.AmountCents);
        var complementary = penalty.AmountCents - majoration;
        var withinThirtyDays = contributions.SettledOn <= contributions.DueDate.AddDays(30); // R243-20: paid within 30 days of the due date
        var request = new RemissionRequest
        {
            Id = Guid.CreateVersion7(), AccountId = command.AccountId, PenaltyId = penalty.Id, Period = penalty.Period,
            RequestedOnUtc = clock.GetUtcNow().UtcDateTime, Reason = command.Reason!.Trim(), MajorationCents = majoration, ComplementaryCents = complementary,
            ComplementaryRemittable = withinThirtyDays, MaxRemittableCents = majoration + (withinThirtyDays ? complementary : 0),
        };
        db.RemissionRequests.Add(request);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear(); // the unique index refused a concurrent second request
            return RemissionErrors.AlreadyRequested;
        }

        return RemissionResponse.From(request);
    }
}

internal sealed class RequestRemissionEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        app.MapPost($"{ComplianceRoutes.Root}/penalties/{{penaltyId:guid}}/remission-requests", async (Guid penaltyId, RemissionRequestBody body, ClaimsPrincipal user,
                ISender sender, CancellationToken ct) =>
            {
                var result = await sender.Send(new RequestRemissionCommand(user.GetAccountId(), penaltyId, body.Reason), ct);
                return result.IsSuccess
                    ? TypedResults.Created($"{ComplianceRoutes.Root}/remission-requests/{result.Value.RequestId}", result.Value)
                    : result.Error!.ToProblem();
            })
            .WithName("RequestRemission")
            .WithTags(ComplianceRoutes.Tag)
            .WithSummary("Asks for remission of a late-payment majoration (CSS R243-20), once the period's contributions are paid.")
            .RequireAuthorization(Policies.AccountHolder)
            .Produces<RemissionResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }
}
