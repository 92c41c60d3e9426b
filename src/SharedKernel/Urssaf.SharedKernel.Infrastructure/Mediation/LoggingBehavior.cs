using System.Diagnostics;
using Mediator;
using Microsoft.Extensions.Logging;
using Urssaf.SharedKernel.Results;

namespace Urssaf.SharedKernel.Infrastructure.Mediation;

/// <summary>
/// Logs each message by type name, duration and outcome code. Never the message itself: commands carry
/// passwords, NIRs and IBANs.
/// </summary>
public sealed class LoggingBehavior<TMessage, TResponse>(ILogger<LoggingBehavior<TMessage, TResponse>> logger)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await next(message, cancellationToken);
            if (logger.IsEnabled(LogLevel.Debug))
            {
                var code = ErrorCodeOf(response);
                logger.LogDebug("{Message} handled in {ElapsedMs:0.0} ms{Outcome}", typeof(TMessage).Name,
                    Stopwatch.GetElapsedTime(started).TotalMilliseconds, code is null ? "" : $" with {code}");
            }

            return response;
        }
        catch (Exception ex) when (ex is not RequestValidationException and not OperationCanceledException)
        {
            logger.LogError(ex, "{Message} failed after {ElapsedMs:0.0} ms", typeof(TMessage).Name, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            throw;
        }
    }

    private static string? ErrorCodeOf(TResponse response) => response switch
    {
        Result r => r.Error?.Code,
        _ when response is not null && response.GetType().IsGenericType && response.GetType().GetGenericTypeDefinition() == typeof(Result<>)
            => ((Error?)response.GetType().GetProperty(nameof(Result.Error))!.GetValue(response))?.Code,
        _ => null,
    };
}
