using Urssaf.SharedKernel.Identity;

namespace Urssaf.Modules.Identity.Domain;

internal enum DataExportStatus
{
    Preparing,
    Ready,
    Expired,
    Failed,
}

/// <summary>A person's data export (GDPR art. 15): prepared in the background, downloadable 7 days, then its file is deleted.</summary>
internal sealed class DataExport
{
    /// <summary>How long the archive can be downloaded (ADR 0110).</summary>
    public static readonly TimeSpan DownloadWindow = TimeSpan.FromDays(7);

    public Guid Id { get; set; }
    public AccountId AccountId { get; set; }
    public DataExportStatus Status { get; set; }
    public DateTime RequestedOnUtc { get; set; }
    public DateTime? ReadyOnUtc { get; set; }
    public DateTime? ExpiresOnUtc { get; set; }
    public long? SizeBytes { get; set; }
    public int Attempts { get; set; }
    public int Version { get; set; }
}

/// <summary>A named back-office credential (ADR 0113): the key itself is shown once and stored as its SHA-256 only.</summary>
internal sealed class OperatorCredential
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public string Role { get; set; } = "";
    public string KeyHash { get; set; } = "";
    public DateTime CreatedOnUtc { get; set; }
    public DateTime? RotatedOnUtc { get; set; }
    public DateTime? RevokedOnUtc { get; set; }
    public int Version { get; set; }
}

/// <summary>Retention periods Identity enforces (docs/privacy.md).</summary>
internal static class Retention
{
    /// <summary>Connection journal and ended sessions: 12 months (CNIL, recommandation "journalisation" 2021: 6 months to 1 year).</summary>
    public static readonly TimeSpan SecurityLogs = TimeSpan.FromDays(365);

    /// <summary>
    /// Records kept after closure: 6 years (LPF L.102 B, documents backing taxes and contributions), which covers the
    /// 3-year recovery of contributions (CSS L.244-3) and the 5 years when undeclared work is found (CSS L.244-11).
    /// </summary>
    public const int ClosedAccountYears = 6;

    /// <summary>The tamper-evident journal: 6 years too, as it proves money and security events (purged by whole checkpointed segments).</summary>
    public const int JournalYears = 6;

    public static DateTime LegalRetentionEnds(DateTime closedOnUtc) => closedOnUtc.AddYears(ClosedAccountYears);
}
