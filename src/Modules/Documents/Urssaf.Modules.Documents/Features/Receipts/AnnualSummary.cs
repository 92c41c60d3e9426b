using System.Globalization;
using System.Security.Claims;
using System.Text;
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
using Urssaf.Modules.Documents.Features.Shared;

namespace Urssaf.Modules.Documents.Features.Receipts;

internal sealed record AnnualSummaryRequest(int Year);

internal sealed record AnnualSummaryCommand(AccountId AccountId, int Year) : ICommand<Result<DocumentResponse>>;

internal sealed record AnnualFiguresQuery(AccountId AccountId, int Year) : IQuery<Result<(Holder Holder, AnnualFigures Figures)>>;

internal sealed class AnnualSummaryValidator : AbstractValidator<AnnualSummaryCommand>
{
    public AnnualSummaryValidator() => RuleFor(c => c.Year).InclusiveBetween(2000, 2100).WithErrorCode("documents.year.invalid");
}

internal sealed class AnnualFiguresValidator : AbstractValidator<AnnualFiguresQuery>
{
    public AnnualFiguresValidator() => RuleFor(c => c.Year).InclusiveBetween(2000, 2100).WithErrorCode("documents.year.invalid");
}

/// <summary>
/// The year's figures from Documents' own records (ADR 0043): the newest version of each period's declaration (kept from
/// <c>DeclarationFiled</c>/<c>Corrected</c>), the payment receipts and the returned debits; no call into other modules. A
/// period declared before those figures were kept appears with its receipt's total only.
/// </summary>
internal sealed class AnnualFiguresHandler(DocumentsDbContext db) : IQueryHandler<AnnualFiguresQuery, Result<(Holder Holder, AnnualFigures Figures)>>
{
    public async ValueTask<Result<(Holder Holder, AnnualFigures Figures)>> Handle(AnnualFiguresQuery query, CancellationToken cancellationToken)
    {
        var holder = await db.Holders.AsNoTracking().FirstOrDefaultAsync(h => h.AccountId == query.AccountId, cancellationToken);
        if (holder is null) return Error.Rule("documents.enterprise.unknown", "No enterprise is linked to this account yet.");

        var prefix = query.Year.ToString(CultureInfo.InvariantCulture) + "-";
        var declared = await db.DeclaredPeriods.AsNoTracking()
            .Where(d => d.AccountId == query.AccountId && d.Period.StartsWith(prefix)).ToListAsync(cancellationToken);
        var receipts = await db.Documents.AsNoTracking()
            .Where(d => d.AccountId == query.AccountId && d.Period != null && d.Period.StartsWith(prefix)
                        && (d.Type == DocumentTypes.DeclarationReceipt || d.Type == DocumentTypes.PaymentReceipt))
            .Select(d => new { d.Type, Period = d.Period!, d.AmountCents, d.IssuedOnUtc }).ToListAsync(cancellationToken);
        var returns = await db.PaymentReturns.AsNoTracking()
            .Where(r => r.AccountId == query.AccountId && r.Period.StartsWith(prefix)).Select(r => new { r.Period, r.AmountCents }).ToListAsync(cancellationToken);

        var totalsOnly = receipts.Where(r => r.Type == DocumentTypes.DeclarationReceipt).GroupBy(r => r.Period)
            .Select(g => (g.Key, g.OrderByDescending(r => r.IssuedOnUtc).First().AmountCents ?? 0)).ToList();
        var payments = receipts.Where(r => r.Type == DocumentTypes.PaymentReceipt).Select(r => (r.Period, r.AmountCents ?? 0)).ToList();
        return (holder, AnnualFigures.Compute(query.Year, declared, totalsOnly, payments, returns.Select(r => (r.Period, r.AmountCents)).ToList()));
    }
}

