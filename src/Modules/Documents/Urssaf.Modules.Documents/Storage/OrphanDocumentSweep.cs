using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Urssaf.Modules.Documents.Persistence;
using Urssaf.SharedKernel.Infrastructure.Modules;

namespace Urssaf.Modules.Documents.Storage;

/// <summary>
/// Daily: deletes PDF files that no document row names, left by a crash between the file's write and the commit
/// (ADR 0123). Only files older than a day, so a document being issued right now is never touched; temporary files too.
/// </summary>
internal sealed class OrphanDocumentSweep(IServiceScopeFactory scopes, IDocumentStore store, TimeProvider clock) : IDailyJob
{
    public string Name => "sweep-orphan-documents";

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        if (store is not FileDocumentStore files || !Directory.Exists(files.Root)) return 0;
        var before = clock.GetUtcNow().UtcDateTime.AddDays(-1);
        var candidates = Directory.EnumerateFiles(files.Root, "*", SearchOption.AllDirectories)
            .Where(f => File.GetLastWriteTimeUtc(f) < before)
            .Select(f => (Path: f, Key: Path.GetRelativePath(files.Root, f).Replace('\\', '/')))
            .ToList();
        var deleted = 0;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DocumentsDbContext>();
        foreach (var chunk in candidates.Chunk(500))
        {
            var keys = chunk.Select(c => c.Key).ToList();
            var known = (await db.Documents.AsNoTracking().Where(d => d.StorageKey != null && keys.Contains(d.StorageKey)).Select(d => d.StorageKey!).ToListAsync(cancellationToken)).ToHashSet();
            foreach (var (path, key) in chunk.Where(c => !known.Contains(c.Key)))
            {
                File.Delete(path);
                deleted++;
            }
        }

        return deleted;
    }
}
