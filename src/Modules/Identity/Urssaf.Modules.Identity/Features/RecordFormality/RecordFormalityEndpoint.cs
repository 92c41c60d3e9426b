using Carter;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Urssaf.SharedKernel.Enterprise;
using Urssaf.Modules.Identity.Persistence;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Infrastructure.Http.Idempotency;

namespace Urssaf.Modules.Identity.Features.RecordFormality;

internal sealed class RecordFormalityEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapPost(IdentityRoutes.Formalities, async (RecordFormalityRequest body, ISender sender, CancellationToken ct) =>
            {
                var result = await sender.Send(body.ToCommand(), ct);
                if (!result.IsSuccess) return result.Error!.ToProblem();
                return result.Value.Created
                    ? TypedResults.Created($"{IdentityRoutes.Formalities}/{result.Value.Formality.Siret}", result.Value.Formality)
                    : (IResult)TypedResults.Ok(result.Value.Formality);
            })
            .WithName("RecordFormality")
            .WithTags(IdentityRoutes.OperatorTag)
            .WithSummary("Registers or updates what the business-formalities centre transmitted for a SIRET (idempotent on the SIRET). " +
                         "A new SIRET needs the entrepreneur's identity (NIR, names, birth date), the only person who may open its account.")
            .RequireAuthorization(Policies.Operator)
            .WithIdempotency<IdentityDbContext>()
            .Produces<FormalityResponse>(StatusCodes.Status201Created)
            .Produces<FormalityResponse>()
            .ProducesValidationProblem();
}

internal sealed record RecordFormalityRequest(
    string Siret,
    string LegalName,
    string ApeCode,
    DateOnly ActivityStartDate,
    ActivityNature ActivityNature,
    ActivityCategory PrimaryCategory,
    string Department,
    DeclarationFrequency DeclarationFrequency,
    bool IncomeTaxWithholding,
    bool Acre,
    string Address,
    EntrepreneurRequest? Entrepreneur = null)
{
    public RecordFormalityCommand ToCommand() => new(Siret, LegalName, ApeCode, ActivityStartDate, ActivityNature, PrimaryCategory,
        Department, DeclarationFrequency, IncomeTaxWithholding, Acre, Address, Entrepreneur);
}
