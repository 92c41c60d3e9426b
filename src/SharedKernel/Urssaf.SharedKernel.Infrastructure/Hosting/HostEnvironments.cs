using Microsoft.Extensions.Hosting;

namespace Urssaf.SharedKernel.Infrastructure.Hosting;

/// <summary>
/// Which environments may take the shortcuts of a developer machine or a test run (generated keys, <c>Clock:StartAt</c>,
/// the seed verbs, clear-text SMTP to a remote relay…). An allow-list: only <c>Development</c> and <c>Testing</c>
/// (case-insensitive) are non-production; every other name, including "production", "Prod", "Staging" or a typo,
/// is treated as production, so a misnamed environment fails closed.
/// </summary>
public static class HostEnvironments
{
    /// <summary>The only environment names that are not treated as production.</summary>
    public static readonly IReadOnlyList<string> NonProductionNames = [Environments.Development, Testing];

    /// <summary>The test hosts' environment: the only one allowed the shortcuts that would mislead a developer (ADR 0141, 0142).</summary>
    public const string Testing = "Testing";

    /// <summary>True only for <c>Testing</c> (case-insensitive), never Development.</summary>
    public static bool IsTesting(this IHostEnvironment environment) =>
        string.Equals(environment.EnvironmentName, Testing, StringComparison.OrdinalIgnoreCase);

    public static bool IsNonProduction(string? environmentName) =>
        environmentName is not null && NonProductionNames.Any(n => string.Equals(n, environmentName, StringComparison.OrdinalIgnoreCase));

    /// <summary>True only for <c>Development</c> and <c>Testing</c> (case-insensitive).</summary>
    public static bool IsNonProduction(this IHostEnvironment environment) => IsNonProduction(environment.EnvironmentName);

    /// <summary>Every environment but <c>Development</c> and <c>Testing</c>: the guards of production apply.</summary>
    public static bool IsProductionLike(this IHostEnvironment environment) => !environment.IsNonProduction();
}
