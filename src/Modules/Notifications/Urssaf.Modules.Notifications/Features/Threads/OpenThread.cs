using System.Globalization;
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

internal sealed record OpenThreadRequest(string Topic, string Subject, string Body);

internal sealed record OpenThreadResponse(Guid ThreadId);

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

internal sealed class OpenThreadEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        app.MapPost($"{NotificationsRoutes.Root}/threads", async (OpenThreadRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
            {
                var result = await sender.Send(new OpenThreadCommand(user.GetAccountId(), body.Topic, body.Subject, body.Body), ct);
                return result.IsSuccess
                    ? TypedResults.Created($"{NotificationsRoutes.Root}/threads/{result.Value}", new OpenThreadResponse(result.Value))
                    : result.Error!.ToProblem();
            })
            .WithName("OpenThread")
            .WithTags("Secure messaging")
            .RequireAuthorization(Policies.AccountHolder)
            .WithSummary("Opens a thread with Urssaf advisers: topic (declaration, payment, attestation, account, other), subject and first message.")
            .Produces<OpenThreadResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem();
    }
}
