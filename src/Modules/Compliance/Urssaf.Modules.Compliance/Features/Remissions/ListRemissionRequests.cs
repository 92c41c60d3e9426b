using System.Security.Claims;
using Carter;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Urssaf.Modules.Compliance.Contracts.IntegrationEvents;
using Urssaf.Modules.Compliance.Domain;
using Urssaf.Modules.Compliance.Persistence;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Results;

namespace Urssaf.Modules.Compliance.Features.Remissions;

internal sealed record ListRemissionRequestsQuery(AccountId? AccountId, string? Status) : IQuery<IReadOnlyList<RemissionResponse>>;

internal sealed class ListRemissionRequestsHandler(ComplianceDbContext db) : IQueryHandler<ListRemissionRequestsQuery, IReadOnlyList<RemissionResponse>>
{
    public async ValueTask<IReadOnlyList<RemissionResponse>> Handle(ListRemissionRequestsQuery query, CancellationToken cancellationToken)
    {
        var requests = db.RemissionRequests.AsNoTracking();
        if (query.AccountId is { } account) requests = requests.Where(r => r.AccountId == account);
        if (query.Status is { } status) requests = requests.Where(r => r.Status == status);
        return (await requests.OrderBy(r => r.RequestedOnUtc).Take(500).ToListAsync(cancellationToken)).Select(RemissionResponse.From).ToList();
    }
}

// ---- the operator decides --------------------------------------------------------------------------------------------

internal sealed class ListRemissionRequestsEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        app.MapGet($"{ComplianceRoutes.Root}/remission-requests", async (ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new ListRemissionRequestsQuery(user.GetAccountId(), null), ct)))
            .WithName("ListRemissionRequests")
            .WithTags(ComplianceRoutes.Tag)
            .WithSummary("The account's remission requests and their outcome.")
            .RequireAuthorization(Policies.AccountHolder)
            .Produces<IReadOnlyList<RemissionResponse>>();

        app.MapGet($"{ComplianceRoutes.Operator}/remission-requests", async (ISender sender, CancellationToken ct, string? status = RemissionStatuses.Pending) =>
                TypedResults.Ok(await sender.Send(new ListRemissionRequestsQuery(null, status), ct)))
            .WithName("ListRemissionRequestsForOperator")
            .WithTags(ComplianceRoutes.OperatorTag)
            .WithSummary("Remission requests to decide (status=pending by default), oldest first.")
            .RequireAuthorization(Policies.Operator)
            .Produces<IReadOnlyList<RemissionResponse>>();
    }
}
