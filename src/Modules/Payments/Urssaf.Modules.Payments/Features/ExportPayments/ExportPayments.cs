using System.Globalization;
using System.Security.Claims;
using Carter;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Urssaf.Modules.Payments.Features.ListPayments;
using Urssaf.Modules.Payments.Persistence;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Export;
using Urssaf.SharedKernel.Infrastructure.Http;

namespace Urssaf.Modules.Payments.Features.ExportPayments;

/// <summary>The payments made in <see cref="Year"/> (by their date), as CSV: the history of <c>GET /payments</c>, for the books.</summary>
internal sealed record ExportPaymentsQuery(AccountId AccountId, int Year) : IQuery<byte[]>;

internal sealed class ExportPaymentsValidator : AbstractValidator<ExportPaymentsQuery>
{
    public ExportPaymentsValidator() =>
        RuleFor(q => q.Year).InclusiveBetween(2000, 2100).WithErrorCode("payments.export.year_invalid");
}

internal sealed class ExportPaymentsHandler(PaymentsDbContext db) : IQueryHandler<ExportPaymentsQuery, byte[]>
{
    /// <summary>The columns, in French as the firm's books expect them (documented in the route's description).</summary>
    public const string Header = "date;periode;moyen;montant;statut;date_prelevement;recu_le;reference;motif_rejet";

    public async ValueTask<byte[]> Handle(ExportPaymentsQuery query, CancellationToken cancellationToken)
    {
        var from = new DateTime(query.Year, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var to = from.AddYears(1);
        var payments = await db.Payments.AsNoTracking()
            .Where(p => p.AccountId == query.AccountId && p.CreatedOnUtc >= from && p.CreatedOnUtc < to)
            .OrderBy(p => p.CreatedOnUtc).ToListAsync(cancellationToken);
        var csv = new FrenchCsv(Header);
        foreach (var p in payments)
            csv.Row(FrenchCsv.Date(DateOnly.FromDateTime(p.CreatedOnUtc)), p.Period, PaymentNames.Of(p.Method), FrenchCsv.Cents(p.AmountCents),
                PaymentNames.Of(p.Status), p.CollectionDate is { } c ? FrenchCsv.Date(c) : null, p.ReceivedOn is { } r ? FrenchCsv.Date(r) : null,
                p.Reference, p.ReturnReason);
        return csv.ToBytes();
    }
}

internal sealed class ExportPaymentsEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet($"{PaymentsRoutes.Root}/exports/{{year:int}}", async (int year, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
                Results.File(await sender.Send(new ExportPaymentsQuery(user.GetAccountId(), year), ct),
                    "text/csv; charset=utf-8", $"payments-{year}.csv"))
            .WithName("ExportPayments")
            .WithTags(PaymentsRoutes.Tag)
            .WithSummary("The year's payments as French CSV for the books: ';' between cells, decimal commas, ISO dates, UTF-8 with BOM. " +
                         "Columns: " + ExportPaymentsHandler.Header)
            .RequireScope(DelegationScopes.PaymentsRead)
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesValidationProblem();
}
