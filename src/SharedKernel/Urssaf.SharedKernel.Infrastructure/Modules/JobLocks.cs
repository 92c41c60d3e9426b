using System.Data;
using Microsoft.Data.SqlClient;

namespace Urssaf.SharedKernel.Infrastructure.Modules;

/// <summary>
/// One run of a daily job at a time across processes (ADR 0140): the scheduler of a server, the <c>run-job</c> verb beside
/// it, another host. The lock belongs to the running process and dies with it, so a crash never leaves a stale lease.
/// </summary>
public interface IJobLock
{
    /// <summary>The job's lock, or null when another process is running the job; disposing releases it.</summary>
    Task<IAsyncDisposable?> TryAcquireAsync(string job, CancellationToken cancellationToken);
}

/// <summary>
/// SQLite (one data directory): an exclusive lock on <c>&lt;data&gt;/jobs/&lt;job&gt;.lock</c>, held while the job runs; the
/// operating system drops it when the process ends, even by SIGKILL (as <see cref="Hosting.HostLiveness"/>).
/// </summary>
public sealed class FileJobLock(string dataDirectory) : IJobLock
{
    public Task<IAsyncDisposable?> TryAcquireAsync(string job, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(dataDirectory, "jobs");
        Directory.CreateDirectory(directory);
        try
        {
            // the file stays (deleting it would let two processes lock two different files of one name)
            var file = new FileStream(Path.Combine(directory, $"{job}.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1);
            return Task.FromResult<IAsyncDisposable?>(file);
        }
        catch (IOException e) when (IsHeldElsewhere(e))
        {
            return Task.FromResult<IAsyncDisposable?>(null);
        } // anything else (permissions, a full or read-only disk) is an error, not "running elsewhere": it must be seen
    }

    /// <summary>A sharing or lock violation: Win32 32 or 33 on Windows; a refused <c>flock</c> (EWOULDBLOCK: 11 on Linux, 35 on macOS) on Unix.</summary>
    private static bool IsHeldElsewhere(IOException e) =>
        OperatingSystem.IsWindows() ? (e.HResult & 0xFFFF) is 32 or 33 : e.HResult is 11 or 35 || (e.HResult & 0xFFFF) is 32;
}

/// <summary>
/// SQL Server (several hosts): an exclusive application lock (<c>sp_getapplock</c>, session owner, no wait) on a
/// connection held while the job runs; the server releases it when the session ends. The clustered Quartz store (ADR 124)
/// already fires each job on one host; this lock also covers a <c>run-job</c> verb started by hand.
/// </summary>
public sealed class SqlServerJobLock(string connectionString) : IJobLock
{
    public async Task<IAsyncDisposable?> TryAcquireAsync(string job, CancellationToken cancellationToken)
    {
        // not pooled: closing must end the session, which is what releases a session-owned application lock
        var connection = new SqlConnection(new SqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "sp_getapplock";
            command.CommandType = CommandType.StoredProcedure;
            command.Parameters.AddWithValue("@Resource", $"urssaf-job:{job}");
            command.Parameters.AddWithValue("@LockMode", "Exclusive");
            command.Parameters.AddWithValue("@LockOwner", "Session");
            command.Parameters.AddWithValue("@LockTimeout", 0);
            var result = command.Parameters.Add("@Result", SqlDbType.Int);
            result.Direction = ParameterDirection.ReturnValue;
            await command.ExecuteNonQueryAsync(cancellationToken);
            var status = (int)result.Value;
            if (status >= 0) return connection; // 0 granted, 1 granted after a wait
            if (status != -1) throw new InvalidOperationException($"sp_getapplock answered {status} for job {job}."); // -1: held elsewhere
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        await connection.DisposeAsync();
        return null;
    }
}

public static class DailyJobRuns
{
    /// <summary>Runs the job under its lock and times it; null when another process holds the lock (nothing run).</summary>
    public static async Task<int?> RunExclusiveAsync(this IDailyJob job, IJobLock locks, Observability.UrssafMetrics metrics, CancellationToken cancellationToken)
    {
        await using var held = await locks.TryAcquireAsync(job.Name, cancellationToken);
        if (held is null) return null;
        return await metrics.TimeJobAsync(job.Name, () => job.RunAsync(cancellationToken));
    }
}
