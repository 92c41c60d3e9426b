using System.Security.Claims;
using Carter;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Urssaf.Modules.Declarations.Persistence;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.Modules.Declarations.Features.Shared;

namespace Urssaf.Modules.Declarations.Features.ListDeclarations;

internal sealed record ListDeclarationsQuery(AccountId AccountId, int Page, int PageSize) : IQuery<(IReadOnlyList<DeclarationResponse> Items, int Total)>;

internal sealed class ListDeclarationsValidator : AbstractValidator<ListDeclarationsQuery>
{
    public ListDeclarationsValidator()
    {
        RuleFor(q => q.Page).ValidPage();
        RuleFor(q => q.PageSize).ValidPageSize();
    }
}

internal sealed class ListDeclarationsHandler(DeclarationsDbContext db) : IQueryHandler<ListDeclarationsQuery, (IReadOnlyList<DeclarationResponse> Items, int Total)>
{
    public async ValueTask<(IReadOnlyList<DeclarationResponse> Items, int Total)> Handle(ListDeclarationsQuery query, CancellationToken cancellationToken)
    {
        var (page, total) = await db.Declarations.AsNoTracking().Where(d => d.AccountId == query.AccountId)
            .OrderByDescending(d => d.PeriodEnd).ToPageAsync(query.Page, query.PageSize, cancellationToken);
        return (page.Select(DeclarationResponse.From).ToList(), total);
    }
}

internal sealed class ListDeclarationsEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet(DeclarationsRoutes.Root, async (ClaimsPrincipal user, ISender sender, HttpResponse response, CancellationToken ct,
                int page = 1, int pageSize = 50) =>
            {
                var (items, total) = await sender.Send(new ListDeclarationsQuery(user.GetAccountId(), page, pageSize), ct);
                response.Headers["X-Total-Count"] = total.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return TypedResults.Ok(items);
            })
            .WithName("ListDeclarations")
            .WithTags(DeclarationsRoutes.Tag)
            .WithSummary("The declarations filed, newest period first (page, pageSize ≤ 200; total in X-Total-Count).")
            .RequireScope(DelegationScopes.DeclarationsRead)
            .Produces<IReadOnlyList<DeclarationResponse>>()
            .ProducesValidationProblem();
}
