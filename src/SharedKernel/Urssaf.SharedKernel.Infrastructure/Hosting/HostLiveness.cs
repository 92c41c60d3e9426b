namespace Urssaf.SharedKernel.Infrastructure.Hosting;

/// <summary>
/// Which host processes are alive on one data directory: each holds an exclusive lock on its own file in
/// <c>&lt;data&gt;/hosts</c> for its lifetime; the operating system drops the lock when the process dies, even by SIGKILL.
/// A starting host may end leases early (ADR 0120) only when it is alone: a lock it can take belongs to a dead process.
/// The owner holds a shared lock (<c>FileShare.Read</c>: readers such as backups still open the file), which an
/// exclusive open by another process cannot take while the owner lives.
/// </summary>
public sealed class HostLiveness : IDisposable
{
    private readonly string _directory;
    private readonly FileStream _mine;

    public HostLiveness(string dataDirectory)
    {
        _directory = Path.Combine(dataDirectory, "hosts");
        Directory.CreateDirectory(_directory);
        _mine = new FileStream(Path.Combine(_directory, $"{Environment.ProcessId}-{Guid.NewGuid():N}.lock"),
            FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read, 1, FileOptions.DeleteOnClose);
    }

    /// <summary>True when another live process holds its lock on this data directory; the files of dead ones are removed.</summary>
    public bool OthersAlive()
    {
        var alive = false;
        foreach (var path in Directory.GetFiles(_directory, "*.lock"))
        {
            if (path == _mine.Name) continue;
            try
            {
                using (new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None)) { }
                File.Delete(path); // taken: its process is gone
            }
            catch (FileNotFoundException) { }
            catch (IOException)
            {
                alive = true;
            }
            catch (UnauthorizedAccessException)
            {
                alive = true;
            }
        }

        return alive;
    }

    public void Dispose() => _mine.Dispose();
}
