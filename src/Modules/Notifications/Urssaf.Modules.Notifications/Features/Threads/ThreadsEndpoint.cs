using System.Security.Claims;
using Carter;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;
using Urssaf.Modules.Notifications.Attachments;
using Urssaf.Modules.Notifications.Domain;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Results;

namespace Urssaf.Modules.Notifications.Features.Threads;

internal sealed record OpenThreadRequest(string Topic, string Subject, string Body);

internal sealed record OpenThreadResponse(Guid ThreadId);

internal sealed class ThreadsEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup($"{NotificationsRoutes.Root}").WithTags("Secure messaging").RequireAuthorization(Policies.AccountHolder);
        group.MapPost("/threads", async (OpenThreadRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
            {
                var result = await sender.Send(new OpenThreadCommand(user.GetAccountId(), body.Topic, body.Subject, body.Body), ct);
                return result.IsSuccess
                    ? TypedResults.Created($"{NotificationsRoutes.Root}/threads/{result.Value}", new OpenThreadResponse(result.Value))
                    : result.Error!.ToProblem();
            })
            .WithName("OpenThread")
            .WithSummary("Opens a thread with Urssaf advisers: topic (declaration, payment, attestation, account, other), subject and first message.")
            .Produces<OpenThreadResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem();

        group.MapPost("/threads/{threadId:guid}/messages", async (Guid threadId, HttpRequest request, ClaimsPrincipal user, ISender sender,
                AttachmentStore store, CancellationToken ct) =>
                await PostAsync(threadId, user.GetAccountId(), null, request, sender, store, ct))
            .WithName("PostThreadMessage")
            .WithSummary("Adds a message: multipart/form-data with 'body' and up to 5 'files' (PDF, JPEG or PNG, 10 MB each, checked on their content).")
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(ThreadLimits.MaxRequestBytes))
            .Produces<PostedMessageResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        group.MapGet("/threads", async (ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new ListThreadsQuery(user.GetAccountId()), ct)))
            .WithName("ListThreads")
            .WithSummary("The account's threads, latest activity first, with the target reply time while a reply is owed.")
            .Produces<IReadOnlyList<ThreadSummaryResponse>>();

        group.MapGet("/threads/{threadId:guid}", async (Guid threadId, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
                (await sender.Send(new GetThreadQuery(threadId, user.GetAccountId()), ct)).ToOk())
            .WithName("GetThread")
            .WithSummary("A thread with its messages, their attachments and any late-correction request.")
            .Produces<ThreadResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/attachments/{attachmentId:guid}", async (Guid attachmentId, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
                Serve(await sender.Send(new GetAttachmentQuery(attachmentId, user.GetAccountId()), ct)))
            .WithName("GetAttachment")
            .WithSummary("A file of the account's threads, as a download (Content-Disposition: attachment; nosniff).")
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    /// <summary>Shared with the adviser route: the thread is checked before the upload is read, then again when the message is written.</summary>
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

    /// <summary>ASVS 5.4.1/5.4.2: always a download, with an RFC 6266 encoded name, never sniffed, never cached.</summary>
    public static IResult Serve(Result<AttachmentFile> found)
    {
        if (!found.IsSuccess) return found.Error!.ToProblem();
        var file = found.Value;
        return new DownloadResult(file);
    }

    private sealed class DownloadResult(AttachmentFile file) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var disposition = new ContentDispositionHeaderValue("attachment");
            disposition.SetHttpFileName(file.FileName); // ASCII fallback plus filename*=UTF-8''…
            httpContext.Response.Headers.ContentDisposition = disposition.ToString();
            httpContext.Response.Headers.XContentTypeOptions = "nosniff";
            httpContext.Response.Headers.CacheControl = "no-store";
            return TypedResults.PhysicalFile(file.Path, file.ContentType).ExecuteAsync(httpContext);
        }
    }
}
