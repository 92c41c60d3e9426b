namespace Urssaf.SharedKernel.Results;

/// <summary>What kind of expected failure an <see cref="Error"/> is; decides the HTTP status.</summary>
public enum ErrorKind
{
    /// <summary>400: the request is well-formed JSON but a value is not acceptable.</summary>
    Validation,
    /// <summary>403: the caller is known but may not do this.</summary>
    Forbidden,
    /// <summary>404: the resource does not exist for this caller.</summary>
    NotFound,
    /// <summary>409: the request conflicts with the current state.</summary>
    Conflict,
    /// <summary>412: an <c>If-Match</c> precondition failed.</summary>
    PreconditionFailed,
    /// <summary>422: a business rule refuses an otherwise valid request.</summary>
    BusinessRule,
    /// <summary>429: too many attempts.</summary>
    TooManyRequests,
    /// <summary>401: credentials are missing or wrong.</summary>
    Unauthorized,
}
