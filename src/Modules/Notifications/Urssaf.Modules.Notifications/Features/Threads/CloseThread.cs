using System.Globalization;
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

internal sealed class CloseThreadEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        app.MapPost($"{NotificationsRoutes.Operator}/threads/{{threadId:guid}}/closure", async (Guid threadId, ISender sender, CancellationToken ct) =>
                (await sender.Send(new CloseCommand(threadId), ct)).ToNoContent())
            .WithName("CloseThread")
            .WithTags(NotificationsRoutes.OperatorTag)
            .RequireAuthorization(Policies.Operator)
            .WithSummary("Closes the thread: no one can write in it any more (the entrepreneur opens a new one).")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}
