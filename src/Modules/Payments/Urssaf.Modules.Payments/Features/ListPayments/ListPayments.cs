using System.Globalization;
using System.Security.Claims;
using Carter;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Urssaf.Modules.Payments.Persistence;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Http;

namespace Urssaf.Modules.Payments.Features.ListPayments;

internal sealed record ListPaymentsQuery(AccountId AccountId, int Page, int PageSize) : IQuery<(IReadOnlyList<PaymentHistoryItem> Items, int Total)>;

internal sealed record PaymentHistoryItem(Guid PaymentId, DateOnly Date, decimal Amount, string Method, string Period, string Status,
    DateOnly? CollectionDate, DateOnly? ReceivedOn, string Reference, string? ReturnReason);

internal sealed class ListPaymentsValidator : AbstractValidator<ListPaymentsQuery>
{
    public ListPaymentsValidator()
    {
        RuleFor(q => q.Page).ValidPage();
        RuleFor(q => q.PageSize).ValidPageSize();
    }
}

internal sealed class ListPaymentsHandler(PaymentsDbContext db) : IQueryHandler<ListPaymentsQuery, (IReadOnlyList<PaymentHistoryItem> Items, int Total)>
{
    public async ValueTask<(IReadOnlyList<PaymentHistoryItem> Items, int Total)> Handle(ListPaymentsQuery query, CancellationToken cancellationToken)
    {
        var (page, total) = await db.Payments.AsNoTracking().Where(p => p.AccountId == query.AccountId)
            .OrderByDescending(p => p.CreatedOnUtc).ToPageAsync(query.Page, query.PageSize, cancellationToken);
        return (page.Select(p => new PaymentHistoryItem(p.Id, DateOnly.FromDateTime(p.CreatedOnUtc), p.AmountCents / 100m, PaymentNames.Of(p.Method), p.Period,
            PaymentNames.Of(p.Status), p.CollectionDate, p.ReceivedOn, p.Reference, p.ReturnReason)).ToList(), total);
    }
}

internal sealed class ListPaymentsEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet($"{PaymentsRoutes.Root}", async (ClaimsPrincipal user, ISender sender, HttpResponse response, CancellationToken ct, int page = 1, int pageSize = 50) =>
            {
                var (items, total) = await sender.Send(new ListPaymentsQuery(user.GetAccountId(), page, pageSize), ct);
                response.Headers["X-Total-Count"] = total.ToString(CultureInfo.InvariantCulture);
                return TypedResults.Ok(items);
            })
            .WithName("ListPayments")
            .WithTags(PaymentsRoutes.Tag)
            .WithSummary("Payment history, newest first: date, amount, method, period, status (page, pageSize ≤ 200; total in X-Total-Count).")
            .RequireScope(DelegationScopes.PaymentsRead)
            .Produces<IReadOnlyList<PaymentHistoryItem>>()
            .ProducesValidationProblem();
}
