using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Urssaf.SharedKernel.Infrastructure.Hosting;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Infrastructure.Persistence;

namespace Urssaf.SharedKernel.Infrastructure.Journal;

/// <summary>
/// The service's checkpoint key (ECDSA P-256, <c>Journal:SigningKey</c> as base64 PKCS#8; generated into the data
/// directory outside Production). Only the holder of this key can sign a head, so a chain rewritten with database
/// access alone no longer matches its checkpoints.
/// </summary>
public sealed class JournalSigner : IDisposable
{
    public const string ConfigurationKey = "Journal:SigningKey";
    private readonly ECDsa _key;

    public JournalSigner(byte[] pkcs8)
    {
        _key = ECDsa.Create();
        _key.ImportPkcs8PrivateKey(pkcs8, out _);
    }

    public static JournalSigner Load(IConfiguration configuration, IHostEnvironment environment)
    {
        if (configuration[ConfigurationKey] is { Length: > 0 } configured) return new JournalSigner(Convert.FromBase64String(configured));
        if (environment.IsProductionLike()) throw new InvalidOperationException($"{ConfigurationKey} must be configured outside Development and Testing.");
        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        var text = SecretFiles.ReadOrCreate(Path.Combine(storage.FullDataDirectory, "journal-signing.key"), () =>
        {
            using var fresh = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            return Convert.ToBase64String(fresh.ExportPkcs8PrivateKey());
        });
        return new JournalSigner(Convert.FromBase64String(text));
    }

    public string Sign(byte[] content) => Convert.ToBase64String(_key.SignData(content, HashAlgorithmName.SHA256));

    public bool Verify(byte[] content, string signature)
    {
        try
        {
            return _key.VerifyData(content, Convert.FromBase64String(signature), HashAlgorithmName.SHA256);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    public void Dispose() => _key.Dispose();
}
