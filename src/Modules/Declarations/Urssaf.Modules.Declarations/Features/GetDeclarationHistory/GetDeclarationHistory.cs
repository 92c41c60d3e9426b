using System.Security.Claims;
using Carter;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Urssaf.Modules.Declarations.Domain;
using Urssaf.Modules.Declarations.Persistence;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Results;
using Urssaf.Modules.Declarations.Features.Shared;

namespace Urssaf.Modules.Declarations.Features.GetDeclarationHistory;

internal sealed record GetDeclarationHistoryQuery(AccountId AccountId, string Period) : IQuery<Result<IReadOnlyList<DeclarationVersionResponse>>>;

/// <summary>One version: who submitted it (account, session; null for declarations filed before versions were kept), when, what, the amounts.</summary>
internal sealed record DeclarationVersionResponse(
    int Version,
    string Kind,
    DateTime SubmittedAt,
    Guid? SubmittedBy,
    Guid? SessionId,
    IReadOnlyList<DeclarationLineResponse> Lines,
    decimal SocialContributions,
    decimal TrainingContribution,
    decimal ChamberTax,
    decimal IncomeTax,
    decimal Total);

internal sealed class GetDeclarationHistoryValidator : AbstractValidator<GetDeclarationHistoryQuery>
{
    public GetDeclarationHistoryValidator() => RuleFor(q => q.Period).ValidPeriod();
}

/// <summary>Every version of a period's declaration, oldest first; a correction never erases the earlier ones.</summary>
internal sealed class GetDeclarationHistoryHandler(DeclarationsDbContext db) : IQueryHandler<GetDeclarationHistoryQuery, Result<IReadOnlyList<DeclarationVersionResponse>>>
{
    public async ValueTask<Result<IReadOnlyList<DeclarationVersionResponse>>> Handle(GetDeclarationHistoryQuery query, CancellationToken cancellationToken)
    {
        var declaration = await db.Declarations.AsNoTracking().SingleOrDefaultAsync(d => d.AccountId == query.AccountId && d.Period == query.Period, cancellationToken);
        if (declaration is null) return DeclarationErrors.NotFound(query.Period);
        var versions = await db.DeclarationVersions.AsNoTracking().Where(v => v.DeclarationId == declaration.Id).OrderBy(v => v.Version).ToListAsync(cancellationToken);
        var list = versions.Select(v => new DeclarationVersionResponse(v.Version, v.Kind, v.SubmittedOnUtc, v.SubmittedBy.Value, v.SessionId, Lines(v.Lines),
            Money.Euros(v.SocialContributionsCents), Money.Euros(v.TrainingContributionCents), Money.Euros(v.ChamberTaxCents), Money.Euros(v.IncomeTaxCents),
            Money.Euros(v.TotalCents))).ToList();
        if (!versions.Any(v => v.Version == declaration.Version))
        {
            // filed before versions were kept: its current state is all that is known
            list.Add(new DeclarationVersionResponse(declaration.Version, declaration.CorrectedOnUtc is null ? "filed" : "corrected",
                declaration.CorrectedOnUtc ?? declaration.SubmittedOnUtc, null, null, Lines(declaration.Lines), Money.Euros(declaration.SocialContributionsCents),
                Money.Euros(declaration.TrainingContributionCents), Money.Euros(declaration.ChamberTaxCents), Money.Euros(declaration.IncomeTaxCents),
                Money.Euros(declaration.TotalCents)));
        }

        return list;
    }

    private static List<DeclarationLineResponse> Lines(IEnumerable<DeclarationLine> lines) =>
        [.. lines.Select(l => new DeclarationLineResponse(l.Category, l.Turnover, new Rate(l.RatePerHundredThousand).Percent, Money.Euros(l.SocialContributionsCents), l.Part))];
}

internal sealed class GetDeclarationHistoryEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet($"{DeclarationsRoutes.Root}/{{period}}/versions", async (string period, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
                (await sender.Send(new GetDeclarationHistoryQuery(user.GetAccountId(), period), ct)).ToOk())
            .WithName("GetDeclarationHistory")
            .WithTags(DeclarationsRoutes.Tag)
            .WithSummary("Every version of a period's declaration (filed, then each correction): who, when, the lines and the amounts.")
            .RequireAuthorization(Policies.AccountHolder)
            .Produces<IReadOnlyList<DeclarationVersionResponse>>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
}
