using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Urssaf.SharedKernel.Infrastructure.Http;

/// <summary>
/// Which roles may call each operator route (ADR 0113), checked inside <see cref="Policies.Operator"/> so routes keep
/// <c>RequireAuthorization(Policies.Operator)</c>. A route not listed is open to every role; administrators may call all.
/// </summary>
public static class OperatorRoleDefaults
{
    private static readonly (string Prefix, string[] Roles)[] Table =
    [
        ("/api/v1/operator/operators", [OperatorRoles.Administrator]),
        ("/api/v1/operator/journal", [OperatorRoles.Administrator]),
        ("/api/v1/operator/third-parties", [OperatorRoles.Administrator]),
        ("/api/v1/operator/sepa", [OperatorRoles.Finance]),
        ("/api/v1/operator/bank-statements", [OperatorRoles.Finance]),
        ("/api/v1/operator/remission-requests", [OperatorRoles.Finance]),
        ("/api/v1/operator/formalities", [OperatorRoles.Adviser]),
        ("/api/v1/operator/channel-recoveries", [OperatorRoles.Adviser]),
        ("/api/v1/operator/attestations", [OperatorRoles.Adviser, OperatorRoles.Finance]),
        ("/api/v1/operator/threads", [OperatorRoles.Adviser]), // the entrepreneurs' messages and documents: advisers only
        ("/api/v1/operator/attachments", [OperatorRoles.Adviser]),
        ("/api/v1/operator/regulatory-notices", [OperatorRoles.Adviser]),
        ("/api/v1/operator/payment-plans", [OperatorRoles.Finance]), // R243-21 decisions commit the collection of money
        ("/api/v1/operator/dead-letters", [OperatorRoles.Administrator]),
    ];

    public static bool Allows(string role, string path)
    {
        if (role == OperatorRoles.Administrator) return true;
        foreach (var (prefix, roles) in Table)
            if (path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) return roles.Contains(role);
        return OperatorRoles.All.Contains(role);
    }
}

public sealed class OperatorRoleRequirement : IAuthorizationRequirement;

public sealed class OperatorRoleHandler : AuthorizationHandler<OperatorRoleRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, OperatorRoleRequirement requirement)
    {
        var http = context.Resource as HttpContext;
        var path = (http?.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? http?.Request.Path.Value ?? "";
        if (!path.StartsWith('/')) path = "/" + path;
        if (context.User.OperatorRole() is { } role && OperatorRoleDefaults.Allows(role, path)) context.Succeed(requirement);
        return Task.CompletedTask;
    }
}
