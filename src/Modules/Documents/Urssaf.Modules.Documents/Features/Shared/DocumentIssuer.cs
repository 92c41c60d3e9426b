using System.Security.Cryptography;
using PdfSharp.Pdf;
using Urssaf.Modules.Documents.Domain;
using Urssaf.Modules.Documents.Rendering;
using Urssaf.Modules.Documents.Signing;
using Urssaf.Modules.Documents.Storage;

namespace Urssaf.Modules.Documents.Features.Shared;

/// <summary>Renders, signs and stores a document, and fills its metadata (key, hash, size).</summary>
internal sealed class DocumentIssuer(DocumentSigner signer, IDocumentStore store)
{
    public async Task<byte[]> IssueAsync(Document document, Action<PdfDocument> render, string reason, CancellationToken ct)
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

        document.StorageKey = $"{document.AccountId}/{document.Id:N}.pdf";
        document.Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        document.SizeBytes = bytes.Length;
        await store.WriteAsync(document.StorageKey, bytes, ct);
        return bytes;
    }

    /// <summary>A stable id per source, so a redelivered event writes the same file and the unique key refuses the second row.</summary>
    public static Guid IdFor(string sourceKey) => new(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("document:" + sourceKey)).AsSpan(0, 16));
}
