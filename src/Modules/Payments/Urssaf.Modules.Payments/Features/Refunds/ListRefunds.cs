using System.Security.Claims;
using Carter;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Urssaf.Modules.Payments.Domain;
using Urssaf.Modules.Payments.Persistence;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Http;

namespace Urssaf.Modules.Payments.Features.Refunds;

internal sealed record ListRefundsQuery(AccountId AccountId) : IQuery<IReadOnlyList<RefundResponse>>;

internal sealed record GetCreditQuery(AccountId AccountId) : IQuery<CreditResponse>;

/// <summary>Euros: the credit (paid beyond what is owed), what is still owed and not covered, what can be refunded now, refunds not yet settled.</summary>
internal sealed record CreditResponse(decimal Credit, decimal Owed, decimal Refundable, decimal PendingRefunds);

internal sealed class ListRefundsHandler(PaymentsDbContext db) : IQueryHandler<ListRefundsQuery, IReadOnlyList<RefundResponse>>, IQueryHandler<GetCreditQuery, CreditResponse>
{
    public async ValueTask<IReadOnlyList<RefundResponse>> Handle(ListRefundsQuery query, CancellationToken cancellationToken)
    {
        var refunds = await db.Refunds.AsNoTracking().Where(r => r.AccountId == query.AccountId).ToListAsync(cancellationToken);
        var mandateIds = refunds.Select(r => r.MandateId).Distinct().ToList();
        var masked = await db.Mandates.AsNoTracking().Where(m => mandateIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.MaskedIban, cancellationToken);
        return [.. refunds.OrderByDescending(r => r.RequestedOnUtc).Select(r => Response(r, masked[r.MandateId]))];
    }

    public async ValueTask<CreditResponse> Handle(GetCreditQuery query, CancellationToken cancellationToken)
    {
        var obligations = await db.Obligations.AsNoTracking().Where(o => o.AccountId == query.AccountId).ToListAsync(cancellationToken);
        var pending = await db.Refunds.Where(r => r.AccountId == query.AccountId && (r.Status == RefundStatus.Requested || r.Status == RefundStatus.Submitted))
            .Select(r => r.AmountCents).ToListAsync(cancellationToken);
        return new CreditResponse(Credit.Of(obligations) / 100m, obligations.Sum(o => o.PayableCents) / 100m, Credit.Refundable(obligations) / 100m,
            pending.Sum() / 100m);
    }

    internal static RefundResponse Response(Refund r, string maskedIban) => new(r.Id, PaymentNames.Of(r.Status), r.AmountCents / 100m, r.MandateId, maskedIban,
        r.ExecutionDate, r.RequestedOnUtc, r.SettledOn, r.ReturnReason);
}

internal sealed class ListRefundsEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/payments/credit", async (ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new GetCreditQuery(user.GetAccountId()), ct)))
            .WithName("GetCredit")
            .WithTags("Payments")
            .WithSummary("The account's credit (paid beyond what is owed), what is still owed, what can be refunded now and the refunds in progress.")
            .RequireScope(DelegationScopes.PaymentsRead)
            .Produces<CreditResponse>();

        app.MapGet("/api/v1/payments/refunds", async (ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new ListRefundsQuery(user.GetAccountId()), ct)))
            .WithName("ListRefunds")
            .WithTags("Payments")
            .WithSummary("The account's refunds, newest first: requested, submitted (in the bank's file), settled or returned (the credit given back).")
            .RequireScope(DelegationScopes.PaymentsRead)
            .Produces<IReadOnlyList<RefundResponse>>();
    }
}
