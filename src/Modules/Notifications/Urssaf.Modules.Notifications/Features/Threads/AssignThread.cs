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

internal sealed record AssignRequest(string Adviser);

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

internal sealed class AssignThreadEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        app.MapPut($"{NotificationsRoutes.Operator}/threads/{{threadId:guid}}/assignment", async (Guid threadId, AssignRequest body, ISender sender, CancellationToken ct) =>
                (await sender.Send(new AssignCommand(threadId, body.Adviser), ct)).ToNoContent())
            .WithName("AssignThread")
            .WithTags(NotificationsRoutes.OperatorTag)
            .RequireAuthorization(Policies.Operator)
            .WithSummary("Assigns the thread to an adviser.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }
}
