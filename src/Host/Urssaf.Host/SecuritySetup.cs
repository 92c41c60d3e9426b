using System.Globalization;
using System.Security.Cryptography;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.IdentityModel.Tokens;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Infrastructure.Persistence;
using Urssaf.SharedKernel.Infrastructure.Hosting;

namespace Urssaf.Api;

/// <summary>Authentication (bearer tokens, operator key), authorization policies and rate limits.</summary>
internal static class SecuritySetup
{
    public static void AddUrssafSecurity(this WebApplicationBuilder builder, StorageOptions storage)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        var production = builder.Environment.IsProductionLike(); // anything but Development and Testing

        var jwt = configuration.GetSection(JwtSettings.Section).Get<JwtSettings>() ?? new JwtSettings();
        jwt.SigningKey ??= production
            ? throw new InvalidOperationException("Jwt:SigningKey must be configured outside Development and Testing.")
            : SecretFiles.ReadOrCreate(Path.Combine(storage.FullDataDirectory, "jwt-signing.key"), () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        if (Convert.FromBase64String(jwt.SigningKey).Length < 32)
            throw new InvalidOperationException("Jwt:SigningKey must hold at least 32 bytes (base64).");
        services.AddSingleton(jwt);

        var operatorKey = configuration["Operator:Key"];
        operatorKey ??= production
            ? throw new InvalidOperationException("Operator:Key must be configured outside Development and Testing.")
            : SecretFiles.ReadOrCreate(Path.Combine(storage.FullDataDirectory, "operator.key"), () => Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLowerInvariant());
        if (OperatorKeyWeakness(operatorKey) is { } weakness)
            throw new InvalidOperationException($"Operator:Key is refused: {weakness} Use at least {MinimumOperatorKeyLength} random characters, " +
                "e.g. the hex of 32 random bytes (openssl rand -hex 32).");

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(o =>
            {
                o.MapInboundClaims = false;
                o.TokenValidationParameters = jwt.ValidationParameters();
                o.Events = new JwtBearerEvents { OnTokenValidated = ValidateSessionAsync };
            })
            .AddScheme<OperatorKeyOptions, OperatorKeyAuthenticationHandler>(OperatorKeyOptions.Scheme, o => o.Key = operatorKey);
        var failures = configuration.GetSection($"RateLimiting:{RateLimitPolicies.OperatorKeyFailures}");
        services.AddSingleton(new OperatorKeyFailureLimiter(
            failures.GetValue("PermitLimit", 10), TimeSpan.FromSeconds(failures.GetValue("WindowSeconds", 900))));

        // Token lifetimes are checked against the service's clock (Clock:StartAt, test clocks), not the machine's.
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<TimeProvider>((o, clock) =>
            o.TokenValidationParameters.LifetimeValidator = (notBefore, expires, _, parameters) =>
            {
                var now = clock.GetUtcNow().UtcDateTime;
                return (notBefore is null || notBefore <= now + parameters.ClockSkew) && expires is not null && now - parameters.ClockSkew < expires;
            });

        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.AccountHolder, p => p
                .AddAuthenticationSchemes(JwtBearerDefaults.AuthenticationScheme)
                .RequireAuthenticatedUser()
                .RequireClaim(UrssafClaims.Subject)
                .RequireClaim(UrssafClaims.SessionId)
                .RequireAssertion(c => !c.User.HasClaim(UrssafClaims.PasswordChangeOnly, "true"))) // ASVS 6.4.1
            .AddPolicy(Policies.PasswordChange, p => p
                .AddAuthenticationSchemes(JwtBearerDefaults.AuthenticationScheme)
                .RequireAuthenticatedUser()
                .RequireClaim(UrssafClaims.Subject)
                .RequireClaim(UrssafClaims.SessionId))
            .AddPolicy(Policies.OwnerOrDelegate, p => p
                .AddAuthenticationSchemes(JwtBearerDefaults.AuthenticationScheme, Policies.ThirdPartyScheme)
                .RequireAuthenticatedUser()
                .AddRequirements(new OwnerOrDelegateRequirement()))
            .AddPolicy(Policies.Operator, p => p
                .AddAuthenticationSchemes(OperatorKeyOptions.Scheme)
                .RequireClaim(UrssafClaims.Operator, "true")
                .AddRequirements(new OperatorRoleRequirement())); // per-route role defaults (ADR 0113)

