using System.Globalization;
using System.Security.Claims;
using Carter;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Urssaf.Modules.Documents.Domain;
using Urssaf.Modules.Documents.Features.Library;
using Urssaf.Modules.Documents.Persistence;
using Urssaf.Modules.Documents.Rendering;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Infrastructure.Http.Idempotency;
using Urssaf.SharedKernel.Results;

namespace Urssaf.Modules.Documents.Features.Receipts;

internal sealed record AnnualSummaryRequest(int Year);

internal sealed record AnnualSummaryCommand(AccountId AccountId, int Year) : ICommand<Result<DocumentResponse>>;

internal sealed class AnnualSummaryValidator : AbstractValidator<AnnualSummaryCommand>
{
    public AnnualSummaryValidator() => RuleFor(c => c.Year).InclusiveBetween(2000, 2100).WithErrorCode("documents.year.invalid");
}

/// <summary>
/// The year's declarations (last version of each period) and payments received, from the receipts already issued:
/// Documents' own records, no call into other modules.
/// </summary>
internal sealed class AnnualSummaryHandler(DocumentsDbContext db, DocumentIssuer issuer, TimeProvider clock) : ICommandHandler<AnnualSummaryCommand, Result<DocumentResponse>>
{
    public async ValueTask<Result<DocumentResponse>> Handle(AnnualSummaryCommand command, CancellationToken cancellationToken)
    {
        var holder = await db.Holders.AsNoTracking().FirstOrDefaultAsync(h => h.AccountId == command.AccountId, cancellationToken);
        if (holder is null) return Error.Rule("documents.enterprise.unknown", "No enterprise is linked to this account yet.");

        var prefix = command.Year.ToString(CultureInfo.InvariantCulture) + "-";
        var receipts = await db.Documents.AsNoTracking()
            .Where(d => d.AccountId == command.AccountId && d.Period != null && d.Period.StartsWith(prefix)
                        && (d.Type == DocumentTypes.DeclarationReceipt || d.Type == DocumentTypes.PaymentReceipt))
            .ToListAsync(cancellationToken);
        var declarations = receipts.Where(d => d.Type == DocumentTypes.DeclarationReceipt).GroupBy(d => d.Period)
            .Select(g => g.OrderByDescending(d => d.IssuedOnUtc).First()).OrderBy(d => d.Period)
            .Select(d => new SummaryLine(d.Period!, d.IssuedOnUtc.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture), d.AmountCents ?? 0)).ToList();
        var payments = receipts.Where(d => d.Type == DocumentTypes.PaymentReceipt).OrderBy(d => d.IssuedOnUtc)
            .Select(d => new SummaryLine(d.Period!, d.IssuedOnUtc.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture), d.AmountCents ?? 0)).ToList();

        var now = clock.GetUtcNow().UtcDateTime;
        var document = new Document
        {
            Id = Guid.CreateVersion7(), AccountId = command.AccountId, Type = DocumentTypes.AnnualSummary, Title = $"Récapitulatif annuel {command.Year}",
            Period = command.Year.ToString(CultureInfo.InvariantCulture), AmountCents = declarations.Sum(d => d.AmountCents), Status = DocumentStatus.Issued,
            IssuedOnUtc = now,
        };
        document.SourceKey = "summary:" + document.Id;
        await issuer.IssueAsync(document, pdf => Renderers.AnnualSummary(pdf, holder, command.Year, declarations, payments), "Récapitulatif annuel", cancellationToken);
        db.Documents.Add(document);
        await db.SaveChangesAsync(cancellationToken);
        return DocumentResponse.From(document, DateOnly.FromDateTime(now));
    }
}

internal sealed class AnnualSummaryEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapPost("/api/v1/documents/annual-summaries", async (AnnualSummaryRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
            {
                var result = await sender.Send(new AnnualSummaryCommand(user.GetAccountId(), body.Year), ct);
                return result.IsSuccess ? TypedResults.Created($"/api/v1/documents/{result.Value.DocumentId}", result.Value) : result.Error!.ToProblem();
            })
            .WithName("CreateAnnualSummary")
            .WithTags("Documents")
            .WithSummary("Produces the signed annual summary of a year's declarations and payments.")
            .RequireAuthorization(Policies.AccountHolder)
            .WithIdempotency<DocumentsDbContext>()
            .Produces<DocumentResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
