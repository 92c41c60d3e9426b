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

internal sealed record RemissionDecisionBody(decimal? Granted, string? Note = null);

/// <param name="Granted">Required: 0 is a refusal, so a missing amount must never be read as one.</param>
internal sealed record DecideRemissionCommand(Guid RequestId, decimal? Granted, string? Note) : ICommand<Result<RemissionResponse>>;

internal sealed class DecideRemissionValidator : AbstractValidator<DecideRemissionCommand>
{
    public DecideRemissionValidator()
    {
        RuleFor(c => c.Granted).NotNull().WithErrorCode("compliance.remission.amount_required")
            .WithMessage("Say the amount granted, 0 to refuse.")
            .GreaterThanOrEqualTo(0).WithErrorCode("compliance.remission.amount_invalid")
            .Must(g => g is null || decimal.Round(g.Value, 2) == g).WithErrorCode("compliance.remission.amount_invalid").WithMessage("An amount in euros with at most two decimals.")
            .LessThanOrEqualTo(10_000_000).WithErrorCode("compliance.remission.amount_invalid");
        RuleFor(c => c.Note).MaximumLength(1000).WithErrorCode("compliance.remission.note_too_long");
    }
}

/// <summary>
/// The operator grants (part of) the remittable amount, or refuses (0). A grant lowers the majoration (a new version, published as
/// <see cref="PenaltyAssessed"/> so that Payments lowers what is owed); the outcome is published as <see cref="RemissionDecided"/>
/// for the entrepreneur's notice. Penalty, request and events are written in one transaction.
/// </summary>
internal sealed class DecideRemissionHandler(ComplianceDbContext db, TimeProvider clock) : ICommandHandler<DecideRemissionCommand, Result<RemissionResponse>>
{
    public async ValueTask<Result<RemissionResponse>> Handle(DecideRemissionCommand command, CancellationToken cancellationToken)
    {
        var request = await db.RemissionRequests.SingleOrDefaultAsync(r => r.Id == command.RequestId, cancellationToken);
        if (request is null) return RemissionErrors.RequestNotFound;
        if (request.Status != RemissionStatuses.Pending) return RemissionErrors.AlreadyDecided;
        var penalty = await db.Penalties.SingleAsync(p => p.Id == request.PenaltyId, cancellationToken);
        var granted = (long)(command.Granted!.Value * 100m);
        // R243-20: only once the contributions are paid — a debit returned since the request unsettles them again
        var obligationId = Guid.Parse(penalty.SourceKey);
        if (granted > 0 && !await db.Obligations.AsNoTracking().AnyAsync(o => o.ObligationId == obligationId
                && (o.SettledOn != null || (o.PlanPendingCents > 0 && o.UncoveredCents + o.PendingLateCents <= o.PlanPendingCents)), cancellationToken))
            return RemissionErrors.ContributionsUnpaid;
        if (granted > Math.Min(request.MaxRemittableCents, penalty.AmountCents)) return RemissionErrors.TooHigh(Math.Min(request.MaxRemittableCents, penalty.AmountCents));

        var now = clock.GetUtcNow().UtcDateTime;
        (request.Status, request.GrantedCents, request.DecidedOnUtc, request.DecisionNote) =
            (granted > 0 ? RemissionStatuses.Granted : RemissionStatuses.Refused, granted, now, command.Note?.Trim());
        if (granted > 0)
        {
            var previous = penalty.AmountCents;
            penalty.AmountCents -= granted;
            penalty.Version++;
            db.AddIntegrationEvent(new PenaltyAssessed(Guid.CreateVersion7(), now, penalty.Id, penalty.AccountId.Value, penalty.Kind, penalty.Period,
                penalty.AmountCents, previous, penalty.DueDate, "CSS R243-20", penalty.Version));
        }

        db.AddIntegrationEvent(new RemissionDecided(Guid.CreateVersion7(), now, request.Id, penalty.Id, penalty.AccountId.Value, penalty.Period, granted > 0,
            granted, penalty.AmountCents, request.DecisionNote));
        try
        {
            // two decisions at once: only the one that still finds the request pending is written
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var requestId = request.Id;
            if (await db.RemissionRequests.Where(r => r.Id == requestId && r.Status == RemissionStatuses.Pending)
                    .ExecuteUpdateAsync(u => u.SetProperty(r => r.DecidedOnUtc, now), cancellationToken) == 0)
            {
                db.ChangeTracker.Clear();
                return RemissionErrors.AlreadyDecided;
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear(); // the majoration changed meanwhile (the daily job): decide again
            return Error.Conflict("compliance.remission.penalty_changed", "The majoration changed while deciding; read the request again and retry.");
        }

        return RemissionResponse.From(request);
    }
}

internal sealed class DecideRemissionEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        app.MapPost($"{ComplianceRoutes.Operator}/remission-requests/{{requestId:guid}}/decision", async (Guid requestId, RemissionDecisionBody body, ISender sender,
                CancellationToken ct) => (await sender.Send(new DecideRemissionCommand(requestId, body.Granted, body.Note), ct)).ToOk())
            .WithName("DecideRemission")
            .WithTags(ComplianceRoutes.OperatorTag)
            .WithSummary("Grants part or all of the remittable amount (granted > 0) or refuses (granted = 0); the entrepreneur is told.")
            .RequireAuthorization(Policies.Operator)
            .Produces<RemissionResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }
}
