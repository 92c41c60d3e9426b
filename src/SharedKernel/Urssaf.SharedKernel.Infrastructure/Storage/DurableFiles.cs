using System.Runtime.InteropServices;

namespace Urssaf.SharedKernel.Infrastructure.Storage;

/// <summary>
/// A rename is durable only once its directory is flushed: after a power loss, a file moved into place but whose
/// directory entry was still in the page cache is gone, while the database row that names it was synced (ADR 0123).
/// </summary>
public static class DurableFiles
{
    /// <summary>Flushes a directory's entries to disk (fsync on its descriptor); a no-op on Windows, where the rename is journaled.</summary>
    public static void SyncDirectory(string directory)
    {
        if (OperatingSystem.IsWindows()) return;
        var fd = Open(directory, 0); // O_RDONLY: a directory can be opened read-only and fsynced
        if (fd < 0) throw new IOException($"Cannot open the directory to sync it (errno {Marshal.GetLastPInvokeError()}).");
        try
        {
            if (Fsync(fd) != 0) throw new IOException($"fsync of the directory failed (errno {Marshal.GetLastPInvokeError()}).");
        }
        finally
        {
            _ = Close(fd);
        }
    }

    /// <summary>Writes bytes to a temporary file flushed to disk, moves it into place and flushes the directory.</summary>
    public static async Task WriteAtomicallyAsync(string path, byte[] content, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var created = !Directory.Exists(directory);
        Directory.CreateDirectory(directory);
        var temporary = path + ".tmp-" + Guid.NewGuid().ToString("N");
        await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough))
            await file.WriteAsync(content, cancellationToken);
        File.Move(temporary, path, overwrite: true);
        SyncDirectory(directory);
        if (created) SyncDirectory(Path.GetDirectoryName(directory)!); // the new directory's own entry
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int Fsync(int fd);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int fd);
}
