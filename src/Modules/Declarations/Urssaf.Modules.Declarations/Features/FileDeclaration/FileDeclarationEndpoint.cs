using System.Security.Claims;
using Carter;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Urssaf.Modules.Declarations.Persistence;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Infrastructure.Http.Idempotency;
using Urssaf.Modules.Declarations.Features.Shared;

namespace Urssaf.Modules.Declarations.Features.FileDeclaration;

internal sealed class FileDeclarationEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapPut($"{DeclarationsRoutes.Root}/{{period}}", async (string period, FileDeclarationRequest body, HttpRequest request,
                ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
            {
                var ifMatch = request.Headers.IfMatch.Count == 0 ? null : request.Headers.IfMatch.ToString();
                var result = await sender.Send(new FileDeclarationCommand(user.GetAccountId(), period, body.Lines, ifMatch, user.FindSessionId()), ct);
                if (!result.IsSuccess) return result.Error!.ToProblem();
                IResult response = result.Value.Created
                    ? TypedResults.Created($"{DeclarationsRoutes.Root}/{result.Value.Declaration.Period}", result.Value.Declaration)
                    : TypedResults.Ok(result.Value.Declaration);
                return response.WithETag(result.Value.ETag);
            })
            .WithName("FileDeclaration")
            .WithTags(DeclarationsRoutes.Tag)
            .WithSummary("Files the turnover of an ended period (201), or corrects it until its due date (200). " +
                         "Send If-Match with the ETag read to correct safely; a zero declaration has no lines or zero turnover.")
            .RequireScope(DelegationScopes.DeclarationsWrite)
            .WithIdempotency<DeclarationsDbContext>(writesThroughModuleWriter: true)
            .Produces<DeclarationResponse>(StatusCodes.Status201Created)
            .Produces<DeclarationResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}

internal sealed record FileDeclarationRequest(IReadOnlyList<TurnoverLineRequest> Lines);
