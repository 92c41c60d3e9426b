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
using Urssaf.Modules.Declarations.Features.Shared;

namespace Urssaf.Modules.Declarations.Features.GetPrefill;

/// <summary>The lines of the last declaration before a period, to start a new one from.</summary>
internal sealed record GetPrefillQuery(AccountId AccountId, string Period) : IQuery<PrefillResponse>;

internal sealed record PrefillResponse(string? FromPeriod, IReadOnlyList<TurnoverLineRequest> Lines);

internal sealed class GetPrefillValidator : AbstractValidator<GetPrefillQuery>
{
    public GetPrefillValidator() => RuleFor(q => q.Period).ValidPeriod();
}

internal sealed class GetPrefillHandler(DeclarationsDbContext db) : IQueryHandler<GetPrefillQuery, PrefillResponse>
{
    public async ValueTask<PrefillResponse> Handle(GetPrefillQuery query, CancellationToken cancellationToken)
    {
        var start = DeclarationPeriod.Parse(query.Period).Start;
        var previous = await db.Declarations.AsNoTracking()
            .Where(d => d.AccountId == query.AccountId && d.PeriodEnd < start)
            .OrderByDescending(d => d.PeriodEnd)
            .FirstOrDefaultAsync(cancellationToken);
        return previous is null
            ? new PrefillResponse(null, [])
            : new PrefillResponse(previous.Period, [.. previous.Lines.Select(l => new TurnoverLineRequest(l.Category, l.Turnover))]);
    }
}

internal sealed class GetPrefillEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet($"{DeclarationsRoutes.Root}/{{period}}/prefill", async (string period, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new GetPrefillQuery(user.GetAccountId(), period), ct)))
            .WithName("GetPrefill")
            .WithTags(DeclarationsRoutes.Tag)
            .WithSummary("The categories and turnover of the last declared period before this one (empty when there is none).")
            .RequireScope(DelegationScopes.DeclarationsRead)
            .Produces<PrefillResponse>()
            .ProducesValidationProblem();
}
