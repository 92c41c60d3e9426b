namespace Urssaf.Modules.Compliance;

/// <summary><c>Compliance:*</c> configuration.</summary>
internal sealed class ComplianceOptions
{
    public const string Section = "Compliance";

    /// <summary>A deadline this many days ahead or closer turns the status orange.</summary>
    public int DeadlineWindowDays { get; set; } = 7;

    /// <summary>Rows written per transaction by the penalty job.</summary>
    public int PenaltyBatchSize { get; set; } = 5000;

    /// <summary>
    /// Longest time a built dashboard is served without a change to the account (ADR 0136): bounds how late a regulatory
    /// notice, which Compliance is not told about, appears on it.
    /// </summary>
    public int DashboardMaxAgeSeconds { get; set; } = 300;
}
