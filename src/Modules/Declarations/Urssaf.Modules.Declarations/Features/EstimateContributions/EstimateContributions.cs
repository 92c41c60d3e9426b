using System.Security.Claims;
using Carter;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Urssaf.Modules.Declarations.Domain;
using Urssaf.Modules.Declarations.Domain.Rates;
using Urssaf.Modules.Declarations.Persistence;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Results;
using Urssaf.Modules.Declarations.Features.Shared;

namespace Urssaf.Modules.Declarations.Features.EstimateContributions;

/// <summary>Computes what a declaration would owe; nothing is stored.</summary>
internal sealed record EstimateContributionsQuery(AccountId AccountId, string Period, IReadOnlyList<TurnoverLineRequest> Lines)
    : IQuery<Result<DeclarationResponse>>;

internal sealed class EstimateContributionsValidator : AbstractValidator<EstimateContributionsQuery>
{
    public EstimateContributionsValidator()
    {
        RuleFor(q => q.Period).ValidPeriod();
        RuleFor(q => q.Lines).ValidLines();
    }
}

internal sealed class EstimateContributionsHandler(DeclarationsDbContext db, DeclarationCalendar calendar, RateTable rates, TimeProvider clock)
    : IQueryHandler<EstimateContributionsQuery, Result<DeclarationResponse>>
{
    public async ValueTask<Result<DeclarationResponse>> Handle(EstimateContributionsQuery query, CancellationToken cancellationToken)
    {
        var enterprise = await db.EnterpriseOf(query.AccountId, cancellationToken);
        if (!enterprise.IsSuccess) return enterprise.Error!;
        var period = DeclarationPeriod.Parse(query.Period);
        var declared = await db.Declarations.AnyAsync(d => d.AccountId == query.AccountId && d.Period == query.Period, cancellationToken);
        var earlier = await DeclarationDraft.AcreCandidates(db.Declarations.AsNoTracking(), query.AccountId, enterprise.Value, period).ToListAsync(cancellationToken);
        return DeclarationDraft.Prepare(enterprise.Value, period, [.. query.Lines.Select(l => l.ToLine())], calendar, rates, declared,
                clock.GetUtcNow().UtcDateTime, DeclarationDraft.AcreBefore(enterprise.Value, period, earlier, rates))
            .Map(DeclarationResponse.Estimate);
    }
}

internal sealed class EstimateContributionsEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapPost($"{DeclarationsRoutes.Root}/estimates", async (EstimateRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
                (await sender.Send(new EstimateContributionsQuery(user.GetAccountId(), body.Period, body.Lines), ct)).ToOk())
            .WithName("EstimateContributions")
            .WithTags(DeclarationsRoutes.Tag)
            .WithSummary("Computes the contributions of a turnover for a period, with the rates in force then; stores nothing.")
            .RequireScope(DelegationScopes.DeclarationsRead)
            .Produces<DeclarationResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}

internal sealed record EstimateRequest(string Period, IReadOnlyList<TurnoverLineRequest> Lines);
