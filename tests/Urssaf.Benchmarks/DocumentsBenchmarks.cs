using BenchmarkDotNet.Attributes;
using PdfSharp.Pdf;
using Urssaf.Modules.Documents.Domain;
using Urssaf.Modules.Documents.Rendering;
using Urssaf.Modules.Documents.Signing;
using System.Security.Cryptography.X509Certificates;

namespace Urssaf.Benchmarks;

/// <summary>One declaration receipt, as the Documents inbox makes it for every filing: French A4 layout with the embedded font, signed (PKCS#7, RSA-2048).</summary>
[MemoryDiagnoser]
public class DocumentsBenchmarks
{
    private static readonly Holder Holder = new()
    {
        Siret = "73282932000074", LegalName = "Camille Martin", Address = "12 rue des Lilas, 75011 Paris", ApeCode = "6201Z",
        ActivityStartDate = new DateOnly(2024, 3, 1),
    };

    private static readonly DeclarationReceiptData Receipt = new("2026-Q3", new DateOnly(2026, 7, 1), new DateOnly(2026, 9, 30), new DateOnly(2026, 10, 31),
        new DateTime(2026, 10, 15, 8, 0, 0, DateTimeKind.Utc), 1, [new ReceiptLine("liberal_bnc", 12_345, 24.6m, 303_700)], 2_469, 0, 0, 306_169);

    private DocumentSigner _signer = null!;

    [GlobalSetup]
    public void Setup()
    {
        EmbeddedFonts.Install();
        _signer = new DocumentSigner(X509CertificateLoader.LoadPkcs12(DocumentSigner.CreateSelfSignedPkcs12(), null));
    }

    [Benchmark(Description = "Declaration receipt: render, sign, save")]
    public int DeclarationReceipt()
    {
        using var pdf = new PdfDocument();
        Renderers.DeclarationReceipt(pdf, Holder, Receipt);
        return _signer.SaveSigned(pdf, "Accusé de réception de déclaration").Length;
    }
}
