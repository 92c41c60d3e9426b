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

/// <summary>One thread, for its owner (<see cref="AccountId"/> set) or for an adviser (null).</summary>
internal sealed record GetThreadQuery(Guid ThreadId, AccountId? AccountId) : IQuery<Result<ThreadResponse>>;

internal sealed class GetThreadHandler(NotificationsDbContext db, IOptions<MessagingOptions> options, TimeProvider clock) : IQueryHandler<GetThreadQuery, Result<ThreadResponse>>
{
    public async ValueTask<Result<ThreadResponse>> Handle(GetThreadQuery query, CancellationToken cancellationToken)
    {
        var thread = await db.Threads.AsNoTracking().SingleOrDefaultAsync(t => t.Id == query.ThreadId, cancellationToken);
        if (thread is null || (query.AccountId is { } account && thread.AccountId != account)) return ThreadErrors.NotFound;
        var view = await ThreadViews.LoadAsync(db, thread, options.Value, cancellationToken);
        if (query.AccountId is not null)
        {
            // the owner has now seen the advisers' messages shown (not one written since): one statement on the messages, so the
            // thread's concurrency token is untouched and advisers' writes are never refused for a reading
            var shown = view.Messages.Where(m => m.Author == "adviser").Select(m => m.MessageId).ToList();
            var now = clock.GetUtcNow().UtcDateTime;
            if (shown.Count > 0)
                await db.ThreadMessages.Where(m => m.ThreadId == thread.Id && shown.Contains(m.Id) && m.ReadByOwnerOnUtc == null)
                    .ExecuteUpdateAsync(u => u.SetProperty(m => m.ReadByOwnerOnUtc, now), cancellationToken);
        }

        return view;
    }
}

internal sealed class GetThreadEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        app.MapGet($"{NotificationsRoutes.Root}/threads/{{threadId:guid}}", async (Guid threadId, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
                (await sender.Send(new GetThreadQuery(threadId, user.GetAccountId()), ct)).ToOk())
            .WithName("GetThread")
            .WithTags("Secure messaging")
            .RequireAuthorization(Policies.AccountHolder)
            .WithSummary("A thread with its messages, their attachments and any late-correction request.")
            .Produces<ThreadResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGet($"{NotificationsRoutes.Operator}/threads/{{threadId:guid}}", async (Guid threadId, ISender sender, CancellationToken ct) =>
                (await sender.Send(new GetThreadQuery(threadId, null), ct)).ToOk())
            .WithName("AdviserGetThread")
            .WithTags(NotificationsRoutes.OperatorTag)
            .RequireAuthorization(Policies.Operator)
            .WithSummary("A thread with its messages, attachments and correction requests.")
            .Produces<ThreadResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
