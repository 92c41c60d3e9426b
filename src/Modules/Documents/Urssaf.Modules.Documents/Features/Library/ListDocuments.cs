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
using Urssaf.Modules.Documents.Features.Shared;
using Urssaf.Modules.Documents.Persistence;
using Urssaf.Modules.Documents.Storage;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Infrastructure.Time;
using Urssaf.SharedKernel.Results;

namespace Urssaf.Modules.Documents.Features.Library;

internal sealed record ListDocumentsQuery(AccountId AccountId, string? Type, DateOnly? From, DateOnly? To, string? Status, string? Period, int Page, int PageSize)
    : IQuery<(IReadOnlyList<DocumentResponse> Items, int Total)>;

internal sealed class ListDocumentsValidator : AbstractValidator<ListDocumentsQuery>
{
    public ListDocumentsValidator()
    {
        RuleFor(q => q.Type).Must(t => DocumentTypes.All.Contains(t)).When(q => q.Type is not null).WithErrorCode("documents.type.invalid")
            .WithMessage("Types: " + string.Join(", ", DocumentTypes.All) + ".");
        RuleFor(q => q.Status).Must(s => s is "valid" or "expired" or "revoked" or "issued").When(q => q.Status is not null)
            .WithErrorCode("documents.status.invalid").WithMessage("Statuses: valid, expired, revoked, issued.");
        RuleFor(q => q.Period).Matches(@"^\d{4}(-(0[1-9]|1[0-2]|Q[1-4]))?$").When(q => q.Period is not null).WithErrorCode("documents.period.invalid");
        RuleFor(q => q).Must(q => q.From is null || q.To is null || q.From <= q.To).WithName("from").WithErrorCode("documents.range.invalid")
            .WithMessage("from must not be after to.");
        RuleFor(q => q.Page).ValidPage();
        RuleFor(q => q.PageSize).ValidPageSize();
    }
}

internal sealed class ListDocumentsHandler(DocumentsDbContext db, TimeProvider clock) : IQueryHandler<ListDocumentsQuery, (IReadOnlyList<DocumentResponse> Items, int Total)>
{
    public async ValueTask<(IReadOnlyList<DocumentResponse> Items, int Total)> Handle(ListDocumentsQuery q, CancellationToken cancellationToken)
    {
        var today = clock.Today();
        var mine = db.Documents.AsNoTracking().Where(d => d.AccountId == q.AccountId);
        if (q.Type is not null) mine = mine.Where(d => d.Type == q.Type);
        if (q.Period is not null) mine = mine.Where(d => d.Period != null && d.Period.StartsWith(q.Period));
        if (q.From is { } from) mine = mine.Where(d => d.IssuedOnUtc >= from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
        if (q.To is { } to) mine = mine.Where(d => d.IssuedOnUtc < to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
        mine = q.Status switch
        {
            "revoked" => mine.Where(d => d.Status == DocumentStatus.Revoked),
            "expired" => mine.Where(d => d.Status == DocumentStatus.Issued && d.ValidUntil != null && d.ValidUntil < today),
            "valid" => mine.Where(d => d.Status == DocumentStatus.Issued && d.Type == DocumentTypes.Attestation && d.ValidUntil >= today),
            "issued" => mine.Where(d => d.Status == DocumentStatus.Issued && d.ValidUntil == null),
            _ => mine,
        };
        var (page, total) = await mine.OrderByDescending(d => d.IssuedOnUtc).ToPageAsync(q.Page, q.PageSize, cancellationToken);
        return (page.Select(d => DocumentResponse.From(d, today)).ToList(), total);
    }
}

internal sealed class ListDocumentsEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        app.MapGet($"{DocumentsRoutes.Root}", async (ClaimsPrincipal user, ISender sender, HttpResponse response, CancellationToken ct, string? type = null,
                DateOnly? from = null, DateOnly? to = null, string? status = null, string? period = null, int page = 1, int pageSize = 50) =>
            {
                var (items, total) = await sender.Send(new ListDocumentsQuery(user.GetAccountId(), type, from, to, status, period, page, pageSize), ct);
                response.Headers["X-Total-Count"] = total.ToString(CultureInfo.InvariantCulture);
                return TypedResults.Ok(items);
            })
            .WithName("ListDocuments")
            .WithTags(DocumentsRoutes.Tag)
            .WithSummary("The document library, newest first, filtered by type, issue dates (from/to), status and period; paginated (X-Total-Count).")
            .RequireScope(DelegationScopes.DocumentsRead)
            .Produces<IReadOnlyList<DocumentResponse>>()
            .ProducesValidationProblem();
    }
}
