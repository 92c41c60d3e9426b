using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Urssaf.SharedKernel.Identity;

namespace Urssaf.SharedKernel.Infrastructure.Http;

/// <summary>What a third party (accountant, accounting software) may be granted by an entrepreneur (ADR 61).</summary>
public static class DelegationScopes
{
    public const string DeclarationsRead = "declarations.read";
    public const string DeclarationsWrite = "declarations.write";
    public const string PaymentsRead = "payments.read";
    public const string PaymentsWrite = "payments.write";
    public const string DocumentsRead = "documents.read";
    public const string AttestationsIssue = "attestations.issue";

    public static readonly IReadOnlyList<string> All =
        [DeclarationsRead, DeclarationsWrite, PaymentsRead, PaymentsWrite, DocumentsRead, AttestationsIssue];

    public static bool IsKnown(string? scope) => scope is not null && All.Contains(scope, StringComparer.Ordinal);
}

/// <summary>Endpoint metadata: the scope a third party acting for an entrepreneur needs on this route.</summary>
public sealed record RequiredScopeMetadata(string Scope);

public static class DelegationEndpointExtensions
{
    /// <summary>The header naming the entrepreneur (SIRET) a third party acts for.</summary>
    public const string OnBehalfOfHeader = "X-On-Behalf-Of";

    /// <summary>
    /// Opens a route to the account holder and to a third party holding an active delegation with <paramref name="scope"/>
    /// for the SIRET of <c>X-On-Behalf-Of</c>; the handler then sees the entrepreneur's account as <c>user.GetAccountId()</c>.
    /// Routes without it stay owner-only (<see cref="Policies.AccountHolder"/>).
    /// </summary>
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, string scope) where TBuilder : IEndpointConventionBuilder
    {
        if (!DelegationScopes.IsKnown(scope)) throw new ArgumentException($"Unknown delegation scope '{scope}'.", nameof(scope));
        return builder.WithMetadata(new RequiredScopeMetadata(scope)).RequireAuthorization(Policies.OwnerOrDelegate);
    }
}

/// <summary>The outcome of checking a third party's delegation for one call.</summary>
public sealed record DelegationDecision(AccountId? Account, Guid? DelegationId, string? ErrorCode, string? ErrorMessage)
{
    public static DelegationDecision Refused(string code, string message) => new(null, null, code, message);
}

/// <summary>
/// Implemented by Identity: checks a third party's token against the entrepreneur's delegation on every call (a revoked
/// delegation loses access at once) and records what the third party did.
/// </summary>
public interface IDelegationAuthorizer
{
    /// <summary>Whether <paramref name="thirdParty"/> (its validated token) may use <paramref name="scope"/> for <paramref name="siret"/>.</summary>
    Task<DelegationDecision> AuthorizeAsync(ClaimsPrincipal thirdParty, string? siret, string scope, CancellationToken cancellationToken);

    /// <summary>Records one call made under a delegation (its answer's status included).</summary>
    Task RecordAsync(Guid delegationId, string operation, string resource, int status, CancellationToken cancellationToken);
}

/// <summary>The requirement of <see cref="Policies.OwnerOrDelegate"/>.</summary>
public sealed class OwnerOrDelegateRequirement : IAuthorizationRequirement;

/// <summary>A refusal whose stable code the host turns into a 403 problem (<c>delegation.missing</c>, <c>delegation.scope_missing</c>).</summary>
public sealed class DelegationFailureReason(IAuthorizationHandler handler, string code, string message) : AuthorizationFailureReason(handler, message)
{
    public string Code { get; } = code;
}

/// <summary>
/// Resolves <see cref="Policies.OwnerOrDelegate"/>: the account holder passes; a third party passes only with an active
/// delegation holding the route's scope, and then acts as the entrepreneur's account for the rest of the request.
/// </summary>
public sealed class OwnerOrDelegateHandler : AuthorizationHandler<OwnerOrDelegateRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, OwnerOrDelegateRequirement requirement)
    {
        var user = context.User;
        var http = context.Resource as HttpContext;
        if (user.FindFirst(UrssafClaims.ThirdParty) is null)
        {
            if (user.HasClaim(c => c.Type == UrssafClaims.Subject) && user.HasClaim(c => c.Type == UrssafClaims.SessionId)
                && !user.HasClaim(UrssafClaims.PasswordChangeOnly, "true"))
                context.Succeed(requirement);
            return;
        }

        if (http is null) return;
        var scope = http.GetEndpoint()?.Metadata.GetMetadata<RequiredScopeMetadata>()?.Scope;
        if (scope is null) return;
        var siret = http.Request.Headers[DelegationEndpointExtensions.OnBehalfOfHeader].ToString();
        var authorizer = http.RequestServices.GetRequiredService<IDelegationAuthorizer>();
        var decision = await authorizer.AuthorizeAsync(user, string.IsNullOrWhiteSpace(siret) ? null : siret.Trim(), scope, http.RequestAborted);
        if (decision is not { Account: { } account, DelegationId: { } delegationId })
        {
            context.Fail(new DelegationFailureReason(this, decision.ErrorCode ?? "delegation.missing", decision.ErrorMessage ?? "No active delegation."));
            return;
        }

        // From here on the request acts for the entrepreneur: handlers keep using user.GetAccountId().
        http.User = new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim(UrssafClaims.Subject, account.ToString()),
            new Claim(UrssafClaims.ThirdParty, user.FindFirst(UrssafClaims.ThirdParty)!.Value),
            new Claim(UrssafClaims.DelegationId, delegationId.ToString()),
        ], "delegation", UrssafClaims.Subject, null));
        var operation = $"{http.Request.Method} {(http.GetEndpoint() as Microsoft.AspNetCore.Routing.RouteEndpoint)?.RoutePattern.RawText ?? http.Request.Path.Value}";
        var resource = http.Request.Path.Value ?? "";
        http.Response.OnStarting(() => authorizer.RecordAsync(delegationId, operation, resource, http.Response.StatusCode, CancellationToken.None));
        context.Succeed(requirement);
    }
}
