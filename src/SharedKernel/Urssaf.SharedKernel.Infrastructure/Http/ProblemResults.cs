using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Urssaf.SharedKernel.Results;

namespace Urssaf.SharedKernel.Infrastructure.Http;

/// <summary>RFC 9457 problem documents with the stable <c>code</c> extension (ADR 0009).</summary>
public static class ProblemResults
{
    public const string TypeBase = "https://errors.urssaf-account.fr/";

    public static int StatusOf(ErrorKind kind) => kind switch
    {
        ErrorKind.Validation => StatusCodes.Status400BadRequest,
        ErrorKind.Unauthorized => StatusCodes.Status401Unauthorized,
        ErrorKind.Forbidden => StatusCodes.Status403Forbidden,
        ErrorKind.NotFound => StatusCodes.Status404NotFound,
        ErrorKind.Conflict => StatusCodes.Status409Conflict,
        ErrorKind.PreconditionFailed => StatusCodes.Status412PreconditionFailed,
        ErrorKind.BusinessRule => StatusCodes.Status422UnprocessableEntity,
        ErrorKind.TooManyRequests => StatusCodes.Status429TooManyRequests,
        _ => StatusCodes.Status500InternalServerError,
    };

    public static ProblemDetails Create(int status, string code, string title, string? detail = null) => new()
    {
        Status = status,
        Type = TypeBase + code,
        Title = title,
        Detail = detail,
        Extensions = { ["code"] = code },
    };

    public static IResult ToProblem(this Error error)
    {
        var status = StatusOf(error.Kind);
        ProblemDetails problem;
        if (error.Kind == ErrorKind.Validation && error.Field is not null)
        {
            problem = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [error.Field] = [error.Message] })
            {
                Status = status,
                Type = TypeBase + error.Code,
                Title = "The request is not valid.",
                Detail = error.Message,
                Extensions =
                {
                    ["code"] = error.Code,
                    ["errorCodes"] = new Dictionary<string, string[]> { [error.Field] = [error.Code] },
                },
            };
        }
        else
        {
            problem = Create(status, error.Code, error.Message);
        }

        if (error.Details is not null)
            foreach (var (key, value) in error.Details) problem.Extensions[key] = value;
        var result = TypedResults.Problem(problem);
        return error.Kind == ErrorKind.TooManyRequests && error.Details?.GetValueOrDefault(Error.RetryAfterDetail) is DateTime until
            ? new RetryAfterResult(result, until)
            : result;
    }

    /// <summary>A 429 with <c>Retry-After</c> in whole seconds (at least 1), counted from the service's clock when it is sent.</summary>
    private sealed class RetryAfterResult(IResult inner, DateTime until) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var now = (httpContext.RequestServices.GetService(typeof(TimeProvider)) as TimeProvider ?? TimeProvider.System).GetUtcNow().UtcDateTime;
            httpContext.Response.Headers.RetryAfter =
                Math.Max(1, (int)Math.Ceiling((until - now).TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return inner.ExecuteAsync(httpContext);
        }
    }

    /// <summary>A route that takes no body refuses one (a malformed request is a 400, never silently ignored).</summary>
    public static bool HasBody(HttpContext http) =>
        http.Request.ContentLength > 0 || (http.Request.ContentLength is null && http.Request.Headers.TransferEncoding.Count > 0);

    public static IResult BodyNotExpected() => Problem(StatusCodes.Status400BadRequest, "request.body_not_expected", "This operation takes no request body.");

    public static ProblemHttpResult Problem(int status, string code, string title, string? detail = null) =>
        TypedResults.Problem(Create(status, code, title, detail));
}

/// <summary>Maps results to HTTP: success to 200/204, failures to problem documents.</summary>
public static class ResultHttpExtensions
{
    public static IResult ToOk<T>(this Result<T> result) =>
        result.IsSuccess ? TypedResults.Ok(result.Value) : result.Error!.ToProblem();

    public static IResult ToNoContent(this Result result) =>
        result.IsSuccess ? TypedResults.NoContent() : result.Error!.ToProblem();

    /// <summary>Adds an <c>ETag</c> to a result (kept when an idempotent response is stored and replayed).</summary>
    public static IResult WithETag(this IResult result, string etag) => new WithHeaderResult(result, "ETag", etag);

    private sealed class WithHeaderResult(IResult inner, string name, string value) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers[name] = value;
            return inner.ExecuteAsync(httpContext);
        }
    }
}
