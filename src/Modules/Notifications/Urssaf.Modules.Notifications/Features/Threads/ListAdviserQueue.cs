using System.Globalization;
using Carter;
using FluentValidation;
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

/// <summary>One line of the adviser queue: how long the entrepreneur has waited and whether the target reply time is passed.</summary>
internal sealed record QueueItemResponse(Guid ThreadId, string Topic, string Subject, string Status, string? AssignedTo, DateTime OpenedAt, DateTime? AwaitingSince,
    DateTime? TargetReplyBy, bool Overdue, bool CorrectionRequested);

internal sealed record QueueQuery(string? Topic, bool IncludeAnswered) : IQuery<IReadOnlyList<QueueItemResponse>>;

internal sealed class QueueValidator : AbstractValidator<QueueQuery>
{
    public QueueValidator() => RuleFor(q => q.Topic).Must(t => t is null || ThreadTopics.All.Contains(t)).WithErrorCode("notifications.thread.topic_unknown")
        .WithMessage("The topic is one of declaration, payment, attestation, account, other.");
}

/// <summary>The open threads, those waiting longest first (then the answered ones, if asked), by topic when one is given.</summary>
internal sealed class QueueHandler(NotificationsDbContext db, IOptions<MessagingOptions> options, TimeProvider clock) : IQueryHandler<QueueQuery, IReadOnlyList<QueueItemResponse>>
{
    public async ValueTask<IReadOnlyList<QueueItemResponse>> Handle(QueueQuery query, CancellationToken cancellationToken)
    {
        var threads = db.Threads.AsNoTracking().Where(t => t.Status == ThreadStatus.AwaitingAdviser || (query.IncludeAnswered && t.Status == ThreadStatus.Answered));
        if (query.Topic is { } topic) threads = threads.Where(t => t.Topic == topic);
        var list = await threads.OrderBy(t => t.AwaitingSinceUtc == null).ThenBy(t => t.AwaitingSinceUtc).ThenBy(t => t.LastMessageOnUtc).Take(500).ToListAsync(cancellationToken);
        var ids = list.Select(t => t.Id).ToList();
        var corrections = (await db.LateCorrectionRequests.AsNoTracking().Where(r => ids.Contains(r.ThreadId) && r.Status == CorrectionStatus.Requested)
            .Select(r => r.ThreadId).ToListAsync(cancellationToken)).ToHashSet();
        var now = clock.GetUtcNow().UtcDateTime;
        return [.. list.Select(t =>
        {
            var target = ThreadViews.TargetReplyBy(t, options.Value);
            return new QueueItemResponse(t.Id, t.Topic, t.Subject, ThreadViews.Status(t.Status), t.AssignedTo, t.OpenedOnUtc, t.AwaitingSinceUtc, target,
                target < now, corrections.Contains(t.Id));
        })];
    }
}

internal sealed class AdviserQueueEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        app.MapGet($"{NotificationsRoutes.Operator}/threads", async (ISender sender, CancellationToken ct, string? topic = null, bool includeAnswered = false) =>
                TypedResults.Ok(await sender.Send(new QueueQuery(topic, includeAnswered), ct)))
            .WithName("AdviserQueue")
            .WithTags(NotificationsRoutes.OperatorTag)
            .RequireAuthorization(Policies.Operator)
            .WithSummary("The advisers' queue: threads waiting for a reply, longest wait first, optionally one topic; target reply time and overdue flag.")
            .Produces<IReadOnlyList<QueueItemResponse>>()
            .ProducesValidationProblem();
    }
}
