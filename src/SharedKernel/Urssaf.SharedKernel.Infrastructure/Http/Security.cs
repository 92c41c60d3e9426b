using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Urssaf.SharedKernel.Identity;

namespace Urssaf.SharedKernel.Infrastructure.Http;

/// <summary>Authorization policy names used by module endpoints.</summary>
public static class Policies
{
    /// <summary>An authenticated entrepreneur (bearer token bound to a live session).</summary>
    public const string AccountHolder = "account-holder";

    /// <summary>The back office, authenticated by <c>X-Operator-Key</c>.</summary>
    public const string Operator = "operator";

    /// <summary>Any session of the account, including one opened with a temporary password (which may only change it).</summary>
    public const string PasswordChange = "password-change";

    /// <summary>
    /// The account holder, or a third party acting for them under an active delegation with the route's scope
    /// (declared with <see cref="DelegationEndpointExtensions.RequireScope{TBuilder}"/>).
    /// </summary>
    public const string OwnerOrDelegate = "owner-or-delegate";

    /// <summary>The authentication scheme of third parties' OAuth access tokens (OpenIddict validation).</summary>
    public const string ThirdPartyScheme = "OpenIddict.Validation.AspNetCore";
}

public static class UrssafClaims
{
    public const string Subject = "sub";
    public const string SessionId = "sid";
    public const string Operator = "operator";

    /// <summary>Set on tokens of a session opened with a temporary password.</summary>
    public const string PasswordChangeOnly = "pwd_change";

    /// <summary>When the session's credentials were last checked (OIDC <c>auth_time</c>, seconds since 1970).</summary>
    public const string AuthenticationTime = "auth_time";

    /// <summary>On a third party's access token: its id (ADR 60).</summary>
    public const string ThirdParty = "third_party";

    /// <summary>Set while a third party acts under a delegation: the delegation's id.</summary>
    public const string DelegationId = "delegation";
}

public static class ClaimsPrincipalExtensions
{
    /// <summary>The caller's account; only called on endpoints that require <see cref="Policies.AccountHolder"/>.</summary>
    public static AccountId GetAccountId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(UrssafClaims.Subject), out var id)
            ? new AccountId(id)
            : throw new InvalidOperationException("The endpoint requires an account holder but the principal has no subject.");

    /// <summary>
    /// Sensitive changes (bank account, mandate) need a recent password check, even in a remember-me session
    /// (SECURITY.md, binding: "never skips re-authentication for sensitive changes").
    /// </summary>
    public static bool AuthenticatedWithin(this ClaimsPrincipal user, TimeSpan window, TimeProvider clock) =>
        long.TryParse(user.FindFirstValue(UrssafClaims.AuthenticationTime), out var seconds)
        && clock.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds) <= window;

    public static Guid? FindSessionId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(UrssafClaims.SessionId), out var id) ? id : null;
}

public sealed class OperatorKeyOptions : AuthenticationSchemeOptions
{
    public const string Scheme = "OperatorKey";
    public const string Header = "X-Operator-Key";

    public string Key { get; set; } = "";
}

/// <summary>
/// Failed <c>X-Operator-Key</c> attempts per client network (<see cref="ClientAddress.PartitionKey(HttpContext)"/>): once
/// <c>PermitLimit</c> failures are counted in the window, every key presented from that network is refused (429) without
/// being compared until the window ends, so the key cannot be brute-forced even under the generous route limit.
/// </summary>
public sealed class OperatorKeyFailureLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _failures;

    public OperatorKeyFailureLimiter(int permitLimit, TimeSpan window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(permitLimit, 1);
        _failures = PartitionedRateLimiter.Create<string, string>(partition => RateLimitPartition.GetFixedWindowLimiter(partition,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = permitLimit, Window = window, QueueLimit = 0, AutoReplenishment = true }));
    }

    /// <summary>True when the network has used up its failures; <paramref name="retryAfter"/> says for how long.</summary>
    public bool IsBlocked(string partition, out TimeSpan retryAfter)
    {
        using var probe = _failures.AttemptAcquire(partition, 0);
        if (probe.IsAcquired)
        {
            retryAfter = TimeSpan.Zero;
            return false;
        }

        retryAfter = probe.TryGetMetadata(MetadataName.RetryAfter, out var value) ? value : TimeSpan.FromMinutes(1);
        return true;
    }

    public void RecordFailure(string partition) => _failures.AttemptAcquire(partition).Dispose();

    public void Dispose() => _failures.Dispose();
}

/// <summary>Authenticates the back office by a shared key compared in constant time; failures are counted per client network.</summary>
public sealed class OperatorKeyAuthenticationHandler(
    IOptionsMonitor<OperatorKeyOptions> options, ILoggerFactory logger, UrlEncoder encoder, OperatorKeyFailureLimiter failures)
    : AuthenticationHandler<OperatorKeyOptions>(options, logger, encoder)
{
    private static readonly object ThrottledFor = new();

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(OperatorKeyOptions.Header, out var provided))
            return Task.FromResult(AuthenticateResult.NoResult());

        var partition = ClientAddress.PartitionKey(Context);
        if (failures.IsBlocked(partition, out var retryAfter))
        {
            Context.Items[ThrottledFor] = retryAfter;
            return Task.FromResult(AuthenticateResult.Fail("Too many failed operator-key attempts from this network."));
        }

        var expected = Encoding.UTF8.GetBytes(Options.Key);
        var actual = Encoding.UTF8.GetBytes(provided.ToString());
        if (expected.Length == 0 || !CryptographicOperations.FixedTimeEquals(SHA256.HashData(expected), SHA256.HashData(actual)))
        {
            failures.RecordFailure(partition);
            return Task.FromResult(AuthenticateResult.Fail("Invalid operator key."));
        }

        var identity = new ClaimsIdentity([new Claim(UrssafClaims.Operator, "true")], OperatorKeyOptions.Scheme);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), OperatorKeyOptions.Scheme)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items[ThrottledFor] is not TimeSpan retryAfter)
        {
            await base.HandleChallengeAsync(properties);
            return;
        }

        Response.StatusCode = StatusCodes.Status429TooManyRequests;
        Response.Headers.RetryAfter = ((int)Math.Ceiling(Math.Max(1, retryAfter.TotalSeconds))).ToString(CultureInfo.InvariantCulture);
        await Microsoft.AspNetCore.Http.Results.Problem(ProblemResults.Create(StatusCodes.Status429TooManyRequests, "request.rate_limited",
            "Too many failed operator-key attempts; retry later.")).ExecuteAsync(Context);
    }
}
