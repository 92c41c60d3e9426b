using System.Text;
using Urssaf.SharedKernel.Infrastructure.Security;

namespace Urssaf.Modules.Payments.Security;

/// <summary>
/// Encrypts IBANs at rest with AES-256-GCM (ASVS 11.3.2): nonce (12) | tag (16) | ciphertext, the mandate id as
/// associated data so that a cipher copied onto another mandate does not decrypt. The same key seals the stored pain.008
/// files, bound to their batch (ADR 41).
/// </summary>
internal sealed class IbanProtector(byte[] key)
{
    private readonly AtRestProtector _box = new(key);

    public byte[] Protect(string iban, Guid mandateId) => _box.Seal(Encoding.ASCII.GetBytes(iban), mandateId.ToByteArray());

    public string Unprotect(byte[] cipher, Guid mandateId) => Encoding.ASCII.GetString(_box.Open(cipher, mandateId.ToByteArray()));

    /// <summary>A whole pain.008 file, bound to its batch: the same key, another associated data.</summary>
    public byte[] ProtectFile(byte[] content, Guid batchId) => _box.Seal(content, FileContext(batchId));

    public byte[] UnprotectFile(byte[] cipher, Guid batchId) => _box.Open(cipher, FileContext(batchId));

    private static byte[] FileContext(Guid batchId) => [.. "pain.008:"u8, .. batchId.ToByteArray()];
}
