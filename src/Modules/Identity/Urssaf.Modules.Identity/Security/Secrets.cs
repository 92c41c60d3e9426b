using System.Security.Cryptography;
using System.Text;
using Urssaf.SharedKernel.Infrastructure.Hosting;

namespace Urssaf.Modules.Identity.Security;

/// <summary>CSPRNG secrets and their stored forms (ASVS 11.5.1, 6.5.2).</summary>
internal static class Secrets
{
    /// <summary>256 random bits, base64url (43 characters): activation links, refresh tokens.</summary>
    public static string NewToken() => Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>Six digits from the CSPRNG (≈ 20 bits, enough with 5 tries and 10 minutes).</summary>
    public static string NewSixDigitCode() => RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>SHA-256 of a high-entropy token: enough for a 256-bit secret, and lets us find it by hash.</summary>
    public static string HashToken(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>
    /// A low-entropy code is stored with a salted slow hash (PBKDF2-SHA256, <see cref="IdentityModuleOptions.CodeHashIterations"/>):
    /// <c>salt.hash</c>.
    /// </summary>
    public static string HashCode(string code, int iterations)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        return $"{Convert.ToHexString(salt)}.{Convert.ToHexString(Pbkdf2(code, salt, iterations))}";
    }

    public static bool VerifyCode(string code, string stored, int iterations)
    {
        var parts = stored.Split('.');
        if (parts.Length != 2 || code.Length > 32) return false;
        return CryptographicOperations.FixedTimeEquals(Pbkdf2(code, Convert.FromHexString(parts[0]), iterations), Convert.FromHexString(parts[1]));
    }

    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] Pbkdf2(string code, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(code), salt, iterations, HashAlgorithmName.SHA256, 32);
}

/// <summary>
/// The NIR is needed only to log in and to show it masked: we keep an HMAC for lookups (keyed, so a stolen
/// database cannot be brute-forced over the NIR space) and a masked form; never the NIR itself.
/// </summary>
internal sealed class NirProtector(byte[] key)
{
    public string Lookup(string nir) => Convert.ToHexString(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(Domain.Identifiers.NormalizeNir(nir))));

    /// <summary>Sex and year of birth stay readable; the rest is hidden (<c>2 95 •• •• ••• ••• ••</c>).</summary>
    public static string Mask(string nir)
    {
        nir = Domain.Identifiers.NormalizeNir(nir);
        return $"{nir[0]} {nir.Substring(1, 2)} •• •• ••• ••• ••";
    }
}

/// <summary>Identity's secrets and policies (<c>Identity:*</c>).</summary>
internal sealed class IdentityModuleOptions
{
    public const string Section = "Identity";

    public const int MinPasswordHashIterations = 210_000, MinCodeHashIterations = 50_000;

    /// <summary>PBKDF2-HMAC-SHA512 iterations; the binding decision requires at least 210,000.</summary>
    public int PasswordHashIterations { get; set; } = MinPasswordHashIterations;

    /// <summary>PBKDF2-SHA256 iterations of six-digit codes (at least 50,000).</summary>
    public int CodeHashIterations { get; set; } = MinCodeHashIterations;

    /// <summary>
    /// Only the <c>Testing</c> environment (the test hosts, never Development) may set fewer iterations than the floors:
    /// a thousand slow hashes are most of the test suite's time otherwise (ADR 0141).
    /// </summary>
    public static bool MayHashFaster(Microsoft.Extensions.Hosting.IHostEnvironment environment) => environment.IsTesting();

    /// <summary>Base64 key of the NIR lookup HMAC; generated into the data directory outside Production.</summary>
    public string? LookupKey { get; set; }

    public Domain.SessionOptions Sessions { get; set; } = new();

    /// <summary>
    /// How long a session found active is trusted without reading it again (ADR 0021). Unset: 30 s on SQLite (one host,
    /// where revocation also clears the cache), 0 (off) on SQL Server, where another host may revoke the session.
    /// </summary>
    public int? SessionCacheSeconds { get; set; }
}
