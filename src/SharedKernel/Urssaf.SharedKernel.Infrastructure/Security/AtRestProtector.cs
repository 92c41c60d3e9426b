using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Urssaf.SharedKernel.Infrastructure.Hosting;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Infrastructure.Persistence;

namespace Urssaf.SharedKernel.Infrastructure.Security;

/// <summary>
/// AES-256-GCM for values that must never rest in clear (ASVS 11.3.2): <c>nonce (12) | tag (16) | ciphertext</c>, with
/// associated data binding the cipher to its row (a cipher copied onto another row does not open). Text is stored as
/// <see cref="Prefix"/> + base64, so that a reader tells a sealed value from a legacy clear one.
/// </summary>
public sealed class AtRestProtector
{
    public const string Prefix = "sealed:v1:";
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[] _key;

    public AtRestProtector(byte[] key) =>
        _key = key.Length == 32 ? key : throw new ArgumentException("An AES-256 key is 32 bytes.", nameof(key));

    public byte[] Seal(ReadOnlySpan<byte> plain, ReadOnlySpan<byte> associatedData)
    {
        var output = new byte[NonceSize + TagSize + plain.Length];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plain, output.AsSpan(NonceSize + TagSize), output.AsSpan(NonceSize, TagSize), associatedData);
        return output;
    }

    /// <exception cref="AuthenticationTagMismatchException">The cipher was altered, or belongs to another row or key.</exception>
    public byte[] Open(ReadOnlySpan<byte> sealedBytes, ReadOnlySpan<byte> associatedData)
    {
        if (sealedBytes.Length < NonceSize + TagSize) throw new CryptographicException("Not a sealed value.");
        var plain = new byte[sealedBytes.Length - NonceSize - TagSize];
        using var aes = new AesGcm(_key, TagSize);
        aes.Decrypt(sealedBytes[..NonceSize], sealedBytes[(NonceSize + TagSize)..], sealedBytes.Slice(NonceSize, TagSize), plain, associatedData);
        return plain;
    }

    public string SealText(string text, string context) =>
        Prefix + Convert.ToBase64String(Seal(Encoding.UTF8.GetBytes(text), Encoding.UTF8.GetBytes(context)));

    public static bool IsSealed(string? value) => value is not null && value.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>The clear text of a sealed value; a value stored before sealing existed is returned as it is.</summary>
    public string OpenText(string value, string context) => IsSealed(value)
        ? Encoding.UTF8.GetString(Open(Convert.FromBase64String(value[Prefix.Length..]), Encoding.UTF8.GetBytes(context)))
        : value;

    /// <summary>
    /// A 32-byte key from configuration (base64) — required outside Development and Testing (ADR 50) — or, there, generated once into
    /// <paramref name="fileName"/> in the data directory (owner-only file), as the other embedded-default secrets.
    /// </summary>
    public static byte[] LoadKey(IConfiguration configuration, IHostEnvironment environment, string configurationKey, string fileName)
    {
        var configured = configuration[configurationKey];
        if (string.IsNullOrEmpty(configured))
        {
            if (environment.IsProductionLike()) throw new InvalidOperationException($"{configurationKey} must be configured outside Development and Testing.");
            var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
            configured = SecretFiles.ReadOrCreate(Path.Combine(storage.FullDataDirectory, fileName),
                () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        }

        var key = Convert.FromBase64String(configured);
        return key.Length == 32 ? key : throw new InvalidOperationException($"{configurationKey} must be 32 bytes in base64.");
    }
}