/// <summary>
/// The year's figures as they stand now, kept in the library; the signed PDF of them is rendered on its first download
/// (ADR 0135).
/// </summary>
internal sealed class AnnualSummaryHandler(DocumentsDbContext db, ISender sender, TimeProvider clock)
    : ICommandHandler<AnnualSummaryCommand, Result<DocumentResponse>>
{
    public async ValueTask<Result<DocumentResponse>> Handle(AnnualSummaryCommand command, CancellationToken cancellationToken)
    {
        var result = await sender.Send(new AnnualFiguresQuery(command.AccountId, command.Year), cancellationToken);
        if (!result.IsSuccess) return result.Error!;
        var (holder, figures) = result.Value;

        var now = clock.GetUtcNow().UtcDateTime;
        var document = new Document
        {
            Id = Guid.CreateVersion7(), AccountId = command.AccountId, Type = DocumentTypes.AnnualSummary, Title = $"Récapitulatif annuel {command.Year}",
            Period = command.Year.ToString(CultureInfo.InvariantCulture), AmountCents = figures.TotalCents, Status = DocumentStatus.Issued, IssuedOnUtc = now,
        };
        document.SourceKey = "summary:" + document.Id;
        document.Data = DocumentData.Write(holder, figures);
        db.Documents.Add(document);
        await db.SaveChangesAsync(cancellationToken);
        return DocumentResponse.From(document, DateOnly.FromDateTime(now));
    }
}

internal sealed record AnnualFiguresResponse(int Year, bool IncomeTaxWithheld, IReadOnlyList<TaxBoxResponse> TaxReturn, IReadOnlyList<CategoryTurnover> TurnoverByCategory,
    IReadOnlyList<PeriodResponse> Periods, AnnualTotals Totals)
{
    public static AnnualFiguresResponse From(AnnualFigures f) => new(f.Year, f.IncomeTaxWithheld,
        [.. f.TaxBoxes.Select(b => new TaxBoxResponse(b.Box, b.Label, b.Turnover))],
        [.. f.Categories.Select(c => new CategoryTurnover(c, f.TurnoverOf(c)))],
        [.. f.Periods.Select(p => new PeriodResponse(p.Period, p.Start, p.End, p.Detailed, [.. p.Lines.Select(l => new CategoryTurnover(l.Category, l.Turnover))],
            Euros(p.ContributionsCents), Euros(p.IncomeTaxCents), Euros(p.TotalCents), Euros(p.PaidCents), Euros(p.ContributionsPaidCents), Euros(p.IncomeTaxPaidCents)))],
        new AnnualTotals(f.Turnover, Euros(f.ContributionsCents), Euros(f.IncomeTaxCents), Euros(f.TotalCents), Euros(f.PaidCents), Euros(f.ContributionsPaidCents),
            Euros(f.IncomeTaxPaidCents)));

    private static decimal Euros(long cents) => cents / 100m;
}

internal sealed record TaxBoxResponse(string Box, string Label, long Turnover);

internal sealed record CategoryTurnover(SharedKernel.Enterprise.ActivityCategory Category, long Turnover);

internal sealed record PeriodResponse(string Period, DateOnly? Start, DateOnly? End, bool Detailed, IReadOnlyList<CategoryTurnover> Turnover,
    decimal ContributionsDeclared, decimal IncomeTaxDeclared, decimal TotalDeclared, decimal Paid, decimal ContributionsPaid, decimal IncomeTaxPaid);

internal sealed record AnnualTotals(long Turnover, decimal ContributionsDeclared, decimal IncomeTaxDeclared, decimal TotalDeclared, decimal Paid,
    decimal ContributionsPaid, decimal IncomeTaxPaid);

/// <summary>
/// The CSV form (ADR 0043): one rectangular table for a spreadsheet, <c>;</c>-separated with decimal commas (French
/// spreadsheets), UTF-8 with a byte-order mark. Column <c>type</c>: <c>case_2042</c> (a box of the income-tax return),
/// <c>ligne</c> (one category of one period), <c>periode</c> (a period's amounts), <c>annee</c> (the year's totals).
/// </summary>
internal static class AnnualFiguresCsv
{
    public const string Header = "type;periode;debut;fin;categorie;case_2042;chiffre_affaires;cotisations_declarees;versement_liberatoire_declare;" +
                                 "total_declare;total_paye;cotisations_payees;versement_liberatoire_paye";

