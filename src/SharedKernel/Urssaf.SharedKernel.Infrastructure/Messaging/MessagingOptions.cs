namespace Urssaf.SharedKernel.Infrastructure.Messaging;

/// <summary>The <c>Messaging</c> configuration section (ADR 0007).</summary>
public sealed class MessagingOptions
{
    public const string Section = "Messaging";

    /// <summary>Run the outbox/inbox and daily jobs on the Quartz scheduler. Tests turn it off and drain by hand.</summary>
    public bool SchedulerEnabled { get; set; } = true;

    public int OutboxIntervalSeconds { get; set; } = 2;

    /// <summary>On SQL Server, run Quartz on its clustered ADO.NET store shared by every host (ADR 124).</summary>
    public bool ClusteredSchedulerOnSqlServer { get; set; } = true;

    public int BatchSize { get; set; } = 50;

    /// <summary>After this many failed attempts a message is a dead letter: kept with its last error, never retried.</summary>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>How long a claimed row stays reserved for the process that claimed it (a crashed claimer's lease expires).</summary>
    public int LeaseSeconds { get; set; } = 300;

    /// <summary>Processed messages older than this are deleted by the daily cleanup.</summary>
    public int RetentionDays { get; set; } = 30;
}
