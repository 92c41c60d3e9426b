using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Infrastructure.Mediation;

namespace Urssaf.Api;

/// <summary>
/// Turns exceptions into problem documents: invalid input is a 400 (or 413) with the offending fields,
/// anything else a 500 without internals (ADR 0009). Active in every environment.
/// </summary>
internal sealed class ProblemDetailsExceptionHandler(IProblemDetailsService problems, ILogger<ProblemDetailsExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            RequestValidationException validation => FromValidation(validation),
            BadHttpRequestException bad => FromBadRequest(bad),
            JsonException json => Invalid("request.body.malformed", "The request body is not valid JSON.", json.Path, json.Message),
            OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested => null,
            _ => null,
        };

        if (problem is null)
        {
            if (httpContext.RequestAborted.IsCancellationRequested) return true;
            logger.LogError(exception, "Unhandled exception on {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
            problem = ProblemResults.Create(500, "server.error", "An unexpected error occurred.");
        }
        else
        {
            logger.LogInformation("Rejected {Method} {Path}: {Code}", httpContext.Request.Method, httpContext.Request.Path, problem.Extensions["code"]);
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    private static ProblemDetails FromValidation(RequestValidationException exception)
    {
        var fields = exception.Failures.GroupBy(f => CamelPath(f.PropertyName));
        var problem = new HttpValidationProblemDetails(fields.ToDictionary(g => g.Key, g => g.Select(f => f.ErrorMessage).Distinct().ToArray()))
        {
            Status = 400,
            Type = ProblemResults.TypeBase + "request.validation",
            Title = "The request is not valid.",
        };
        problem.Extensions["code"] = "request.validation";
        problem.Extensions["errorCodes"] = fields.ToDictionary(g => g.Key, g => g.Select(f => CodeOf(f, g.Key)).Distinct().ToArray());
        return problem;
    }

    private static ProblemDetails FromBadRequest(BadHttpRequestException exception)
    {
        if (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
            return ProblemResults.Create(413, "request.too_large", "The request body is too large.");
        if (exception.InnerException is JsonException json)
            return Invalid("request.body.malformed", "The request body is not valid for this operation.", json.Path, SafeJsonMessage(json));
        var code = exception.Message.Contains("body", StringComparison.OrdinalIgnoreCase) ? "request.body.missing" : "request.parameter.invalid";
        return ProblemResults.Create(exception.StatusCode is >= 400 and < 500 ? exception.StatusCode : 400, code, "The request is not valid.",
            exception.Message);
    }

    private static ProblemDetails Invalid(string code, string title, string? path, string detail)
    {
        var field = string.IsNullOrEmpty(path) || path == "$" ? "$" : path.TrimStart('$', '.');
        var problem = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [detail] })
        {
            Status = 400,
            Type = ProblemResults.TypeBase + code,
            Title = title,
        };
        problem.Extensions["code"] = code;
        problem.Extensions["errorCodes"] = new Dictionary<string, string[]> { [field] = [code] };
        return problem;
    }

    /// <summary>System.Text.Json messages name .NET types; keep the path and a neutral sentence.</summary>
    private static string SafeJsonMessage(JsonException json) => json.Message switch
    {
        var m when m.Contains("missing required properties", StringComparison.OrdinalIgnoreCase) => "A required field is missing.",
        var m when m.Contains("could not be mapped", StringComparison.OrdinalIgnoreCase) => "This field is not part of the contract.",
        var m when m.Contains("null", StringComparison.OrdinalIgnoreCase) => "This field may not be null.",
        _ => "This value does not have the expected type or format.",
    };

    /// <summary>A rule without its own code (FluentValidation's default names the validator) gets <c>request.&lt;field&gt;.invalid</c>.</summary>
    private static string CodeOf(FluentValidation.Results.ValidationFailure failure, string field) =>
        failure.ErrorCode is { Length: > 0 } code && code.Contains('.', StringComparison.Ordinal) ? code : $"request.{field}.invalid";

    private static string CamelPath(string path) =>
        string.Join('.', path.Split('.').Select(p => p.Length == 0 ? p : char.ToLowerInvariant(p[0]) + p[1..]));
}
