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

namespace Urssaf.Modules.Declarations.Features.GetDeclaration;

internal sealed record GetDeclarationQuery(AccountId AccountId, string Period) : IQuery<Result<(DeclarationResponse Declaration, string ETag)>>;

internal sealed class GetDeclarationValidator : AbstractValidator<GetDeclarationQuery>
{
    public GetDeclarationValidator() => RuleFor(q => q.Period).ValidPeriod();
}

internal sealed class GetDeclarationHandler(DeclarationsDbContext db) : IQueryHandler<GetDeclarationQuery, Result<(DeclarationResponse Declaration, string ETag)>>
{
    public async ValueTask<Result<(DeclarationResponse Declaration, string ETag)>> Handle(GetDeclarationQuery query, CancellationToken cancellationToken)
    {
        var declaration = await db.Declarations.AsNoTracking()
            .SingleOrDefaultAsync(d => d.AccountId == query.AccountId && d.Period == query.Period, cancellationToken);
        return declaration is null ? DeclarationErrors.NotFound(query.Period) : (DeclarationResponse.From(declaration), declaration.ETag);
    }
}

internal sealed class GetDeclarationEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet($"{DeclarationsRoutes.Root}/{{period}}", async (string period, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
            {
                var result = await sender.Send(new GetDeclarationQuery(user.GetAccountId(), period), ct);
                return result.IsSuccess ? TypedResults.Ok(result.Value.Declaration).WithETag(result.Value.ETag) : result.Error!.ToProblem();
            })
            .WithName("GetDeclaration")
            .WithTags(DeclarationsRoutes.Tag)
            .RequireScope(DelegationScopes.DeclarationsRead)
            .Produces<DeclarationResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
}
