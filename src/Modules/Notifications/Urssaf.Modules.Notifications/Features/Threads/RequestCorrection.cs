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

internal sealed record CorrectionLineRequest(ActivityCategory Category, long Turnover);

internal sealed record RequestCorrectionRequest(string Period, IReadOnlyList<CorrectionLineRequest> Lines, string Reason);

internal sealed record RequestCorrectionCommand(Guid ThreadId, AccountId AccountId, string Period, IReadOnlyList<CorrectionLineRequest> Lines, string Reason)
    : ICommand<Result<CorrectionRequestResponse>>;

internal sealed partial class RequestCorrectionValidator : AbstractValidator<RequestCorrectionCommand>
{
    public RequestCorrectionValidator()
    {
        RuleFor(c => c.Period).Must(p => p is not null && PeriodPattern().IsMatch(p)).WithErrorCode("notifications.correction.period_invalid")
            .WithMessage("The period is a month (2026-03) or a quarter (2026-Q1).");
        RuleFor(c => c.Lines).NotNull().WithErrorCode("notifications.correction.lines_invalid")
            .Must(l => l is null || (l.Count is > 0 and <= 3 && l.All(x => Enum.IsDefined(x.Category) && x.Turnover is >= 0 and <= 100_000_000)
                                     && l.Select(x => x.Category).Distinct().Count() == l.Count))
            .WithErrorCode("notifications.correction.lines_invalid")
            .WithMessage("One to three lines, one per activity category, with a whole-euro turnover of zero or more.");
        RuleFor(c => c.Reason).Must(r => !string.IsNullOrWhiteSpace(r)).WithErrorCode("notifications.correction.reason_required")
            .WithMessage("Say why the declaration must be corrected.").MaximumLength(2000).WithErrorCode("notifications.correction.reason_required");
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^\d{4}-(0[1-9]|1[0-2]|Q[1-4])$")]
    private static partial System.Text.RegularExpressions.Regex PeriodPattern();
}

/// <summary>
/// A correction of a period whose deadline has passed can no longer be filed by the entrepreneur (CSS R613-9 closes the
/// period at its due date); they ask for it in a "declaration" thread, and an adviser accepts or refuses it.
/// </summary>
internal sealed class RequestCorrectionHandler(NotificationsDbContext db, ISender sender, TimeProvider clock)
    : ICommandHandler<RequestCorrectionCommand, Result<CorrectionRequestResponse>>
{
    public async ValueTask<Result<CorrectionRequestResponse>> Handle(RequestCorrectionCommand command, CancellationToken cancellationToken)
    {
        var thread = await db.Threads.SingleOrDefaultAsync(t => t.Id == command.ThreadId && t.AccountId == command.AccountId, cancellationToken);
        if (thread is null) return ThreadErrors.NotFound;
        if (thread.Status == ThreadStatus.Closed) return ThreadErrors.Closed;
        if (thread.Topic != ThreadTopics.Declaration) return ThreadErrors.NoCorrectionOnTopic;
        var deadline = await sender.Send(new GetDeclarationDeadline(command.AccountId.Value, command.Period), cancellationToken);
        if (deadline is null) return ThreadErrors.CorrectionNotFiled;
        var now = clock.GetUtcNow().UtcDateTime;
        if (now <= deadline) return ThreadErrors.CorrectionNotLate;
        if (await db.LateCorrectionRequests.AnyAsync(r => r.AccountId == command.AccountId && r.Period == command.Period && r.Status == CorrectionStatus.Requested,
                cancellationToken))
            return ThreadErrors.CorrectionPending;

        var request = new LateCorrectionRequest
        {
            Id = Guid.CreateVersion7(), ThreadId = thread.Id, AccountId = command.AccountId, Period = command.Period, Reason = command.Reason.Trim(),
            Lines = CorrectionLines.Write(command.Lines), Status = CorrectionStatus.Requested, RequestedOnUtc = now,
        };
        db.LateCorrectionRequests.Add(request);
        db.ThreadMessages.Add(new ThreadMessage
        {
            Id = Guid.CreateVersion7(), ThreadId = thread.Id, Author = MessageAuthor.Entrepreneur, SentOnUtc = now,
            Body = $"Demande de correction de la déclaration {command.Period} ({CorrectionLines.Describe(command.Lines)}) : {request.Reason}",
        });
        thread.EntrepreneurWrote(now);
        await db.SaveChangesAsync(cancellationToken);
        return new CorrectionRequestResponse(request.Id, request.Period, "requested", now, null);
    }
}

internal sealed class CorrectionRequestEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapPost($"{NotificationsRoutes.Root}/threads/{{threadId:guid}}/correction-requests", async (Guid threadId, RequestCorrectionRequest body,
                ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
            {
                var result = await sender.Send(new RequestCorrectionCommand(threadId, user.GetAccountId(), body.Period, body.Lines, body.Reason), ct);
                return result.IsSuccess
                    ? TypedResults.Created($"{NotificationsRoutes.Root}/threads/{threadId}", result.Value)
                    : result.Error!.ToProblem();
            })
            .WithName("RequestLateCorrection")
            .WithTags("Secure messaging")
            .WithSummary("In a 'declaration' thread: asks to correct a filed declaration whose due date has passed (lines: category and whole-euro " +
                         "turnover); an adviser accepts or refuses it.")
            .RequireAuthorization(Policies.AccountHolder)
            .Produces<CorrectionRequestResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
