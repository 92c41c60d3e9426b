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

/// <summary>ASVS 5.4.1/5.4.2: always a download, with an RFC 6266 encoded name, never sniffed, never cached.</summary>
internal sealed class DownloadResult(AttachmentFile file) : IResult
{
    public static IResult Serve(Result<AttachmentFile> found) => found.IsSuccess ? new DownloadResult(found.Value) : found.Error!.ToProblem();

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

internal sealed class GetAttachmentEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        app.MapGet($"{NotificationsRoutes.Root}/attachments/{{attachmentId:guid}}", async (Guid attachmentId, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
                DownloadResult.Serve(await sender.Send(new GetAttachmentQuery(attachmentId, user.GetAccountId()), ct)))
            .WithName("GetAttachment")
            .WithTags("Secure messaging")
            .RequireAuthorization(Policies.AccountHolder)
            .WithSummary("A file of the account's threads, as a download (Content-Disposition: attachment; nosniff).")
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream")
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapGet($"{NotificationsRoutes.Operator}/attachments/{{attachmentId:guid}}", async (Guid attachmentId, ISender sender, CancellationToken ct) =>
                DownloadResult.Serve(await sender.Send(new GetAttachmentQuery(attachmentId, null), ct)))
            .WithName("AdviserGetAttachment")
            .WithTags(NotificationsRoutes.OperatorTag)
            .RequireAuthorization(Policies.Operator)
            .WithSummary("A file of any thread, for advisers (download, nosniff).")
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
