using Carter;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Urssaf.Modules.Identity.Features.RecordFormality;
using Urssaf.Modules.Identity.Persistence;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Results;
using Urssaf.Modules.Identity.Features.Shared;

namespace Urssaf.Modules.Identity.Features.GetFormality;

internal sealed record GetFormalityQuery(string Siret) : IQuery<Result<FormalityResponse>>;

internal sealed class GetFormalityHandler(IdentityDbContext db) : IQueryHandler<GetFormalityQuery, Result<FormalityResponse>>
{
    public async ValueTask<Result<FormalityResponse>> Handle(GetFormalityQuery query, CancellationToken cancellationToken)
    {
        var formality = await db.Formalities.AsNoTracking().SingleOrDefaultAsync(f => f.Siret == query.Siret, cancellationToken);
        return formality is null
            ? Error.NotFound("identity.formality.not_found", "No formality was received for this SIRET.")
            : FormalityResponse.From(formality);
    }
}

internal sealed class GetFormalityEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet($"{IdentityRoutes.Formalities}/{{siret}}", async (string siret, ISender sender, CancellationToken ct) =>
                (await sender.Send(new GetFormalityQuery(siret), ct)).ToOk())
            .WithName("GetFormality")
            .WithTags(IdentityRoutes.OperatorTag)
            .RequireAuthorization(Policies.Operator)
            .Produces<FormalityResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
}
