using System.Runtime.InteropServices;
using System.Text;

namespace Urssaf.SharedKernel.Infrastructure.Http;

/// <summary>
/// Secrets generated for the embedded default, kept in the data directory, readable by the owner only. A secret is
/// written to a temporary file, flushed to disk and then moved into place, so a process killed while writing it never
/// leaves a truncated key or certificate that every later start would use (and fail on, or worse, accept).
/// The first writer wins atomically: on Unix the temporary file is hard-linked to its name, which fails when the name
/// exists (.NET's File.Move checks the destination, then renames over it: two starters could both "win", and the
/// first would keep a key the file no longer holds).
/// </summary>
public static class SecretFiles
{
    public static string ReadOrCreate(string path, Func<string> create) =>
        Encoding.UTF8.GetString(ReadOrCreateBytes(path, () => Encoding.UTF8.GetBytes(create()))).Trim();

    /// <summary>The file's bytes; when it does not exist, <paramref name="create"/>'s, written atomically (first writer wins).</summary>
    public static byte[] ReadOrCreateBytes(string path, Func<byte[]> create)
    {
        if (File.Exists(path)) return File.ReadAllBytes(path);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var value = create();
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        try
        {
            using (var file = new FileStream(temporary, options))
            {
                file.Write(value);
                file.Flush(flushToDisk: true);
            }

            if (!OperatingSystem.IsWindows()) return Link(temporary, path) ? value : File.ReadAllBytes(path); // false: another was first
            File.Move(temporary, path, overwrite: false); // MoveFileEx without replace: atomic on Windows
            return value;
        }
        catch (IOException) when (File.Exists(path))
        {
            return File.ReadAllBytes(path); // another process created it first
        }
        finally
        {
            File.Delete(temporary); // nothing left when the move happened
        }
    }

    /// <summary>
    /// True when <paramref name="path"/> now names the temporary file's content; false when it already existed. A file
    /// system without hard links (vfat, some network mounts) falls back to File.Move, whose check-then-rename is the
    /// best it offers.
    /// </summary>
    private static bool Link(string temporary, string path)
    {
        if (link(temporary, path) == 0) return true;
        var error = Marshal.GetLastPInvokeError();
        if (error == EEXIST) return false;
        if (error is EPERM or EXDEV or EMLINK or ENOSYS or EOPNOTSUPP)
        {
            File.Move(temporary, path, overwrite: false); // throws when the name exists: the caller reads it
            return true;
        }

        throw new IOException($"Cannot create {path}: {Marshal.GetPInvokeErrorMessage(error)}");
    }

    // Linux values (macOS: EEXIST, EPERM, EXDEV and EMLINK are the same; ENOSYS 78 and EOPNOTSUPP 102 end in the exception)
    private const int EPERM = 1, EXDEV = 18, EEXIST = 17, EMLINK = 31, ENOSYS = 38, EOPNOTSUPP = 95;

    [DllImport("libc", EntryPoint = "link", SetLastError = true)] // strings marshalled as UTF-8 on Unix
    private static extern int link(string oldPath, string newPath);
}
