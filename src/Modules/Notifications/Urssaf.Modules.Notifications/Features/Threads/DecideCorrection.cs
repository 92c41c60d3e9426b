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

internal sealed record DecisionRequest(string? Note);

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

internal sealed class DecideCorrectionEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        app.MapPost($"{NotificationsRoutes.Operator}/threads/{{threadId:guid}}/correction-requests/{{requestId:guid}}/acceptance", async (Guid threadId, Guid requestId,
                DecisionRequest? body, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
                (await sender.Send(new DecideCorrectionCommand(threadId, requestId, true, Advisers.AdviserOf(user), body?.Note), ct)).ToOk())
            .WithName("AcceptLateCorrection")
            .WithTags(NotificationsRoutes.OperatorTag)
            .RequireAuthorization(Policies.Operator)
            .WithSummary("Accepts a late-correction request: Declarations records the corrected declaration as a 'late_correction' version and the " +
                         "difference in contributions flows to payments and compliance as any correction.")
            .Produces<CorrectionRequestResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        app.MapPost($"{NotificationsRoutes.Operator}/threads/{{threadId:guid}}/correction-requests/{{requestId:guid}}/refusal", async (Guid threadId, Guid requestId,
                DecisionRequest? body, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
                (await sender.Send(new DecideCorrectionCommand(threadId, requestId, false, Advisers.AdviserOf(user), body?.Note), ct)).ToOk())
            .WithName("RefuseLateCorrection")
            .WithTags(NotificationsRoutes.OperatorTag)
            .RequireAuthorization(Policies.Operator)
            .WithSummary("Refuses a late-correction request, with a note to the entrepreneur.")
            .Produces<CorrectionRequestResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }
}
