using System.Text;

namespace Urssaf.SharedKernel.Infrastructure.Http;

/// <summary>
/// Secrets generated for the embedded default, kept in the data directory, readable by the owner only. A secret is
/// written to a temporary file, flushed to disk and then moved into place, so a process killed while writing it never
/// leaves a truncated key or certificate that every later start would use (and fail on, or worse, accept).
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

            File.Move(temporary, path, overwrite: false);
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
}
