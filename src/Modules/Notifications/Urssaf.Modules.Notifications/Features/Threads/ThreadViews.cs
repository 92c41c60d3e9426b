using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
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

internal static class CorrectionLines
{
    public static string Write(IEnumerable<CorrectionLineRequest> lines) =>
        string.Join(';', lines.Select(l => $"{l.Category}:{l.Turnover.ToString(CultureInfo.InvariantCulture)}"));

    public static IReadOnlyList<LateCorrectionLine> Read(string text) =>
        [.. text.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split(':'))
            .Select(p => new LateCorrectionLine(Enum.Parse<ActivityCategory>(p[0]), long.Parse(p[1], CultureInfo.InvariantCulture)))];

    public static string Describe(IEnumerable<CorrectionLineRequest> lines) =>
        string.Join(", ", lines.Select(l => $"{System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(l.Category.ToString())} : {l.Turnover.ToString("N0", CultureInfo.GetCultureInfo("fr-FR"))} €"));
}

/// <summary>The back-office side of secure messaging (operator authentication, as every <c>/api/v1/operator</c> route).</summary>
internal static class Advisers
{
    private const string DefaultAdviser = "Conseiller Urssaf";

    /// <summary>The operator's name when the authentication gives one, otherwise a neutral signature.</summary>
    public static string AdviserOf(ClaimsPrincipal user) =>
        user.Identity?.Name is { Length: > 0 } name ? name : user.FindFirstValue("name") is { Length: > 0 } n ? n : DefaultAdviser;
}
