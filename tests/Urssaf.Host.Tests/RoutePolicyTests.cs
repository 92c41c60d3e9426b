using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.TestKit;

namespace Urssaf.Host.Tests;

/// <summary>
/// SECURITY.md 8.1.1: every route declares who may call it (public by design, the operator, the account holder, or the
/// holder and a delegate with a named scope), and the routes open to delegates are exactly this table (ADR 61).
/// </summary>
public sealed class RoutePolicyTests(UrssafApp app) : IClassFixture<UrssafApp>
{
    /// <summary>The routes a third party may call for an entrepreneur, with the scope each needs. Everything else is owner-only.</summary>
    private static readonly Dictionary<string, string> DelegateRoutes = new()
    {
        ["GET /api/v1/declarations/periods"] = DelegationScopes.DeclarationsRead,
        ["GET /api/v1/declarations"] = DelegationScopes.DeclarationsRead,
        ["GET /api/v1/declarations/{period}"] = DelegationScopes.DeclarationsRead,
        ["GET /api/v1/declarations/{period}/prefill"] = DelegationScopes.DeclarationsRead,
        ["GET /api/v1/declarations/exports/{year:int}"] = DelegationScopes.DeclarationsRead,
        ["POST /api/v1/declarations/estimates"] = DelegationScopes.DeclarationsRead,
        ["PUT /api/v1/declarations/{period}"] = DelegationScopes.DeclarationsWrite,
        ["GET /api/v1/payments/balance"] = DelegationScopes.PaymentsRead,
        ["GET /api/v1/payments"] = DelegationScopes.PaymentsRead,
        ["GET /api/v1/payments/exports/{year:int}"] = DelegationScopes.PaymentsRead,
        ["GET /api/v1/payments/credit"] = DelegationScopes.PaymentsRead,
        ["GET /api/v1/payments/refunds"] = DelegationScopes.PaymentsRead,
        ["POST /api/v1/payments"] = DelegationScopes.PaymentsWrite,
        ["GET /api/v1/documents"] = DelegationScopes.DocumentsRead,
        ["GET /api/v1/documents/{documentId:guid}/content"] = DelegationScopes.DocumentsRead,
        ["POST /api/v1/documents/attestations"] = DelegationScopes.AttestationsIssue,
    };

    private static readonly string[] KnownPolicies = [Policies.AccountHolder, Policies.Operator, Policies.PasswordChange, Policies.OwnerOrDelegate];

    private IReadOnlyList<(string Route, EndpointMetadataCollection Metadata)> Routes() =>
        app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && !raw.StartsWith("/health", StringComparison.Ordinal)
                        && !raw.StartsWith("/openapi", StringComparison.Ordinal) && !raw.StartsWith("/scalar", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["ANY"])
                .Select(m => ($"{m} {e.RoutePattern.RawText}", e.Metadata)))
            .ToList();

    [Fact]
    public void Every_route_declares_a_known_policy_or_is_public_by_design()
    {
        var routes = Routes();
        Assert.True(routes.Count > 40, $"{routes.Count} routes");
        var undeclared = routes.Where(r =>
        {
            if (r.Metadata.GetMetadata<IAllowAnonymous>() is not null) return false;
            var policies = r.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToList();
            return policies.Count == 0 || policies.Any(p => p is null || !KnownPolicies.Contains(p));
        }).Select(r => r.Route).ToList();
        Assert.True(undeclared.Count == 0, "Routes without a declared policy:\n" + string.Join("\n", undeclared));
    }

    [Fact]
    public void Exactly_the_table_s_routes_are_open_to_delegates_each_with_its_scope()
    {
        var open = Routes().Where(r => r.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy == Policies.OwnerOrDelegate)
                                        || r.Metadata.GetMetadata<RequiredScopeMetadata>() is not null)
            .ToDictionary(r => r.Route, r => r.Metadata.GetMetadata<RequiredScopeMetadata>()?.Scope ?? "(no scope)");
        Assert.Equal(DelegateRoutes.OrderBy(p => p.Key), open.OrderBy(p => p.Key));
        // owner-only by design: identity (password, contacts, sessions, delegations), mandates, notifications
        Assert.DoesNotContain(open.Keys, r => r.Contains("/identity/", StringComparison.Ordinal) || r.Contains("/mandates", StringComparison.Ordinal)
                                              || r.Contains("/notifications", StringComparison.Ordinal) || r.Contains("/operator/", StringComparison.Ordinal));
    }
}
