namespace Urssaf.SharedKernel.Infrastructure.Http;

/// <summary>Named rate-limit policies configured by the host (<c>RateLimiting:*</c>), used by module endpoints.</summary>
public static class RateLimitPolicies
{
    /// <summary>Login, refresh and other credential checks: per client address.</summary>
    public const string Authentication = "authentication";

    /// <summary>Anything that sends an e-mail or SMS (registration, resend): per client address.</summary>
    public const string MessageSending = "message-sending";

    /// <summary>Anonymous public lookups (attestation verification): per client address.</summary>
    public const string PublicLookup = "public-lookup";

    /// <summary>
    /// Every back-office route (<c>/api/v1/operator/...</c>, or any endpoint requiring <see cref="Policies.Operator"/>):
    /// per client address. The host applies it to those routes itself; endpoints need not name it.
    /// </summary>
    public const string Operator = "operator";

    /// <summary>Failed <c>X-Operator-Key</c> attempts per client network (<see cref="OperatorKeyFailureLimiter"/>).</summary>
    public const string OperatorKeyFailures = "operator-key-failures";

    /// <summary><c>POST /connect/token</c>: per OAuth client id (the client network when none is given), before secrets are checked (ADR 60).</summary>
    public const string TokenEndpoint = "token-endpoint";
}
