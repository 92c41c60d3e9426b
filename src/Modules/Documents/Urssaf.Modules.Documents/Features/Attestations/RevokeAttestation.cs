using Carter;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Urssaf.Modules.Documents.Domain;
using Urssaf.Modules.Documents.Persistence;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Results;

namespace Urssaf.Modules.Documents.Features.Attestations;

internal sealed record RevokeDocumentCommand(Guid DocumentId) : ICommand<Result>;

internal sealed class RevokeDocumentHandler(DocumentsDbContext db) : ICommandHandler<RevokeDocumentCommand, Result>
{
    public async ValueTask<Result> Handle(RevokeDocumentCommand command, CancellationToken cancellationToken)
    {
        var document = await db.Documents.SingleOrDefaultAsync(d => d.Id == command.DocumentId && d.Type == DocumentTypes.Attestation, cancellationToken);
        if (document is null) return Error.NotFound("documents.document.not_found", "No attestation has this id.");
        document.Status = DocumentStatus.Revoked;
        await db.SaveChangesAsync(cancellationToken);
        return Result.Success();
    }
}

internal sealed class RevokeDocumentEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapPost($"{DocumentsRoutes.Operator}/attestations/{{documentId:guid}}/revoke", async (Guid documentId, ISender sender, CancellationToken ct) =>
                (await sender.Send(new RevokeDocumentCommand(documentId), ct)).ToNoContent())
            .WithName("RevokeAttestation")
            .WithTags(DocumentsRoutes.OperatorTag)
            .WithSummary("Revokes an attestation (obtained by fraud or in error): its verification answers valid: false.")
            .RequireAuthorization(Policies.Operator)
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);
}
