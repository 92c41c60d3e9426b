using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Signatures;

namespace Urssaf.Modules.Documents.Signing;

/// <summary>
/// Signs PDFs with the service's certificate (PKCS#7 detached, SHA-256, over the whole file but the signature itself)
/// and verifies them: any changed byte is detected.
/// </summary>
internal sealed class DocumentSigner(X509Certificate2 certificate)
{
    private readonly PdfSigner _pdfSigner = new(certificate);

    public X509Certificate2 Certificate => certificate;

    /// <summary>Saves the document signed; the signature is computed when the file is written.</summary>
    public byte[] SaveSigned(PdfDocument document, string reason)
    {
        var options = new DigitalSignatureOptions
        {
            ContactInfo = "Urssaf Account",
            Location = "France",
            Reason = reason,
            AppName = "Urssaf Account",
            Rectangle = new XRect(0, 0, 0, 0), // invisible: the visible statement is the page itself
            PageIndex = 0,
        };
        DigitalSignatureHandler.ForDocument(document, _pdfSigner, options);
        // zlib's fastest level: the embedded font subset dominates the cost of a receipt, and the file grows only a little
        document.Options.FlateEncodeMode = PdfFlateEncodeMode.BestSpeed;
        using var stream = new MemoryStream();
        document.Save(stream, closeStream: false);
        return stream.ToArray();
    }

    /// <summary>True when the last signature of the file covers all of it but the signature, and was made with this service's certificate.</summary>
    public bool Verify(byte[] pdf)
    {
        try
        {
            var text = Encoding.Latin1.GetString(pdf);
            var at = text.LastIndexOf("/ByteRange", StringComparison.Ordinal);
            if (at < 0) return false;
            var open = text.IndexOf('[', at);
            var close = text.IndexOf(']', open);
            var range = text[(open + 1)..close].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse).ToArray();
            if (range.Length != 4 || range[0] != 0 || range[2] + range[3] != pdf.Length) return false;

            var signed = new byte[range[1] + range[3]];
            Array.Copy(pdf, 0, signed, 0, range[1]);
            Array.Copy(pdf, range[2], signed, range[1], range[3]);
            var hex = text[(int)range[1]..(int)range[2]].Trim('<', '>', ' ');
            var der = Convert.FromHexString(hex);
            AsnDecoder.ReadEncodedValue(der, AsnEncodingRules.BER, out _, out _, out var length);

            var cms = new SignedCms(new ContentInfo(signed), detached: true);
            cms.Decode(der.AsSpan(0, length));
            cms.CheckSignature(verifySignatureOnly: true);
            return cms.SignerInfos.Count == 1 && cms.SignerInfos[0].Certificate?.Thumbprint == certificate.Thumbprint;
        }
        catch (Exception e) when (e is CryptographicException or FormatException or ArgumentException or AsnContentException or OverflowException)
        {
            return false;
        }
    }

    /// <summary>A self-signed RSA-2048 certificate for development and tests (never in Production).</summary>
    public static byte[] CreateSelfSignedPkcs12()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=Urssaf Account documents (development), O=Urssaf Account, C=FR", rsa, HashAlgorithmName.SHA256,
            RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, critical: true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(5));
        return certificate.Export(X509ContentType.Pkcs12);
    }

    /// <summary>
    /// The PKCS#7 signer PDFsharp calls. Unlike PDFsharp's default signer, made once per certificate: the reserved
    /// size is measured once (the default signs a dummy document before every real one), the private key is read
    /// once, and only the end certificate is embedded (the default builds an X.509 chain at every signature; a
    /// verifier has the service's certificate, and the chain of a configured certificate adds nothing it checks).
    /// </summary>
    private sealed class PdfSigner(X509Certificate2 certificate) : IDigitalSigner
    {
        private readonly RSA _key = certificate.GetRSAPrivateKey()
            ?? throw new InvalidOperationException("The documents certificate has no RSA private key.");
        private int _size;

        public string CertificateName => certificate.GetNameInfo(X509NameType.SimpleName, false) ?? "(undefined)";

        public Task<int> GetSignatureSizeAsync()
        {
            // RSA signatures have a fixed size; a few bytes of margin cover the DER length encodings.
            if (_size == 0) _size = Sign([0]).Length + 4;
            return Task.FromResult(_size);
        }

        public Task<byte[]> GetSignatureAsync(Stream stream)
        {
            var content = new byte[stream.Length];
            stream.Position = 0;
            stream.ReadExactly(content);
            return Task.FromResult(Sign(content));
        }

        private byte[] Sign(byte[] content)
        {
            var cms = new SignedCms(new ContentInfo(content), detached: true);
            var signer = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, certificate, _key)
            {
                DigestAlgorithm = Oid.FromFriendlyName("sha256", OidGroup.HashAlgorithm),
                IncludeOption = X509IncludeOption.EndCertOnly,
            };
            signer.UnsignedAttributes.Add(new Pkcs9SigningTime());
            lock (_key) cms.ComputeSignature(signer, silent: true); // one key object, shared: never used by two threads at once
            return cms.Encode();
        }
    }
}
