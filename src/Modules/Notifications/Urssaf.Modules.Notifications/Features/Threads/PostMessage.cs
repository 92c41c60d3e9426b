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

/// <summary>Adds a message with its checked files; <see cref="AccountId"/> is null when an adviser writes.</summary>
internal sealed record PostMessageCommand(Guid ThreadId, AccountId? AccountId, string? AdviserName, MessageUpload Upload) : ICommand<Result<PostedMessageResponse>>;

/// <summary>Finds a thread its caller may write to, before its upload is read.</summary>
internal sealed record WritableThreadQuery(Guid ThreadId, AccountId? AccountId) : IQuery<Result<Guid>>;

internal sealed class WritableThreadHandler(NotificationsDbContext db) : IQueryHandler<WritableThreadQuery, Result<Guid>>
{
    public async ValueTask<Result<Guid>> Handle(WritableThreadQuery query, CancellationToken cancellationToken)
    {
        var thread = await db.Threads.AsNoTracking().SingleOrDefaultAsync(t => t.Id == query.ThreadId, cancellationToken);
        if (thread is null || (query.AccountId is { } account && thread.AccountId != account)) return ThreadErrors.NotFound;
        return thread.Status == ThreadStatus.Closed ? ThreadErrors.Closed : thread.Id;
    }
}

internal sealed class PostMessageHandler(NotificationsDbContext db, AttachmentStore store, TimeProvider clock)
    : ICommandHandler<PostMessageCommand, Result<PostedMessageResponse>>
{
    public async ValueTask<Result<PostedMessageResponse>> Handle(PostMessageCommand command, CancellationToken cancellationToken)
    {
        var thread = await db.Threads.SingleOrDefaultAsync(t => t.Id == command.ThreadId, cancellationToken);
        if (thread is null || (command.AccountId is { } account && thread.AccountId != account)) return ThreadErrors.NotFound;
        if (thread.Status == ThreadStatus.Closed) return ThreadErrors.Closed;

        var now = clock.GetUtcNow().UtcDateTime;
        var message = new ThreadMessage
        {
            Id = Guid.CreateVersion7(), ThreadId = thread.Id, Body = command.Upload.Body, SentOnUtc = now,
            Author = command.AccountId is null ? MessageAuthor.Adviser : MessageAuthor.Entrepreneur, AdviserName = command.AdviserName,
        };
        db.ThreadMessages.Add(message);
        if (command.AccountId is null)
        {
            thread.AdviserWrote(command.AdviserName, now);
            await NewMessageNotice.QueueAsync(db, message.Id, thread.AccountId, now, cancellationToken);
        }
        else thread.EntrepreneurWrote(now);

        var committed = new List<string>();
        var attachments = new List<ThreadAttachment>();
        try
        {
            foreach (var file in command.Upload.Files)
            {
                var id = Guid.CreateVersion7();
                var name = store.Commit(file, id, now);
                committed.Add(name);
                attachments.Add(new ThreadAttachment
                {
                    Id = id, ThreadId = thread.Id, MessageId = message.Id, FileName = file.FileName, ContentType = file.ContentType, Size = file.Size,
                    Sha256 = file.Sha256, StorageName = name,
                });
            }

            db.ThreadAttachments.AddRange(attachments);
            await db.SaveChangesAsync(cancellationToken); // message, files' rows, thread state and the notice together
        }
        catch (Exception ex)
        {
            foreach (var name in committed) store.Remove(name); // no file without its row
            db.ChangeTracker.Clear();
            if (ex is DbUpdateConcurrencyException) return ThreadErrors.Changed;
            throw;
        }

        return new PostedMessageResponse(message.Id, [.. attachments.Select(ThreadViews.Attachment)]);
    }
}

/// <summary>"You have a new message", on the channels chosen for secure messages, never with the content (ADR 0100).</summary>
internal static class NewMessageNotice
{
    public static async Task QueueAsync(NotificationsDbContext db, Guid messageId, AccountId account, DateTime now, CancellationToken ct)
    {
        var contact = await db.Contacts.AsNoTracking().SingleOrDefaultAsync(c => c.AccountId == account, ct);
        if (contact is null) return; // an account Notifications does not know yet has nobody to tell
        await Queue.AddForTopicAsync(db, messageId, account, Topics.SecureMessages, contact.Email, Templates.NewSecureMessage(contact.FirstName), now, ct);
    }
}

// ---- read

internal static class PostMessageRoute
{
    /// <summary>Both routes' answer: the thread is checked before the upload is read, then again when the message is written.</summary>
    public static async Task<IResult> PostAsync(Guid threadId, AccountId? account, string? adviser, HttpRequest request, ISender sender, AttachmentStore store,
        CancellationToken ct)
    {
        var writable = await sender.Send(new WritableThreadQuery(threadId, account), ct);
        if (!writable.IsSuccess) return writable.Error!.ToProblem();
        var upload = await store.ReadAsync(request, ct);
        if (!upload.IsSuccess) return upload.Error!.ToThreadProblem();
        using var message = upload.Value;
        var posted = await sender.Send(new PostMessageCommand(threadId, account, adviser, message), ct);
        return posted.IsSuccess
            ? TypedResults.Created($"{NotificationsRoutes.Root}/threads/{threadId}", posted.Value)
            : posted.Error!.ToProblem();
    }
}

internal sealed class PostMessageEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        app.MapPost($"{NotificationsRoutes.Root}/threads/{{threadId:guid}}/messages", async (Guid threadId, HttpRequest request, ClaimsPrincipal user, ISender sender,
                AttachmentStore store, CancellationToken ct) =>
                await PostMessageRoute.PostAsync(threadId, user.GetAccountId(), null, request, sender, store, ct))
            .WithName("PostThreadMessage")
            .WithTags("Secure messaging")
            .RequireAuthorization(Policies.AccountHolder)
            .WithSummary("Adds a message: multipart/form-data with 'body' and up to 5 'files' (PDF, JPEG or PNG, 10 MB each, checked on their content).")
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(ThreadLimits.MaxRequestBytes))
            .Produces<PostedMessageResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        app.MapPost($"{NotificationsRoutes.Operator}/threads/{{threadId:guid}}/messages", async (Guid threadId, HttpRequest request, ClaimsPrincipal user, ISender sender,
                AttachmentStore store, CancellationToken ct) =>
                await PostMessageRoute.PostAsync(threadId, null, Advisers.AdviserOf(user), request, sender, store, ct))
            .WithName("AdviserReply")
            .WithTags(NotificationsRoutes.OperatorTag)
            .RequireAuthorization(Policies.Operator)
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
    }
}
