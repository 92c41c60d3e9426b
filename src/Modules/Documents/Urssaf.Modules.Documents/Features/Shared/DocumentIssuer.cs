using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using PdfSharp.Pdf;
using Urssaf.Modules.Documents.Domain;
using Urssaf.Modules.Documents.Persistence;
using Urssaf.Modules.Documents.Rendering;
using Urssaf.Modules.Documents.Signing;
using Urssaf.Modules.Documents.Storage;

namespace Urssaf.Modules.Documents.Features.Shared;

/// <summary>Renders, signs and stores a document, and fills its metadata (key, hash, size).</summary>
internal sealed class DocumentIssuer(DocumentSigner signer, IDocumentStore store, DocumentsDbContext db)
{
    public Task<byte[]> IssueAsync(Document document, Action<PdfDocument> render, string reason, CancellationToken ct) =>
        RenderAsync(document, render, reason, $"{document.AccountId}/{document.Id:N}.pdf", ct);

    private async Task<byte[]> RenderAsync(Document document, Action<PdfDocument> render, string reason, string key, CancellationToken ct)
    {
        EmbeddedFonts.Install();
        byte[] bytes;
        using (var pdf = new PdfDocument())
        {
            pdf.Info.Author = "Urssaf Account";
            pdf.Info.Creator = "Urssaf Account";
            render(pdf);
            bytes = signer.SaveSigned(pdf, reason);
        }

        document.StorageKey = key;
        document.Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        document.SizeBytes = bytes.Length;
        await store.WriteAsync(document.StorageKey, bytes, ct);
        return bytes;
    }

    /// <summary>
    /// The document's PDF; one issued as data is rendered, signed and stored on this first call (ADR 0135), then its key,
    /// hash and size recorded, so every later call returns the same bytes. Two first calls at once (two requests, two
    /// processes) each write their own file; only the first to record wins, the other deletes its file and reads the
    /// winner's. Null when the bytes are gone (deleted since).
    /// </summary>
    public async Task<byte[]?> ContentAsync(Document document, CancellationToken ct)
    {
        if (document.StorageKey is { } stored) return await store.ReadAsync(stored, ct);
        if (DocumentData.RendererOf(document) is not var (reason, render)) return null;

        var rendered = new Document { Id = document.Id, AccountId = document.AccountId };
        // a file of its own per attempt (written and synced before the row names it, ADR 0123): a loser never overwrites the winner's bytes
        var bytes = await RenderAsync(rendered, render, reason, $"{document.AccountId}/{document.Id:N}-{Guid.NewGuid():N}.pdf", ct);
        var recorded = await db.Documents.Where(d => d.Id == document.Id && d.StorageKey == null)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.StorageKey, rendered.StorageKey).SetProperty(d => d.Sha256, rendered.Sha256)
                .SetProperty(d => d.SizeBytes, rendered.SizeBytes), ct);
        if (recorded == 1)
        {
            (document.StorageKey, document.Sha256, document.SizeBytes) = (rendered.StorageKey, rendered.Sha256, rendered.SizeBytes);
            return bytes;
        }

        store.Delete(rendered.StorageKey!);
        var winner = await db.Documents.AsNoTracking().Where(d => d.Id == document.Id)
            .Select(d => new { d.StorageKey, d.Sha256, d.SizeBytes }).SingleOrDefaultAsync(ct);
        if (winner?.StorageKey is null) return null; // deleted meanwhile (end of retention)
        (document.StorageKey, document.Sha256, document.SizeBytes) = (winner.StorageKey, winner.Sha256, winner.SizeBytes);
        return await store.ReadAsync(winner.StorageKey, ct);
    }

    /// <summary>A stable id per source, so a redelivered event writes the same file and the unique key refuses the second row.</summary>
    public static Guid IdFor(string sourceKey) => new(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("document:" + sourceKey)).AsSpan(0, 16));
}
