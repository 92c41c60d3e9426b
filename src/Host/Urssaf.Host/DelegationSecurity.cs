using System.Globalization;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Urssaf.SharedKernel.Infrastructure.Http;

namespace Urssaf.Api;

/// <summary>Turns a delegation refusal into a 403 problem with its stable code (<c>delegation.missing</c>, <c>delegation.scope_missing</c>).</summary>
internal sealed class DelegationRefusalResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden && authorizeResult.AuthorizationFailure?.FailureReasons.OfType<DelegationFailureReason>().FirstOrDefault() is { } reason)
        {
            await Results.Problem(ProblemResults.Create(StatusCodes.Status403Forbidden, reason.Code, reason.Message)).ExecuteAsync(context);
            return;
        }

        await _default.HandleAsync(next, context, policy, authorizeResult);
    }
}

/// <summary>
/// Limits <c>POST /connect/token</c> per client (its <c>client_id</c>, or the client address when none is given), before
/// the OAuth server checks the credentials: guessing a client secret costs one window per handful of tries (ADR 60).
/// </summary>
internal sealed class TokenEndpointRateLimiter(int permits, int windowSeconds)
{
    public const string Policy = RateLimitPolicies.TokenEndpoint;
    public const string Path = "/connect/token";

    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(key =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits, Window = TimeSpan.FromSeconds(windowSeconds), QueueLimit = 0, AutoReplenishment = true,
        }));

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (!HttpMethods.IsPost(context.Request.Method) || !context.Request.Path.Equals(Path, StringComparison.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }

        var key = await ClientKeyAsync(context);
        using var lease = _limiter.AttemptAcquire(key);
        if (!lease.IsAcquired)
        {
            var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var value) ? value : TimeSpan.FromSeconds(windowSeconds);
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            await Results.Problem(ProblemResults.Create(StatusCodes.Status429TooManyRequests, "request.rate_limited",
                "Too many token requests for this client; retry later.")).ExecuteAsync(context);
            return;
        }

        await next(context);
    }

    private static async Task<string> ClientKeyAsync(HttpContext context)
    {
        string? clientId = null;
        if (context.Request.HasFormContentType)
        {
            try
            {
                var form = await context.Request.ReadFormAsync(context.RequestAborted);
                clientId = form["client_id"].ToString();
            }
            catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException)
            {
                // a malformed form: the OAuth server answers invalid_request; it counts against the address
            }
        }

        if (string.IsNullOrEmpty(clientId) && context.Request.Headers.Authorization.ToString() is { } authorization
            && authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorization[6..].Trim()));
                clientId = Uri.UnescapeDataString(decoded.Split(':', 2)[0]);
            }
            catch (FormatException)
            {
                // not base64: counts against the address
            }
        }

        return string.IsNullOrEmpty(clientId) || clientId.Length > 100
            ? $"address:{ClientAddress.PartitionKey(context)}"
            : $"client:{clientId}";
    }
}
