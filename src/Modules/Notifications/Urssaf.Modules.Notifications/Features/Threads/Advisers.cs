using System.Security.Claims;
using Carter;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Urssaf.Modules.Notifications.Attachments;
using Urssaf.Modules.Notifications.Contracts.IntegrationEvents;
using Urssaf.Modules.Notifications.Domain;
using Urssaf.Modules.Notifications.Features.Threads;
using Urssaf.Modules.Notifications.Persistence;
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

internal sealed record AssignCommand(Guid ThreadId, string Adviser) : ICommand<Result>;

internal sealed class AssignValidator : AbstractValidator<AssignCommand>
{
    public AssignValidator() => RuleFor(c => c.Adviser).Must(a => !string.IsNullOrWhiteSpace(a)).WithErrorCode("notifications.thread.adviser_required")
        .WithMessage("Name the adviser the thread is assigned to.").MaximumLength(100).WithErrorCode("notifications.thread.adviser_required");
}

internal sealed class AssignHandler(NotificationsDbContext db) : ICommandHandler<AssignCommand, Result>
{
    public async ValueTask<Result> Handle(AssignCommand command, CancellationToken cancellationToken)
    {
        var thread = await db.Threads.SingleOrDefaultAsync(t => t.Id == command.ThreadId, cancellationToken);
        if (thread is null) return ThreadErrors.NotFound;
        if (thread.Status == ThreadStatus.Closed) return ThreadErrors.Closed;
        thread.Assign(command.Adviser.Trim());
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ThreadErrors.Changed;
        }

        return Result.Success();
    }
}

internal sealed record CloseCommand(Guid ThreadId) : ICommand<Result>;

internal sealed class CloseHandler(NotificationsDbContext db, TimeProvider clock) : ICommandHandler<CloseCommand, Result>
{
    public async ValueTask<Result> Handle(CloseCommand command, CancellationToken cancellationToken)
    {
        var thread = await db.Threads.SingleOrDefaultAsync(t => t.Id == command.ThreadId, cancellationToken);
        if (thread is null) return ThreadErrors.NotFound;
        if (thread.Status == ThreadStatus.Closed) return Result.Success(); // closing twice changes nothing
        thread.Close(clock.GetUtcNow().UtcDateTime);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ThreadErrors.Changed;
        }

        return Result.Success();
    }
}

internal sealed record DecideCorrectionCommand(Guid ThreadId, Guid RequestId, bool Accept, string Adviser, string? Note) : ICommand<Result<CorrectionRequestResponse>>;

/// <summary>
/// Accepting publishes <see cref="LateCorrectionAccepted"/> (Declarations records the new version and its amounts); either
/// way the entrepreneur gets an adviser message in the thread and the "new message" notice.
/// </summary>
internal sealed class DecideCorrectionHandler(NotificationsDbContext db, TimeProvider clock) : ICommandHandler<DecideCorrectionCommand, Result<CorrectionRequestResponse>>
{
    public async ValueTask<Result<CorrectionRequestResponse>> Handle(DecideCorrectionCommand command, CancellationToken cancellationToken)
    {
        var thread = await db.Threads.SingleOrDefaultAsync(t => t.Id == command.ThreadId, cancellationToken);
        var request = await db.LateCorrectionRequests.SingleOrDefaultAsync(r => r.Id == command.RequestId && r.ThreadId == command.ThreadId, cancellationToken);
        if (thread is null || request is null || request.Status != CorrectionStatus.Requested) return ThreadErrors.CorrectionNotFound;
        if (thread.Status == ThreadStatus.Closed) return ThreadErrors.Closed;

        var now = clock.GetUtcNow().UtcDateTime;
        request.Status = command.Accept ? CorrectionStatus.Accepted : CorrectionStatus.Refused;
        request.DecidedOnUtc = now;
        request.DecidedBy = command.Adviser;
        var message = new ThreadMessage
        {
            Id = Guid.CreateVersion7(), ThreadId = thread.Id, Author = MessageAuthor.Adviser, AdviserName = command.Adviser, SentOnUtc = now,
            Body = (command.Accept
                ? $"Votre demande de correction de la déclaration {request.Period} est acceptée : la déclaration corrigée et ses montants apparaissent dans votre espace."
                : $"Votre demande de correction de la déclaration {request.Period} n'est pas acceptée.")
                   + (string.IsNullOrWhiteSpace(command.Note) ? "" : " " + command.Note.Trim()),
        };
        db.ThreadMessages.Add(message);
        thread.AdviserWrote(command.Adviser, now);
        if (command.Accept)
            db.AddIntegrationEvent(new LateCorrectionAccepted(Guid.CreateVersion7(), now, request.Id, thread.Id, request.AccountId.Value, request.Period,
                CorrectionLines.Read(request.Lines), command.Adviser));
        await NewMessageNotice.QueueAsync(db, message.Id, thread.AccountId, now, cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken); // the decision, the message, the event and the notice together
        }
        catch (DbUpdateConcurrencyException)
        {
            return ThreadErrors.Changed;
        }