    public static byte[] Write(AnnualFigures f)
    {
        var csv = new Urssaf.SharedKernel.Infrastructure.Export.FrenchCsv(Header);
        foreach (var box in f.TaxBoxes)
            csv.Row("case_2042", f.Year.ToString(CultureInfo.InvariantCulture), null, null, box.Label, box.Box, Whole(box.Turnover), null, null, null, null, null, null);
        foreach (var p in f.Periods)
        {
            var (start, end) = (p.Start?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), p.End?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            foreach (var line in p.Lines)
                csv.Row("ligne", p.Period, start, end, ReceiptHandler.CategoryName(line.Category), null, Whole(line.Turnover), Cents(line.SocialContributionsCents),
                    null, null, null, null, null);
            csv.Row("periode", p.Period, start, end, null, null, p.Detailed ? Whole(p.Turnover) : null, p.Detailed ? Cents(p.ContributionsCents) : null,
                p.Detailed ? Cents(p.IncomeTaxCents) : null, Cents(p.TotalCents), Cents(p.PaidCents), p.Detailed ? Cents(p.ContributionsPaidCents) : null,
                p.Detailed ? Cents(p.IncomeTaxPaidCents) : null);
        }

        csv.Row("annee", f.Year.ToString(CultureInfo.InvariantCulture), null, null, null, null, Whole(f.Turnover), Cents(f.ContributionsCents), Cents(f.IncomeTaxCents),
            Cents(f.TotalCents), Cents(f.PaidCents), Cents(f.ContributionsPaidCents), Cents(f.IncomeTaxPaidCents));
        return csv.ToBytes();
    }

    private static string Whole(long euros) => euros.ToString(CultureInfo.InvariantCulture);

    private static string Cents(long cents) => Urssaf.SharedKernel.Infrastructure.Export.FrenchCsv.Cents(cents);
}

internal sealed class AnnualSummaryEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/documents/annual-summaries", async (AnnualSummaryRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
            {
                var result = await sender.Send(new AnnualSummaryCommand(user.GetAccountId(), body.Year), ct);
                return result.IsSuccess ? TypedResults.Created($"/api/v1/documents/{result.Value.DocumentId}", result.Value) : result.Error!.ToProblem();
            })
            .WithName("CreateAnnualSummary")
            .WithTags("Documents")
            .WithSummary("Produces the signed annual summary (PDF) of a year: turnover for the income-tax return (2042-C-PRO boxes), per category and " +
                         "period, contributions and versement libératoire declared and paid.")
            .RequireAuthorization(Policies.AccountHolder)
            .WithIdempotency<DocumentsDbContext>()
            .Produces<DocumentResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        app.MapGet("/api/v1/documents/annual-summaries/{year}", async (string year, string? format, ClaimsPrincipal user, ISender sender, HttpResponse response,
                CancellationToken ct) =>
            {
                if (year.Length != 4 || !int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out var yearNumber))
                    return Error.Validation("documents.year.invalid", "The year is four digits.", "year").ToProblem();
                if (format is not (null or "json" or "csv"))
                    return Error.Validation("documents.format.invalid", "The format is json or csv.", "format").ToProblem();
                var result = await sender.Send(new AnnualFiguresQuery(user.GetAccountId(), yearNumber), ct);
                if (!result.IsSuccess) return result.Error!.ToProblem();
                response.Headers.CacheControl = "no-store";
                if (format != "csv") return TypedResults.Ok(AnnualFiguresResponse.From(result.Value.Figures));
                response.Headers.XContentTypeOptions = "nosniff";
                return TypedResults.File(AnnualFiguresCsv.Write(result.Value.Figures), "text/csv; charset=utf-8",
                    $"recapitulatif-{yearNumber.ToString(CultureInfo.InvariantCulture)}.csv");
            })
            .WithName("GetAnnualFigures")
            .WithTags("Documents")
            .WithSummary("The year's figures for the income-tax return as JSON, or as CSV with format=csv (semicolons, decimal commas, UTF-8).")
            .RequireAuthorization(Policies.AccountHolder)
            .Produces<AnnualFiguresResponse>()
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }
}
