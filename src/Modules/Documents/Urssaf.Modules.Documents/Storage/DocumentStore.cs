namespace Urssaf.Modules.Documents.Storage;

/// <summary>Where document bytes live; metadata stays in the module's schema.</summary>
internal interface IDocumentStore
{
    Task WriteAsync(string key, byte[] content, CancellationToken cancellationToken);
    Task<byte[]?> ReadAsync(string key, CancellationToken cancellationToken);

    /// <summary>Opens the file for streaming (an export copies it without loading it), or null when absent.</summary>
    Stream? OpenRead(string key);

    void Delete(string key);
}

/// <summary>Files under <c>&lt;data&gt;/documents</c>; written to a temporary name then moved, so a crash never leaves half a PDF.</summary>
internal sealed class FileDocumentStore(string root) : IDocumentStore
{
    public async Task WriteAsync(string key, byte[] content, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp-" + Guid.NewGuid().ToString("N");
        await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough))
            await file.WriteAsync(content, cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }

    public async Task<byte[]?> ReadAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        return File.Exists(path) ? await File.ReadAllBytesAsync(path, cancellationToken) : null;
    }

    public Stream? OpenRead(string key)
    {
        var path = PathOf(key);
        return File.Exists(path) ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous) : null;
    }

    public void Delete(string key)
    {
        var path = PathOf(key);
        if (File.Exists(path)) File.Delete(path);
    }

    /// <summary>Keys are generated here (account/document.pdf with GUIDs): anything else is refused rather than resolved.</summary>
    private string PathOf(string key)
    {
        if (key.Contains("..", StringComparison.Ordinal) || Path.IsPathRooted(key)) throw new ArgumentException("Invalid document key.", nameof(key));
        return Path.Combine(root, key);
    }
}
