namespace Urssaf.Modules.Documents;

/// <summary><c>Documents:*</c> configuration.</summary>
internal sealed class DocumentsOptions
{
    public const string Section = "Documents";

    /// <summary>
    /// The public address printed in the QR code and the verification text (which lead to <c>/verification/{code}</c>).
    /// Unset, it is the host's own address: the first of <c>urls</c> (<c>ASPNETCORE_URLS</c>, <c>--urls</c>) with a wildcard
    /// host read as <c>localhost</c>, else <see cref="HostDefault"/>. Behind a proxy, configure the public address.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>Where the host listens when nothing says otherwise (README, launch profile).</summary>
    public const string HostDefault = "http://localhost:5080";

    public static string HostAddress(string? urls)
    {
        var first = urls?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        if (first is null) return HostDefault;
        foreach (var wildcard in new[] { "://*", "://+", "://0.0.0.0", "://[::]" })
            if (first.Contains(wildcard, StringComparison.Ordinal)) first = first.Replace(wildcard, "://localhost", StringComparison.Ordinal);
        return Uri.TryCreate(first, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) : HostDefault;
    }

    /// <summary>PKCS#12 file of the signing certificate (with its private key); required in Production, self-signed into the data directory elsewhere.</summary>
    public string? SigningCertificatePath { get; set; }

    public string? SigningCertificatePassword { get; set; }

    /// <summary>How long an attestation de vigilance is valid (CT D8222-5: dated less than six months).</summary>
    public int AttestationValidityMonths { get; set; } = 6;
}
