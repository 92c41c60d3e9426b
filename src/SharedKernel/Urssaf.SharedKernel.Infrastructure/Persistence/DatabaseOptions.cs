namespace Urssaf.SharedKernel.Infrastructure.Persistence;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
}

/// <summary>How SQLite makes a commit durable (see ADR 0006).</summary>
public enum SqliteSynchronous
{
    /// <summary>fsync of the WAL at every commit: an acknowledged write survives a power cut.</summary>
    Full,
    /// <summary>fsync at checkpoints only: survives a process kill, may lose the last commits on a power cut.</summary>
    Normal,
}

/// <summary>The <c>Database</c> configuration section.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Apply migrations when the host starts. Defaults to true on SQLite (the embedded default).</summary>
    public bool? MigrateOnStartup { get; set; }

    public SqliteSynchronous SqliteSynchronous { get; set; } = SqliteSynchronous.Full;

    /// <summary>How long a SQLite writer waits for the lock before failing.</summary>
    public int SqliteBusyTimeoutMilliseconds { get; set; } = 30_000;

    public bool ShouldMigrateOnStartup => MigrateOnStartup ?? Provider == DatabaseProvider.Sqlite;
}

/// <summary>The <c>Storage</c> configuration section: where files (databases, mail, documents) live.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    public string DataDirectory { get; set; } = "./data";

    public string FullDataDirectory => Path.GetFullPath(DataDirectory);
}