        services.AddSingleton<IAuthorizationHandler, OwnerOrDelegateHandler>();
        services.AddSingleton<IAuthorizationHandler, OperatorRoleHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, DelegationRefusalResultHandler>();
        builder.AddRateLimits();
        services.AddSingleton(new TokenEndpointRateLimiter(
            configuration.GetValue($"RateLimiting:{TokenEndpointRateLimiter.Policy}:PermitLimit", 20),
            configuration.GetValue($"RateLimiting:{TokenEndpointRateLimiter.Policy}:WindowSeconds", 60)));
    }

    public const int MinimumOperatorKeyLength = 32;

    /// <summary>Why a configured operator key is too weak to guard the back office, or null when it is acceptable.</summary>
    public static string? OperatorKeyWeakness(string key)
    {
        if (key.Length < MinimumOperatorKeyLength) return $"it has {key.Length} characters, fewer than {MinimumOperatorKeyLength}.";
        if (key.Distinct().Count() < 10) return "it uses fewer than 10 distinct characters (too little entropy).";
        var steps = key.Zip(key.Skip(1), (a, b) => b - a).ToList();
        if (steps.Distinct().Count() == 1) return "it is a regular sequence of characters (too little entropy).";
        return null;
    }

    /// <summary>A token is only as alive as its server-side session: logout and revocation take effect at once.</summary>
    private static async Task ValidateSessionAsync(TokenValidatedContext context)
    {
        var validator = context.HttpContext.RequestServices.GetService<IAccessTokenSessionValidator>();
        if (validator is null) return;
        var principal = context.Principal!;
        if (!Guid.TryParse(principal.FindFirst(UrssafClaims.Subject)?.Value, out var account) || principal.FindSessionId() is not { } session
            || !await validator.IsActiveAsync(account, session, context.HttpContext.RequestAborted))
            context.Fail("The session of this token is no longer active.");
    }

    private static void AddRateLimits(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection("RateLimiting");
        int Limit(string name, int fallback) => section.GetValue($"{name}:PermitLimit", fallback);
        int Window(string name, int fallback) => section.GetValue($"{name}:WindowSeconds", fallback);

        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (context, token) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var value) ? value : TimeSpan.FromSeconds(60);
                context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                var problem = ProblemResults.Create(429, "request.rate_limited", "Too many requests; retry later.");
                await Results.Problem(problem).ExecuteAsync(context.HttpContext);
            };
            AddFixedWindow(o, RateLimitPolicies.Authentication, Limit(RateLimitPolicies.Authentication, 10), Window(RateLimitPolicies.Authentication, 60));
            AddFixedWindow(o, RateLimitPolicies.MessageSending, Limit(RateLimitPolicies.MessageSending, 5), Window(RateLimitPolicies.MessageSending, 3600));
            AddFixedWindow(o, RateLimitPolicies.PublicLookup, Limit(RateLimitPolicies.PublicLookup, 30), Window(RateLimitPolicies.PublicLookup, 60));

            // The back office, whatever module maps the route: every request counts, failed keys included.
            var operatorLimit = Limit(RateLimitPolicies.Operator, 300);
            var operatorWindow = Window(RateLimitPolicies.Operator, 60);
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http => IsOperatorRoute(http)
                ? FixedWindow($"{RateLimitPolicies.Operator}:{ClientAddress.PartitionKey(http)}", operatorLimit, operatorWindow)
                : RateLimitPartition.GetNoLimiter(""));
        });
    }

    /// <summary>An operator route: under <c>/api/v1/operator</c>, or an endpoint that requires the operator policy.</summary>
    public static bool IsOperatorRoute(HttpContext http) =>
        http.Request.Path.StartsWithSegments(OperatorRoutePrefix, StringComparison.OrdinalIgnoreCase)
        || http.GetEndpoint()?.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy == Policies.Operator) == true;

    public const string OperatorRoutePrefix = "/api/v1/operator";

    private static void AddFixedWindow(RateLimiterOptions options, string policy, int permits, int windowSeconds) =>
        options.AddPolicy(policy, http => FixedWindow($"{policy}:{ClientAddress.PartitionKey(http)}", permits, windowSeconds));

    private static RateLimitPartition<string> FixedWindow(string key, int permits, int windowSeconds) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = TimeSpan.FromSeconds(windowSeconds),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
}
