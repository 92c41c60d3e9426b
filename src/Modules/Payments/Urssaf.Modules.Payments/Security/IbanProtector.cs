using System.Security.Cryptography;
using System.Text;

namespace Urssaf.Modules.Payments.Security;

/// <summary>
/// Encrypts IBANs at rest with AES-256-GCM (ASVS 11.3.2): nonce (12) | tag (16) | ciphertext, the mandate id as
/// associated data so that a cipher copied onto another mandate does not decrypt.
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

    public string Unprotect(byte[] cipher, Guid mandateId)
    {
        var plain = new byte[cipher.Length - NonceSize - TagSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(cipher.AsSpan(0, NonceSize), cipher.AsSpan(NonceSize + TagSize), cipher.AsSpan(NonceSize, TagSize), plain, mandateId.ToByteArray());
        return Encoding.ASCII.GetString(plain);
    }
}
