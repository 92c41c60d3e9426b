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

internal sealed record RemissionResponse(Guid RequestId, Guid PenaltyId, string Period, DateTime RequestedAt, string Reason, decimal Majoration,
    decimal Complementary, bool ComplementaryRemittable, decimal MaxRemittable, string Status, decimal Granted, DateTime? DecidedAt, string? DecisionNote)
{
    public static RemissionResponse From(RemissionRequest r) => new(r.Id, r.PenaltyId, r.Period, r.RequestedOnUtc, r.Reason, r.MajorationCents / 100m,
        r.ComplementaryCents / 100m, r.ComplementaryRemittable, r.MaxRemittableCents / 100m, r.Status, r.GrantedCents / 100m, r.DecidedOnUtc, r.DecisionNote);
}

internal static class RemissionErrors
{
    public static readonly Error PenaltyNotFound = Error.NotFound("compliance.penalty.not_found", "No such penalty on this account.");

    public static readonly Error NotAMajoration = Error.Rule("compliance.remission.not_a_majoration",
        "Remission (CSS R243-20) applies to late-payment majorations; the late-declaration penalty is not remitted here.");

    public static readonly Error ContributionsUnpaid = Error.Rule("compliance.remission.contributions_unpaid",
        "Remission can be requested once the contributions of the period are fully paid (CSS R243-20) or covered by a signed, honoured payment plan (CSS R243-21).");

    public static readonly Error AlreadyRequested = Error.Conflict("compliance.remission.already_requested", "A remission was already requested for this majoration.");

    public static readonly Error RequestNotFound = Error.NotFound("compliance.remission.not_found", "No such remission request.");

    public static readonly Error AlreadyDecided = Error.Conflict("compliance.remission.already_decided", "This remission request was already decided.");

    public static Error TooHigh(long max) => Error.Rule("compliance.remission.amount_too_high",
        $"At most {max / 100m:0.00} € can be remitted: the 5 % majoration, and the 0.2 % part only when the contributions were paid within 30 days of their due date (CSS R243-20).");
}

// ---- the entrepreneur asks -------------------------------------------------------------------------------------------

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

internal sealed record ListRemissionRequestsQuery(AccountId? AccountId, string? Status) : IQuery<IReadOnlyList<RemissionResponse>>;

internal sealed class ListRemissionRequestsHandler(ComplianceDbContext db) : IQueryHandler<ListRemissionRequestsQuery, IReadOnlyList<RemissionResponse>>
{
    public async ValueTask<IReadOnlyList<RemissionResponse>> Handle(ListRemissionRequestsQuery query, CancellationToken cancellationToken)
    {
        var requests = db.RemissionRequests.AsNoTracking();
        if (query.AccountId is { } account) requests = requests.Where(r => r.AccountId == account);
        if (query.Status is { } status) requests = requests.Where(r => r.Status == status);
        return (await requests.OrderBy(r => r.RequestedOnUtc).Take(500).ToListAsync(cancellationToken)).Select(RemissionResponse.From).ToList();
    }
}

// ---- the operator decides --------------------------------------------------------------------------------------------

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

internal sealed class RemissionEndpoint : ICarterModule
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

        app.MapGet($"{ComplianceRoutes.Root}/remission-requests", async (ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new ListRemissionRequestsQuery(user.GetAccountId(), null), ct)))
            .WithName("ListRemissionRequests")
            .WithTags(ComplianceRoutes.Tag)
            .WithSummary("The account's remission requests and their outcome.")
            .RequireAuthorization(Policies.AccountHolder)
            .Produces<IReadOnlyList<RemissionResponse>>();

        app.MapGet($"{ComplianceRoutes.Operator}/remission-requests", async (ISender sender, CancellationToken ct, string? status = RemissionStatuses.Pending) =>
                TypedResults.Ok(await sender.Send(new ListRemissionRequestsQuery(null, status), ct)))
            .WithName("ListRemissionRequestsForOperator")
            .WithTags(ComplianceRoutes.OperatorTag)
            .WithSummary("Remission requests to decide (status=pending by default), oldest first.")
            .RequireAuthorization(Policies.Operator)
            .Produces<IReadOnlyList<RemissionResponse>>();

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
