using System.Security.Cryptography;
using System.Text;

namespace Urssaf.Modules.Payments.Security;

/// <summary>
/// Encrypts IBANs at rest with AES-256-GCM (ASVS 11.3.2): nonce (12) | tag (16) | ciphertext, the mandate id as
/// associated data so that a cipher copied onto another mandate does not decrypt. The same key seals the pain.008 files.
/// </summary>
internal sealed class IbanProtector(byte[] key)
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public byte[] Protect(string iban, Guid mandateId)
    {
        var plain = Encoding.ASCII.GetBytes(iban);
        var output = new byte[NonceSize + TagSize + plain.Length];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plain, output.AsSpan(NonceSize + TagSize), output.AsSpan(NonceSize, TagSize), mandateId.ToByteArray());
        return output;
    }

    /// <summary>A whole pain.008 file, bound to its batch (ADR 0041): the same key, another associated data.</summary>
    public byte[] ProtectFile(byte[] content, Guid batchId)
    {
        var output = new byte[NonceSize + TagSize + content.Length];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, content, output.AsSpan(NonceSize + TagSize), output.AsSpan(NonceSize, TagSize), FileContext(batchId));
        return output;
    }

    public byte[] UnprotectFile(byte[] cipher, Guid batchId)
    {
        var plain = new byte[cipher.Length - NonceSize - TagSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(cipher.AsSpan(0, NonceSize), cipher.AsSpan(NonceSize + TagSize), cipher.AsSpan(NonceSize, TagSize), plain, FileContext(batchId));
        return plain;
    }

    private static byte[] FileContext(Guid batchId) => [.. "pain.008:"u8, .. batchId.ToByteArray()];

    public string Unprotect(byte[] cipher, Guid mandateId)
    {
        var plain = new byte[cipher.Length - NonceSize - TagSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(cipher.AsSpan(0, NonceSize), cipher.AsSpan(NonceSize + TagSize), cipher.AsSpan(NonceSize, TagSize), plain, mandateId.ToByteArray());
        return Encoding.ASCII.GetString(plain);
    }
}
