using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Infrastructure.Messaging;
using Urssaf.SharedKernel.Results;

namespace Urssaf.Api;

/// <summary>The operator's view of the messaging queues, which belong to no module: dead letters listed and replayed (ADR 0121).</summary>
internal static class OperatorMessagingEndpoints
{
    private const string Root = "/api/v1/operator/dead-letters";
    private const int MaxPerModule = 200;

    public static IEndpointRouteBuilder MapOperatorMessaging(this IEndpointRouteBuilder app)
    {
        app.MapGet(Root, async (IEnumerable<IModuleMessaging> modules, CancellationToken ct) =>
            {
                var all = new List<DeadLetterResponse>();
                foreach (var module in modules.OrderBy(m => m.Module, StringComparer.Ordinal))
                    all.AddRange((await module.ListDeadLettersAsync(MaxPerModule, ct)).Select(DeadLetterResponse.From));
                return TypedResults.Ok(all);
            })
            .WithName("ListDeadLetters")
            .WithTags("Operator")
            .WithSummary("Messages that failed every attempt, per module (outbox or inbox), with their last error; at most 200 per module.")
            .RequireAuthorization(Policies.Operator)
            .Produces<List<DeadLetterResponse>>();

        app.MapPost($"{Root}/{{module}}/{{messageId:guid}}/replay", async (string module, Guid messageId, IEnumerable<IModuleMessaging> modules, CancellationToken ct) =>
            {
                if (modules.SingleOrDefault(m => m.Module == module) is not { } messaging)
                    return Error.NotFound("messaging.module.not_found", $"There is no module '{module}'.").ToProblem();
                return await messaging.ReplayDeadLetterAsync(messageId, ct) switch
                {
                    ReplayOutcome.Replayed => TypedResults.Ok(new ReplayResponse(module, messageId, "replayed")),
                    ReplayOutcome.ContentErased => Error.Conflict("messaging.dead_letter.content_erased",
                        "This message carried a secret that was erased when it failed for good; it cannot be replayed (the user must ask again).").ToProblem(),
                    _ => Error.NotFound("messaging.dead_letter.not_found", "No dead letter with this id in this module (replayed already, or never dead).").ToProblem(),
                };
            })
            .WithName("ReplayDeadLetter")
            .WithTags("Operator")
            .WithSummary("Gives one dead letter a fresh set of attempts, due now, after the cause was fixed.")
            .RequireAuthorization(Policies.Operator)
            .Produces<ReplayResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    /// <summary><c>/health/ready</c> as JSON: the overall status, and each check with its description and data (dead letters per module).</summary>
    public static Task WriteHealth(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(context.Response.Body, new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description, data = e.Value.Data }),
        }, cancellationToken: context.RequestAborted);
    }

    public static HealthCheckOptions ReadyOptions => new() { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = WriteHealth };
}

internal sealed record DeadLetterResponse(string Module, string Queue, Guid MessageId, string Type, int Attempts, string? LastError, bool Replayable)
{
    public static DeadLetterResponse From(DeadLetter d) => new(d.Module, d.Queue, d.MessageId, d.Type, d.Attempts, d.LastError, !d.ContentErased);
}

internal sealed record ReplayResponse(string Module, Guid MessageId, string Status);
