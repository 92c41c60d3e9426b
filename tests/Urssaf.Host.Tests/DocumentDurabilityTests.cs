using Microsoft.Extensions.DependencyInjection;
using Urssaf.Modules.Documents.Domain;
using Urssaf.Modules.Documents.Persistence;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Storage;
using Urssaf.TestKit;

namespace Urssaf.Host.Tests;

/// <summary>PDFs on disk survive a power loss once recorded, and a crash before the record leaves no orphan for long (ADR 0123).</summary>
public sealed class DocumentDurabilityTests(UrssafApp app) : IClassFixture<UrssafApp>
{
    [Fact]
    public async Task A_durable_write_leaves_the_bytes_in_place_and_no_temporary_file()
    {
        var directory = Path.Combine(app.DataDirectory, "durable", Guid.NewGuid().ToString("N"));
        var path = Path.Combine(directory, "a.pdf");
        await DurableFiles.WriteAtomicallyAsync(path, [1, 2, 3], CancellationToken.None);
        await DurableFiles.WriteAtomicallyAsync(path, [4, 5], CancellationToken.None);
        Assert.Equal([4, 5], await File.ReadAllBytesAsync(path));
        Assert.Single(Directory.GetFiles(directory));
        Assert.Throws<IOException>(() => DurableFiles.SyncDirectory(Path.Combine(directory, "missing")));
    }

    [Fact]
    public async Task The_sweep_deletes_old_files_no_document_names_and_keeps_recorded_and_recent_ones()
    {
        var root = Path.Combine(app.DataDirectory, "documents");
        var account = Guid.NewGuid();
        string File(string name) => Path.Combine(root, account.ToString(), name);
        var orphan = File($"{Guid.NewGuid():N}.pdf");
        var recorded = File($"{Guid.NewGuid():N}.pdf");
        var recent = File($"{Guid.NewGuid():N}.pdf");
        foreach (var path in new[] { orphan, recorded, recent }) await DurableFiles.WriteAtomicallyAsync(path, [1], CancellationToken.None);
        var old = app.Clock.GetUtcNow().UtcDateTime.AddDays(-2);
        System.IO.File.SetLastWriteTimeUtc(orphan, old);
        System.IO.File.SetLastWriteTimeUtc(recorded, old);
        await app.ScopedAsync(async sp =>
        {
            var db = sp.GetRequiredService<DocumentsDbContext>();
            db.Documents.Add(new Document
            {
                Id = Guid.NewGuid(), AccountId = new AccountId(account), Type = "declaration_receipt", Title = "Reçu", SourceKey = $"test:{Guid.NewGuid()}",
                StorageKey = Path.GetRelativePath(root, recorded).Replace('\\', '/'), Sha256 = "00", SizeBytes = 1, IssuedOnUtc = old,
            });
            return await db.SaveChangesAsync();
        });

        Assert.Equal(1, await app.RunDailyJobAsync("sweep-orphan-documents"));
        Assert.False(System.IO.File.Exists(orphan));
        Assert.True(System.IO.File.Exists(recorded));
        Assert.True(System.IO.File.Exists(recent));
    }
}
