using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Carter;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Urssaf.Modules.Declarations.Persistence;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Export;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.Modules.Declarations.Features.Shared;

namespace Urssaf.Modules.Declarations.Features.ExportDeclarations;

/// <summary>The declarations of the periods ending in <see cref="Year"/>, as CSV (one row per declared line).</summary>
internal sealed record ExportDeclarationsQuery(AccountId AccountId, int Year) : IQuery<byte[]>;

internal sealed class ExportDeclarationsValidator : AbstractValidator<ExportDeclarationsQuery>
{
    public ExportDeclarationsValidator() =>
        RuleFor(q => q.Year).InclusiveBetween(2000, 2100).WithErrorCode("declarations.export.year_invalid");
}

internal sealed class ExportDeclarationsHandler(DeclarationsDbContext db) : IQueryHandler<ExportDeclarationsQuery, byte[]>
{
    /// <summary>The columns, in French as the firm's books expect them (documented in the route's description).</summary>
    public const string Header = "periode;debut;fin;echeance;deposee_le;corrigee_le;en_retard;categorie;chiffre_affaires;taux;" +
                                 "cotisations_sociales;formation_professionnelle;taxe_chambre;versement_liberatoire;total";

    public async ValueTask<byte[]> Handle(ExportDeclarationsQuery query, CancellationToken cancellationToken)
    {
        var first = new DateOnly(query.Year, 1, 1);
        var last = new DateOnly(query.Year, 12, 31);
        var declarations = await db.Declarations.AsNoTracking()
            .Where(d => d.AccountId == query.AccountId && d.PeriodEnd >= first && d.PeriodEnd <= last)
            .OrderBy(d => d.PeriodEnd).ToListAsync(cancellationToken);
        var csv = new FrenchCsv(Header);
        foreach (var declaration in declarations.Select(DeclarationResponse.From))
        {
            var lines = declaration.Lines.Count == 0 ? [null] : declaration.Lines.Cast<DeclarationLineResponse?>().ToList();
            foreach (var line in lines)
                csv.Row(declaration.Period, FrenchCsv.Date(declaration.Start), FrenchCsv.Date(declaration.End), FrenchCsv.Date(declaration.DueDate),
                    Instant(declaration.SubmittedAt), Instant(declaration.CorrectedAt), declaration.FiledLate ? "oui" : "non",
                    line is null ? null : JsonNamingPolicy.SnakeCaseLower.ConvertName(line.Category.ToString()),
                    line is null ? "0" : line.Turnover.ToString(CultureInfo.InvariantCulture),
                    line is null ? null : FrenchCsv.Number(line.Rate),
                    FrenchCsv.Euros(line?.SocialContributions ?? 0m), FrenchCsv.Euros(declaration.TrainingContribution), FrenchCsv.Euros(declaration.ChamberTax),
                    FrenchCsv.Euros(declaration.IncomeTax), FrenchCsv.Euros(declaration.Total));
        }

        return csv.ToBytes();
    }

    private static string? Instant(DateTime? at) => at?.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}

internal sealed class ExportDeclarationsEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet($"{DeclarationsRoutes.Root}/exports/{{year:int}}", async (int year, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
                Results.File(await sender.Send(new ExportDeclarationsQuery(user.GetAccountId(), year), ct),
                    "text/csv; charset=utf-8", $"declarations-{year}.csv"))
            .WithName("ExportDeclarations")
            .WithTags(DeclarationsRoutes.Tag)
            .WithSummary("The year's declarations (periods ending that year) as French CSV for the entrepreneur's or the accountant's books: " +
                         "one row per declared line, ';' between cells, decimal commas, ISO dates, UTF-8 with BOM. Columns: " + ExportDeclarationsHandler.Header)
            .RequireScope(DelegationScopes.DeclarationsRead)
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesValidationProblem();
}