        return new CorrectionRequestResponse(request.Id, request.Period, request.Status.ToString().ToLowerInvariant(), request.RequestedOnUtc, now);
    }
}

internal sealed record AssignRequest(string Adviser);

internal sealed record DecisionRequest(string? Note);

/// <summary>The back-office side of secure messaging (operator authentication, as every <c>/api/v1/operator</c> route).</summary>
internal sealed class AdvisersEndpoint : ICarterModule
{
    private const string DefaultAdviser = "Conseiller Urssaf";

    /// <summary>The operator's name when the authentication gives one, otherwise a neutral signature.</summary>
    internal static string AdviserOf(ClaimsPrincipal user) =>
        user.Identity?.Name is { Length: > 0 } name ? name : user.FindFirstValue("name") is { Length: > 0 } n ? n : DefaultAdviser;

    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup($"{NotificationsRoutes.Operator}").WithTags(NotificationsRoutes.OperatorTag).RequireAuthorization(Policies.Operator);
        group.MapGet("/threads", async (ISender sender, CancellationToken ct, string? topic = null, bool includeAnswered = false) =>
                TypedResults.Ok(await sender.Send(new QueueQuery(topic, includeAnswered), ct)))
            .WithName("AdviserQueue")
            .WithSummary("The advisers' queue: threads waiting for a reply, longest wait first, optionally one topic; target reply time and overdue flag.")
            .Produces<IReadOnlyList<QueueItemResponse>>()
            .ProducesValidationProblem();

        group.MapGet("/threads/{threadId:guid}", async (Guid threadId, ISender sender, CancellationToken ct) =>
                (await sender.Send(new GetThreadQuery(threadId, null), ct)).ToOk())
            .WithName("AdviserGetThread")
            .WithSummary("A thread with its messages, attachments and correction requests.")
            .Produces<ThreadResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPut("/threads/{threadId:guid}/assignment", async (Guid threadId, AssignRequest body, ISender sender, CancellationToken ct) =>
                (await sender.Send(new AssignCommand(threadId, body.Adviser), ct)).ToNoContent())
            .WithName("AssignThread")
            .WithSummary("Assigns the thread to an adviser.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapPost("/threads/{threadId:guid}/messages", async (Guid threadId, HttpRequest request, ClaimsPrincipal user, ISender sender,
                AttachmentStore store, CancellationToken ct) =>
                await ThreadsEndpoint.PostAsync(threadId, null, AdviserOf(user), request, sender, store, ct))
            .WithName("AdviserReply")
            .WithSummary("Replies in a thread (multipart/form-data, as the entrepreneur's messages); the entrepreneur is told 'you have a new message' " +
                         "on the channels chosen for secure_messages, without the content.")
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(ThreadLimits.MaxRequestBytes))
            .Produces<PostedMessageResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        group.MapPost("/threads/{threadId:guid}/closure", async (Guid threadId, ISender sender, CancellationToken ct) =>
                (await sender.Send(new CloseCommand(threadId), ct)).ToNoContent())
            .WithName("CloseThread")
            .WithSummary("Closes the thread: no one can write in it any more (the entrepreneur opens a new one).")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/threads/{threadId:guid}/correction-requests/{requestId:guid}/acceptance", async (Guid threadId, Guid requestId, DecisionRequest? body,
                ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
                (await sender.Send(new DecideCorrectionCommand(threadId, requestId, true, AdviserOf(user), body?.Note), ct)).ToOk())
            .WithName("AcceptLateCorrection")
            .WithSummary("Accepts a late-correction request: Declarations records the corrected declaration as a 'late_correction' version and the " +
                         "difference in contributions flows to payments and compliance as any correction.")
            .Produces<CorrectionRequestResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapPost("/threads/{threadId:guid}/correction-requests/{requestId:guid}/refusal", async (Guid threadId, Guid requestId, DecisionRequest? body,
                ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
                (await sender.Send(new DecideCorrectionCommand(threadId, requestId, false, AdviserOf(user), body?.Note), ct)).ToOk())
            .WithName("RefuseLateCorrection")
            .WithSummary("Refuses a late-correction request, with a note to the entrepreneur.")
            .Produces<CorrectionRequestResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapGet("/attachments/{attachmentId:guid}", async (Guid attachmentId, ISender sender, CancellationToken ct) =>
                ThreadsEndpoint.Serve(await sender.Send(new GetAttachmentQuery(attachmentId, null), ct)))
            .WithName("AdviserGetAttachment")
            .WithSummary("A file of any thread, for advisers (download, nosniff).")
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
