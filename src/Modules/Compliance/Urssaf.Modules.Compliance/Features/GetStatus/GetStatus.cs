using System.Security.Claims;
using Carter;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Urssaf.Modules.Compliance.Contracts.Queries;
using Urssaf.Modules.Compliance.Domain;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.Modules.Compliance.Features.Shared;

namespace Urssaf.Modules.Compliance.Features.GetStatus;

internal sealed record GetStatusQuery(AccountId AccountId) : IQuery<StatusResponse>;

internal sealed record StatusResponse(string Status, IReadOnlyList<EligibilityReason> Reasons, DateOnly AsOf);

internal sealed class GetStatusHandler(AccountStanding standing) : IQueryHandler<GetStatusQuery, StatusResponse>
{
    public async ValueTask<StatusResponse> Handle(GetStatusQuery query, CancellationToken cancellationToken)
    {
        var s = await standing.LoadAsync(query.AccountId, cancellationToken);
        return new StatusResponse(Regularity.Name(s.Status), s.Reasons, s.Today);
    }
}

internal sealed class GetStatusEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet($"{ComplianceRoutes.Root}/status", async (ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new GetStatusQuery(user.GetAccountId()), ct)))
            .WithName("GetComplianceStatus")
            .WithTags(ComplianceRoutes.Tag)
            .WithSummary("Regularity: green (all filed and paid or being collected), orange (a deadline within 7 days, a collection pending), " +
                         "red (a missing declaration or an overdue amount), with reasons as codes and text.")
            .RequireAuthorization(Policies.AccountHolder)
            .Produces<StatusResponse>();
}
