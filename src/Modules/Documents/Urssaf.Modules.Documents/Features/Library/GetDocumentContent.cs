using System.Globalization;
using System.Security.Claims;
using Carter;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Urssaf.Modules.Documents.Domain;
using Urssaf.Modules.Documents.Features.Shared;
using Urssaf.Modules.Documents.Persistence;
using Urssaf.Modules.Documents.Storage;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Infrastructure.Time;
using Urssaf.SharedKernel.Results;

namespace Urssaf.Modules.Documents.Features.Library;

internal sealed record GetDocumentContentQuery(AccountId AccountId, Guid DocumentId) : IQuery<Result<(string FileName, byte[] Content)>>;

internal sealed class GetDocumentContentHandler(DocumentsDbContext db, DocumentIssuer issuer) : IQueryHandler<GetDocumentContentQuery, Result<(string FileName, byte[] Content)>>
{
    public async ValueTask<Result<(string FileName, byte[] Content)>> Handle(GetDocumentContentQuery query, CancellationToken cancellationToken)
    {
        // another account's document is "not found", never "forbidden": ids are not confirmed to strangers
        var document = await db.Documents.AsNoTracking().SingleOrDefaultAsync(d => d.Id == query.DocumentId && d.AccountId == query.AccountId, cancellationToken);
        var content = document is null ? null : await issuer.ContentAsync(document, cancellationToken); // rendered on first download (ADR 0135)
        if (document is null || content is null) return Error.NotFound("documents.document.not_found", "No such document in this account's library.");
        var name = $"{document.Type}-{document.Period ?? document.IssuedOnUtc.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}-{document.Id.ToString("N")[..8]}.pdf";
        return (name, content);
    }
}

internal sealed class GetDocumentContentEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        app.MapGet($"{DocumentsRoutes.Root}/{{documentId:guid}}/content", async (Guid documentId, ClaimsPrincipal user, ISender sender, HttpResponse response, CancellationToken ct) =>
            {
                var result = await sender.Send(new GetDocumentContentQuery(user.GetAccountId(), documentId), ct);
                if (!result.IsSuccess) return result.Error!.ToProblem();
                response.Headers.CacheControl = "no-store";
                response.Headers.XContentTypeOptions = "nosniff";
                return TypedResults.File(result.Value.Content, "application/pdf", result.Value.FileName);
            })
            .WithName("GetDocumentContent")
            .WithTags(DocumentsRoutes.Tag)
            .WithSummary("Downloads a document's PDF (attachment, no-store, nosniff).")
            .RequireScope(DelegationScopes.DocumentsRead)
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
