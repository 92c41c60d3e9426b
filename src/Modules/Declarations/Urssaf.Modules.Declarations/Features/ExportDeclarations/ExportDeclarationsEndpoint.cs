using System.Globalization;
using System.Security.Claims;
using System.Text;
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
using Urssaf.SharedKernel.Infrastructure.Http;

namespace Urssaf.Modules.Declarations.Features.ExportDeclarations;

/// <summary>The declarations of the periods ending in <see cref="Year"/>, as CSV (one row per declared line).</summary>
internal sealed record ExportDeclarationsQuery(AccountId AccountId, int Year) : IQuery<string>;

internal sealed class ExportDeclarationsValidator : AbstractValidator<ExportDeclarationsQuery>
{
    public ExportDeclarationsValidator() =>
        RuleFor(q => q.Year).InclusiveBetween(2000, 2100).WithErrorCode("declarations.export.year_invalid");
}

internal sealed class ExportDeclarationsHandler(DeclarationsDbContext db) : IQueryHandler<ExportDeclarationsQuery, string>
{
    public const string Header = "period,start,end,due_date,submitted_at,corrected_at,filed_late,category,turnover,rate," +
                                 "social_contributions,training_contribution,chamber_tax,income_tax,total";

    public async ValueTask<string> Handle(ExportDeclarationsQuery query, CancellationToken cancellationToken)
    {
        var first = new DateOnly(query.Year, 1, 1);
        var last = new DateOnly(query.Year, 12, 31);
        var declarations = await db.Declarations.AsNoTracking()
            .Where(d => d.AccountId == query.AccountId && d.PeriodEnd >= first && d.PeriodEnd <= last)
            .OrderBy(d => d.PeriodEnd).ToListAsync(cancellationToken);
        var csv = new StringBuilder(Header).Append("\r\n");
        foreach (var declaration in declarations.Select(DeclarationResponse.From))
        {
            var lines = declaration.Lines.Count == 0 ? [null] : declaration.Lines.Cast<DeclarationLineResponse?>().ToList();
            foreach (var line in lines)
            {
                csv.AppendJoin(',',
                    declaration.Period, Date(declaration.Start), Date(declaration.End), Date(declaration.DueDate),
                    Instant(declaration.SubmittedAt), Instant(declaration.CorrectedAt), declaration.FiledLate ? "true" : "false",
                    line is null ? "" : JsonNamingPolicy.SnakeCaseLower.ConvertName(line.Category.ToString()),
                    line is null ? "0" : line.Turnover.ToString(CultureInfo.InvariantCulture),
                    line is null ? "" : line.Rate.ToString(CultureInfo.InvariantCulture),
                    Euros(line?.SocialContributions ?? 0m), Euros(declaration.TrainingContribution), Euros(declaration.ChamberTax),
                    Euros(declaration.IncomeTax), Euros(declaration.Total)).Append("\r\n");
            }
        }

        return csv.ToString();
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    private static string Instant(DateTime? at) => at?.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) ?? "";
    private static string Euros(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);
}

internal sealed class ExportDeclarationsEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet($"{DeclarationsRoutes.Root}/exports/{{year:int}}", async (int year, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
                Results.File(Encoding.UTF8.GetBytes(await sender.Send(new ExportDeclarationsQuery(user.GetAccountId(), year), ct)),
                    "text/csv; charset=utf-8", $"declarations-{year}.csv"))
            .WithName("ExportDeclarations")
            .WithTags(DeclarationsRoutes.Tag)
            .WithSummary("The year's declarations (periods ending that year) as CSV, one row per declared line, amounts in euros: " +
                         "for the entrepreneur's or the accountant's books.")
            .RequireScope(DelegationScopes.DeclarationsRead)
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesValidationProblem();
}
