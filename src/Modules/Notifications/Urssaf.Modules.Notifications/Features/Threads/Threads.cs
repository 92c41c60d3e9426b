using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Urssaf.Modules.Notifications.Attachments;
using Urssaf.Modules.Notifications.Domain;
using Urssaf.Modules.Notifications.Features.DeliverMessages;
using Urssaf.Modules.Notifications.Persistence;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Results;
using Urssaf.Modules.Notifications.Features.Shared;

namespace Urssaf.Modules.Notifications.Features.Threads;

/// <summary>The <c>Notifications:Messaging</c> section.</summary>
internal sealed class MessagingOptions
{
    public const string Section = "Notifications:Messaging";

    /// <summary>The reply time advisers aim at, shown to the entrepreneur (a service commitment, not a legal delay).</summary>
    public int TargetReplyHours { get; set; } = 48;
}

internal sealed record AttachmentResponse(Guid AttachmentId, string FileName, long Size, string ContentType);

internal sealed record PostedMessageResponse(Guid MessageId, IReadOnlyList<AttachmentResponse> Attachments);

internal sealed record ThreadMessageResponse(Guid MessageId, string Author, string? AdviserName, string Body, DateTime SentAt, IReadOnlyList<AttachmentResponse> Attachments);

internal sealed record CorrectionRequestResponse(Guid RequestId, string Period, string Status, DateTime RequestedAt, DateTime? DecidedAt);

/// <summary>A thread as its owner and advisers see it; <see cref="TargetReplyBy"/> is set while a reply is owed.</summary>
internal sealed record ThreadResponse(Guid ThreadId, string Topic, string Subject, string Status, string? AssignedTo, DateTime OpenedAt, DateTime LastMessageAt,
    DateTime? TargetReplyBy, IReadOnlyList<ThreadMessageResponse> Messages, IReadOnlyList<CorrectionRequestResponse> CorrectionRequests);

/// <param name="Unread">Advisers' messages the owner has not yet seen (she opens the thread to read them).</param>
internal sealed record ThreadSummaryResponse(Guid ThreadId, string Topic, string Subject, string Status, DateTime OpenedAt, DateTime LastMessageAt, DateTime? TargetReplyBy,
    int Unread);

internal static class ThreadViews
{
    public static string Status(ThreadStatus status) => status switch
    {
        ThreadStatus.AwaitingAdviser => "awaiting_adviser",
        ThreadStatus.Answered => "answered",
        _ => "closed",
    };

    public static DateTime? TargetReplyBy(SecureThread t, MessagingOptions options) => t.AwaitingSinceUtc?.AddHours(options.TargetReplyHours);

    public static async Task<ThreadResponse> LoadAsync(NotificationsDbContext db, SecureThread t, MessagingOptions options, CancellationToken ct)
    {
        var messages = await db.ThreadMessages.AsNoTracking().Where(m => m.ThreadId == t.Id).OrderBy(m => m.SentOnUtc).ThenBy(m => m.Id).ToListAsync(ct);
        var attachments = (await db.ThreadAttachments.AsNoTracking().Where(a => a.ThreadId == t.Id).ToListAsync(ct)).ToLookup(a => a.MessageId);
        var corrections = await db.LateCorrectionRequests.AsNoTracking().Where(r => r.ThreadId == t.Id).OrderBy(r => r.RequestedOnUtc).ToListAsync(ct);
        return new ThreadResponse(t.Id, t.Topic, t.Subject, Status(t.Status), t.AssignedTo, t.OpenedOnUtc, t.LastMessageOnUtc, TargetReplyBy(t, options),
            [.. messages.Select(m => new ThreadMessageResponse(m.Id, m.Author == MessageAuthor.Adviser ? "adviser" : "entrepreneur", m.AdviserName, m.Body, m.SentOnUtc,
                [.. attachments[m.Id].Select(Attachment)]))],
            [.. corrections.Select(r => new CorrectionRequestResponse(r.Id, r.Period, r.Status.ToString().ToLowerInvariant(), r.RequestedOnUtc, r.DecidedOnUtc))]);
    }

    public static AttachmentResponse Attachment(ThreadAttachment a) => new(a.Id, a.FileName, a.Size, a.ContentType);
}

// ---- open a thread

internal sealed record OpenThreadCommand(AccountId AccountId, string Topic, string Subject, string Body) : ICommand<Result<Guid>>;

internal sealed class OpenThreadValidator : AbstractValidator<OpenThreadCommand>
{
    public OpenThreadValidator()
    {
        RuleFor(c => c.Topic).Must(t => t is not null && ThreadTopics.All.Contains(t)).WithErrorCode("notifications.thread.topic_unknown")
            .WithMessage("The topic is one of declaration, payment, attestation, account, other.");
        RuleFor(c => c.Subject).NotEmpty().WithErrorCode("notifications.thread.subject_required")
            .MaximumLength(ThreadLimits.MaxSubjectLength).WithErrorCode("notifications.thread.subject_too_long");
        RuleFor(c => c.Body).Must(b => !string.IsNullOrWhiteSpace(b)).WithErrorCode("notifications.message.body_required").WithMessage("The message text is empty.")
            .MaximumLength(ThreadLimits.MaxBodyLength).WithErrorCode("notifications.message.body_too_long");
    }
}

internal sealed class OpenThreadHandler(NotificationsDbContext db, TimeProvider clock) : ICommandHandler<OpenThreadCommand, Result<Guid>>
{
    public async ValueTask<Result<Guid>> Handle(OpenThreadCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var thread = SecureThread.Open(command.AccountId, command.Topic, command.Subject.Trim(), now);
        db.Threads.Add(thread);
        db.ThreadMessages.Add(new ThreadMessage { Id = Guid.CreateVersion7(), ThreadId = thread.Id, Author = MessageAuthor.Entrepreneur, Body = command.Body.Trim(), SentOnUtc = now });
        await db.SaveChangesAsync(cancellationToken); // thread and first message together
        return thread.Id;
    }
}

// ---- post a message (entrepreneur or adviser)

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

internal sealed record AttachmentFile(string Path, string FileName, string ContentType);

/// <summary>A file, for its thread's owner (<see cref="AccountId"/> set) or an adviser (null); another account gets 404.</summary>
internal sealed record GetAttachmentQuery(Guid AttachmentId, AccountId? AccountId) : IQuery<Result<AttachmentFile>>;

internal sealed class GetAttachmentHandler(NotificationsDbContext db, AttachmentStore store) : IQueryHandler<GetAttachmentQuery, Result<AttachmentFile>>
{
    public async ValueTask<Result<AttachmentFile>> Handle(GetAttachmentQuery query, CancellationToken cancellationToken)
    {
        var found = await (from a in db.ThreadAttachments
                           join t in db.Threads on a.ThreadId equals t.Id
                           where a.Id == query.AttachmentId
                           select new { Attachment = a, t.AccountId }).AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        if (found is null || (query.AccountId is { } account && found.AccountId != account)) return ThreadErrors.AttachmentNotFound;
        return new AttachmentFile(store.PathOf(found.Attachment), found.Attachment.FileName, found.Attachment.ContentType);
    }
}
