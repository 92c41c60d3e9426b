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
using Urssaf.Modules.Payments.Features.ListPayments;
using Urssaf.Modules.Payments.Persistence;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Http;

namespace Urssaf.Modules.Payments.Features.ExportPayments;

/// <summary>The payments made in <see cref="Year"/> (by their date), as CSV: the history of <c>GET /payments</c>, for the books.</summary>
internal sealed record ExportPaymentsQuery(AccountId AccountId, int Year) : IQuery<string>;

internal sealed class ExportPaymentsValidator : AbstractValidator<ExportPaymentsQuery>
{
    public ExportPaymentsValidator() =>
        RuleFor(q => q.Year).InclusiveBetween(2000, 2100).WithErrorCode("payments.export.year_invalid");
}

internal sealed class ExportPaymentsHandler(PaymentsDbContext db) : IQueryHandler<ExportPaymentsQuery, string>
{
    public const string Header = "date,period,method,amount,status,collection_date,received_on,reference,return_reason";

    public async ValueTask<string> Handle(ExportPaymentsQuery query, CancellationToken cancellationToken)
    {
        var from = new DateTime(query.Year, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var to = from.AddYears(1);
        var payments = await db.Payments.AsNoTracking()
            .Where(p => p.AccountId == query.AccountId && p.CreatedOnUtc >= from && p.CreatedOnUtc < to)
            .OrderBy(p => p.CreatedOnUtc).ToListAsync(cancellationToken);
        var csv = new StringBuilder(Header).Append("\r\n");
        foreach (var p in payments)
            csv.AppendJoin(',',
                Date(DateOnly.FromDateTime(p.CreatedOnUtc)), Field(p.Period), PaymentNames.Of(p.Method),
                (p.AmountCents / 100m).ToString("0.00", CultureInfo.InvariantCulture), PaymentNames.Of(p.Status),
                p.CollectionDate is { } c ? Date(c) : "", p.ReceivedOn is { } r ? Date(r) : "", Field(p.Reference), Field(p.ReturnReason))
                .Append("\r\n");
        return csv.ToString();
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>RFC 4180 quoting; a leading formula character is neutralised so a spreadsheet never evaluates it.</summary>
    private static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if (value[0] is '=' or '+' or '-' or '@') value = "'" + value;
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}

internal sealed class ExportPaymentsEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet("/api/v1/payments/exports/{year:int}", async (int year, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
                Results.File(Encoding.UTF8.GetBytes(await sender.Send(new ExportPaymentsQuery(user.GetAccountId(), year), ct)),
                    "text/csv; charset=utf-8", $"payments-{year}.csv"))
            .WithName("ExportPayments")
            .WithTags("Payments")
            .WithSummary("The year's payments as CSV (date, period, method, amount in euros, status, collection and receipt dates, reference).")
            .RequireScope(DelegationScopes.PaymentsRead)
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesValidationProblem();
}
