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

/// <summary>
/// Files under <c>&lt;data&gt;/documents</c>; written to a temporary name then moved, so a crash never leaves half a PDF.
/// The file is written and its directory synced BEFORE the commit that records it (ADR 0123): a recorded document always
/// has its bytes, even after a power loss. A crash between the two leaves an orphan file, which
/// <see cref="OrphanDocumentSweep"/> removes.
/// </summary>
internal sealed class FileDocumentStore(string root) : IDocumentStore
{
    public string Root => root;

    public Task WriteAsync(string key, byte[] content, CancellationToken cancellationToken) =>
        SharedKernel.Infrastructure.Storage.DurableFiles.WriteAtomicallyAsync(PathOf(key), content, cancellationToken);

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
