using System.Security.Claims;
using Carter;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Urssaf.Modules.Compliance.Persistence;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Http;

namespace Urssaf.Modules.Compliance.Features.Penalties;

internal sealed record ListPenaltiesQuery(AccountId AccountId) : IQuery<IReadOnlyList<PenaltyResponse>>;

internal sealed record PenaltyResponse(Guid PenaltyId, string Kind, string Period, decimal Amount, decimal Paid, string Status, DateOnly AssessedOn,
    DateOnly DueDate, DateOnly LateSince, int? MonthsElapsed, string LegalReference);

internal sealed class ListPenaltiesHandler(ComplianceDbContext db) : IQueryHandler<ListPenaltiesQuery, IReadOnlyList<PenaltyResponse>>
{
    public async ValueTask<IReadOnlyList<PenaltyResponse>> Handle(ListPenaltiesQuery query, CancellationToken cancellationToken)
    {
        var penalties = await db.Penalties.AsNoTracking().Where(p => p.AccountId == query.AccountId).OrderByDescending(p => p.AssessedOn).ToListAsync(cancellationToken);
        var ids = penalties.Select(p => p.Id).ToList();
        var paid = await db.Obligations.AsNoTracking().Where(o => o.Kind == "penalty" && ids.Contains(o.SourceId))
            .ToDictionaryAsync(o => o.SourceId, o => o.PaidCents, cancellationToken);
        return penalties.Select(p =>
        {
            var settled = paid.GetValueOrDefault(p.Id);
            return new PenaltyResponse(p.Id, p.Kind, p.Period, p.AmountCents / 100m, settled / 100m, settled >= p.AmountCents ? "paid" : "due",
                p.AssessedOn, p.DueDate, p.LateSince, p.Kind == Domain.PenaltyKinds.LatePayment ? p.Months : null, p.LegalReference);
        }).ToList();
    }
}

internal sealed class ListPenaltiesEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet($"{ComplianceRoutes.Root}/penalties", async (ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new ListPenaltiesQuery(user.GetAccountId()), ct)))
            .WithName("ListPenalties")
            .WithTags(ComplianceRoutes.Tag)
            .WithSummary("Penalties assessed: late declaration (CSS R613-9), late payment majorations (CSS R243-16) and year-end flat-rate taxation (CSS R613-10, kind flat_rate_taxation), with what was paid.")
            .RequireAuthorization(Policies.AccountHolder)
            .Produces<IReadOnlyList<PenaltyResponse>>();
}
