namespace Urssaf.Modules.Documents;

/// <summary><c>Documents:*</c> configuration.</summary>
internal sealed class DocumentsOptions
{
    public const string Section = "Documents";

    /// <summary>The public address printed in the QR code and the verification text.</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:5000";

    /// <summary>PKCS#12 file of the signing certificate (with its private key); required in Production, self-signed into the data directory elsewhere.</summary>
    public string? SigningCertificatePath { get; set; }

    public string? SigningCertificatePassword { get; set; }

    /// <summary>How long an attestation de vigilance is valid (CT D8222-5: dated less than six months).</summary>
    public int AttestationValidityMonths { get; set; } = 6;
}
