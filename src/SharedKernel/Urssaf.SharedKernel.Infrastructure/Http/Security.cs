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

    /// <summary>On an operator's principal: its name and role (ADR 0113).</summary>
    public const string OperatorName = "operator_name";
    public const string OperatorRole = "operator_role";
    public const string OperatorId = "operator_id";

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

    /// <summary>The window of <see cref="AuthenticatedRecently"/>: a password check of less than 15 minutes (SECURITY.md 7.5.1).</summary>
    public static readonly TimeSpan StepUpWindow = TimeSpan.FromMinutes(15);

    /// <summary>The step-up check every sensitive change makes: <see cref="AuthenticatedWithin"/> the <see cref="StepUpWindow"/>.</summary>
    public static bool AuthenticatedRecently(this ClaimsPrincipal user, TimeProvider clock) => user.AuthenticatedWithin(StepUpWindow, clock);

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

/// <summary>
/// Authenticates the back office by <c>X-Operator-Key</c>: the configured key (the bootstrap administrator, compared in
/// constant time) or a named operator's key, found by its SHA-256; failures are counted per client network.
/// </summary>
public sealed class OperatorKeyAuthenticationHandler(
    IOptionsMonitor<OperatorKeyOptions> options, ILoggerFactory logger, UrlEncoder encoder, OperatorKeyFailureLimiter failures)
    : AuthenticationHandler<OperatorKeyOptions>(options, logger, encoder)
{
    private static readonly object ThrottledFor = new();

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(OperatorKeyOptions.Header, out var provided))
            return AuthenticateResult.NoResult();

        var partition = ClientAddress.PartitionKey(Context);
        if (failures.IsBlocked(partition, out var retryAfter))
        {
            Context.Items[ThrottledFor] = retryAfter;
            return AuthenticateResult.Fail("Too many failed operator-key attempts from this network.");
        }

        var named = await FindAsync(provided.ToString());
        if (named is null)
        {
            failures.RecordFailure(partition);
            return AuthenticateResult.Fail("Invalid operator key.");
        }

        var identity = new ClaimsIdentity([new Claim(UrssafClaims.Operator, "true"), new Claim(UrssafClaims.OperatorName, named.Name),
            new Claim(UrssafClaims.OperatorRole, named.Role), new Claim(UrssafClaims.OperatorId, named.Id.ToString())], OperatorKeyOptions.Scheme);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), OperatorKeyOptions.Scheme));
    }

    /// <summary>The configured key is the bootstrap administrator; any other key is looked up by its hash among named operators.</summary>
    private async Task<OperatorIdentity?> FindAsync(string provided)
    {
        var expected = Encoding.UTF8.GetBytes(Options.Key);
        var actual = Encoding.UTF8.GetBytes(provided);
        if (expected.Length > 0 && CryptographicOperations.FixedTimeEquals(SHA256.HashData(expected), SHA256.HashData(actual)))
            return OperatorIdentity.Bootstrap;
        var directory = Context.RequestServices.GetService(typeof(IOperatorDirectory)) as IOperatorDirectory;
        return directory is null || provided.Length is 0 or > 200 ? null : await directory.FindAsync(OperatorKeys.Hash(provided), Context.RequestAborted);
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

/// <summary>The back-office roles (ADR 0113).</summary>
public static class OperatorRoles
{
    public const string Adviser = "adviser";
    public const string Finance = "finance";
    public const string Administrator = "administrator";

    public static readonly string[] All = [Adviser, Finance, Administrator];
}

public sealed record OperatorIdentity(Guid Id, string Name, string Role)
{
    /// <summary>The configured <c>Operator:Key</c> (<c>data/operator.key</c>): an administrator named <c>bootstrap</c>.</summary>
    public static readonly OperatorIdentity Bootstrap = new(Guid.Empty, "bootstrap", OperatorRoles.Administrator);
}

/// <summary>Named operators' credentials (kept by Identity); keys are stored as their SHA-256 only.</summary>
public interface IOperatorDirectory
{
    Task<OperatorIdentity?> FindAsync(string keyHash, CancellationToken cancellationToken);
}

public static class OperatorKeys
{
    /// <summary>Keys are 32 random bytes: an unsalted SHA-256 is enough to make a stolen table useless (ADR 0113).</summary>
    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public static string New() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
}

public static class OperatorPrincipalExtensions
{
    /// <summary>The acting operator, for the journal: <c>operator:&lt;name&gt;</c>.</summary>
    public static string OperatorActor(this ClaimsPrincipal user) => $"operator:{user.FindFirstValue(UrssafClaims.OperatorName) ?? "unknown"}";

    public static string? OperatorRole(this ClaimsPrincipal user) => user.FindFirstValue(UrssafClaims.OperatorRole);
}
