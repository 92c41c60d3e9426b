using Urssaf.SharedKernel.Infrastructure.Http;

namespace Urssaf.Host.Tests;

/// <summary>Least privilege among named operators (ADR 0113): each role reaches only the operator routes of its work.</summary>
public sealed class OperatorRoleTests
{
    [Theory]
    [InlineData(OperatorRoles.Adviser, "/api/v1/operator/threads", true)]
    [InlineData(OperatorRoles.Finance, "/api/v1/operator/threads/0196/messages", false)]
    [InlineData(OperatorRoles.Finance, "/api/v1/operator/attachments/0196", false)]
    [InlineData(OperatorRoles.Adviser, "/api/v1/operator/payment-plans/0196/decision", false)]
    [InlineData(OperatorRoles.Finance, "/api/v1/operator/payment-plans", true)]
    [InlineData(OperatorRoles.Adviser, "/api/v1/operator/dead-letters", false)]
    [InlineData(OperatorRoles.Finance, "/api/v1/operator/regulatory-notices", false)]
    [InlineData(OperatorRoles.Administrator, "/api/v1/operator/dead-letters", true)]
    public void Each_role_reaches_the_routes_of_its_work(string role, string path, bool allowed) =>
        Assert.Equal(allowed, OperatorRoleDefaults.Allows(role, path));
}
