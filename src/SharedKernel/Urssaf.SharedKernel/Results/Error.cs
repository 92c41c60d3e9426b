namespace Urssaf.SharedKernel.Results;

/// <summary>
/// An expected failure. <see cref="Code"/> is the stable contract (<c>module.subject.problem</c>, snake case);
/// <see cref="Message"/> is for people. <see cref="Field"/> names the offending input, when there is one.
/// </summary>
public sealed record Error(string Code, string Message, ErrorKind Kind, string? Field = null)
{
    /// <summary>Extra, non-personal data returned with the problem (e.g. the reasons of a refusal).</summary>
    public IReadOnlyDictionary<string, object?>? Details { get; init; }

    public static Error Validation(string code, string message, string? field = null) => new(code, message, ErrorKind.Validation, field);
    public static Error NotFound(string code, string message) => new(code, message, ErrorKind.NotFound);
    public static Error Conflict(string code, string message) => new(code, message, ErrorKind.Conflict);
    public static Error Rule(string code, string message) => new(code, message, ErrorKind.BusinessRule);
    public static Error Forbidden(string code, string message) => new(code, message, ErrorKind.Forbidden);
    public static Error PreconditionFailed(string code, string message) => new(code, message, ErrorKind.PreconditionFailed);
    public static Error Unauthorized(string code, string message) => new(code, message, ErrorKind.Unauthorized);
    public static Error TooManyRequests(string code, string message) => new(code, message, ErrorKind.TooManyRequests);

    /// <summary>The detail saying until when (UTC) a refused caller must wait; HTTP turns it into <c>Retry-After</c>.</summary>
    public const string RetryAfterDetail = "retryAfterUtc";

    /// <summary>A 429 that says until when to wait.</summary>
    public static Error TooManyRequests(string code, string message, DateTime retryAfterUtc) =>
        TooManyRequests(code, message).WithDetails(new Dictionary<string, object?> { [RetryAfterDetail] = retryAfterUtc });

    public Error WithDetails(IReadOnlyDictionary<string, object?> details) => this with { Details = details };
}
