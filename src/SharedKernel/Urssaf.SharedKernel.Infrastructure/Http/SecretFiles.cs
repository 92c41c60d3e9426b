namespace Urssaf.SharedKernel.Infrastructure.Http;

/// <summary>Secrets generated for the embedded default, kept in the data directory, readable by the owner only.</summary>
public static class SecretFiles
{
    public static string ReadOrCreate(string path, Func<string> create)
    {
        if (File.Exists(path)) return File.ReadAllText(path).Trim();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var value = create();
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        try
        {
            using var writer = new StreamWriter(path, options);
            writer.Write(value);
        }
        catch (IOException) when (File.Exists(path))
        {
            return File.ReadAllText(path).Trim(); // another process created it first
        }

        return value;
    }
}
