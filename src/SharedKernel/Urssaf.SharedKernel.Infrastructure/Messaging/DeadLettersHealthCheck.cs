using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Urssaf.SharedKernel.Infrastructure.Messaging;

/// <summary>
/// <c>/health/ready</c> is Degraded (still 200: the host serves) while any module keeps dead letters, with their count
/// per module in the check's data, so that a failure no retry will fix is seen without reading the logs (ADR 0121).
/// </summary>
public sealed class DeadLettersHealthCheck(IEnumerable<IModuleMessaging> modules) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var counts = new Dictionary<string, object>();
        foreach (var module in modules)
        {
            var count = await module.CountDeadLettersAsync(cancellationToken);
            if (count > 0) counts[module.Module] = count;
        }

        return counts.Count == 0
            ? HealthCheckResult.Healthy("No dead letter.")
            : HealthCheckResult.Degraded($"{counts.Values.Sum(c => (int)c)} dead letters: see GET /api/v1/operator/dead-letters.", data: counts);
    }
}
