using System.Globalization;
using System.Security.Claims;
using Carter;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Urssaf.Modules.Declarations.Contracts.Queries;
using Urssaf.Modules.Notifications.Attachments;
using Urssaf.Modules.Notifications.Contracts.IntegrationEvents;
using Urssaf.Modules.Notifications.Domain;
using Urssaf.Modules.Notifications.Features.DeliverMessages;
using Urssaf.Modules.Notifications.Features.Shared;
using Urssaf.Modules.Notifications.Persistence;
using Urssaf.SharedKernel.Enterprise;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Results;

namespace Urssaf.Modules.Notifications.Features.Threads;

internal sealed record ListThreadsQuery(AccountId AccountId) : IQuery<IReadOnlyList<ThreadSummaryResponse>>;

internal sealed class ListThreadsHandler(NotificationsDbContext db, IOptions<MessagingOptions> options) : IQueryHandler<ListThreadsQuery, IReadOnlyList<ThreadSummaryResponse>>
{
    public async ValueTask<IReadOnlyList<ThreadSummaryResponse>> Handle(ListThreadsQuery query, CancellationToken cancellationToken)
    {
        var threads = await db.Threads.AsNoTracking().Where(t => t.AccountId == query.AccountId).OrderByDescending(t => t.LastMessageOnUtc).Take(500)
            .Select(t => new
            {
                Thread = t,
                Unread = db.ThreadMessages.Count(m => m.ThreadId == t.Id && m.Author == MessageAuthor.Adviser && m.ReadByOwnerOnUtc == null),
            })
            .ToListAsync(cancellationToken);
        return [.. threads.Select(x => new ThreadSummaryResponse(x.Thread.Id, x.Thread.Topic, x.Thread.Subject, ThreadViews.Status(x.Thread.Status),
            x.Thread.OpenedOnUtc, x.Thread.LastMessageOnUtc, ThreadViews.TargetReplyBy(x.Thread, options.Value), x.Unread))];
    }
}

internal sealed class ListThreadsEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        app.MapGet($"{NotificationsRoutes.Root}/threads", async (ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new ListThreadsQuery(user.GetAccountId()), ct)))
            .WithName("ListThreads")
            .WithTags("Secure messaging")
            .RequireAuthorization(Policies.AccountHolder)
            .WithSummary("The account's threads, latest activity first, with the target reply time while a reply is owed.")
            .Produces<IReadOnlyList<ThreadSummaryResponse>>();
    }
}
