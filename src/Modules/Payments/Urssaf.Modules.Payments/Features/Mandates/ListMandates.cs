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
using Urssaf.SharedKernel.Results;

namespace Urssaf.Modules.Payments.Features.Mandates;

internal sealed record ListMandatesQuery(AccountId AccountId) : IQuery<IReadOnlyList<MandateResponse>>;

internal sealed class ListMandatesHandler(PaymentsDbContext db) : IQueryHandler<ListMandatesQuery, IReadOnlyList<MandateResponse>>
{
    public async ValueTask<IReadOnlyList<MandateResponse>> Handle(ListMandatesQuery query, CancellationToken cancellationToken) =>
        (await db.Mandates.AsNoTracking().Where(m => m.AccountId == query.AccountId).OrderBy(m => m.CreatedOnUtc).ToListAsync(cancellationToken))
        .Select(MandateResponse.From).ToList();
}

internal sealed class ListMandatesEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        app.MapGet($"{PaymentsRoutes.Root}/mandates", async (ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new ListMandatesQuery(user.GetAccountId()), ct)))
            .WithName("ListMandates")
            .WithTags(PaymentsRoutes.Tag)
            .WithSummary("The account's SEPA mandates, IBANs masked.")
            .RequireAuthorization(Policies.AccountHolder)
            .Produces<IReadOnlyList<MandateResponse>>();
    }
}
