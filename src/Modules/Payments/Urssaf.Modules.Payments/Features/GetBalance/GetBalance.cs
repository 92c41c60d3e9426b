using System.Security.Claims;
using Carter;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Urssaf.Modules.Payments.Persistence;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Infrastructure.Time;

namespace Urssaf.Modules.Payments.Features.GetBalance;

internal sealed record GetBalanceQuery(AccountId AccountId) : IQuery<BalanceResponse>;

/// <summary>What the account owes now: open items first by due date, amounts in euros; a credit from overpayment is shown apart.</summary>
internal sealed record BalanceResponse(decimal TotalDue, decimal Credit, IReadOnlyList<BalanceItem> Items);

internal sealed record BalanceItem(string Kind, string Period, decimal Amount, decimal Paid, decimal Outstanding, DateOnly DueDate, string Status);

internal sealed class GetBalanceHandler(PaymentsDbContext db, TimeProvider clock) : IQueryHandler<GetBalanceQuery, BalanceResponse>
{
    public async ValueTask<BalanceResponse> Handle(GetBalanceQuery query, CancellationToken cancellationToken)
    {
        var today = clock.Today();
        var obligations = await db.Obligations.AsNoTracking().Where(o => o.AccountId == query.AccountId).ToListAsync(cancellationToken);
        var items = obligations
            .OrderBy(o => o.IsSettled).ThenBy(o => o.DueDate)
            .Select(o => new BalanceItem(o.Kind == Domain.ObligationKind.Declaration ? "declaration" : "penalty", o.Period, o.AmountCents / 100m,
                o.PaidCents / 100m, o.OutstandingCents / 100m, o.DueDate,
                o.IsSettled ? "settled" : o.DueDate < today ? "overdue" : "open"))
            .ToList();
        return new BalanceResponse(obligations.Sum(o => o.OutstandingCents) / 100m, obligations.Sum(o => o.CreditCents) / 100m, items);
    }
}

internal sealed class GetBalanceEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet($"{PaymentsRoutes.Root}/balance", async (ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new GetBalanceQuery(user.GetAccountId()), ct)))
            .WithName("GetBalance")
            .WithTags(PaymentsRoutes.Tag)
            .WithSummary("The amounts owed from filed declarations, with what was paid and what remains, open and overdue items.")
            .RequireScope(DelegationScopes.PaymentsRead)
            .Produces<BalanceResponse>();
}
