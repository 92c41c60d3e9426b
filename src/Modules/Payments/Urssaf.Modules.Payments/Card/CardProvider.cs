using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Urssaf.Modules.Payments.Card;

/// <summary>What the provider needs to open its hosted page for one card payment.</summary>
internal sealed record CardCheckout(Guid PaymentId, long AmountCents, string Description, DateTime ExpiresOnUtc);

/// <summary>
/// The payment service provider, behind one interface (ADR 0091): it opens a hosted page for a payment and later notifies
/// the result to <c>POST /api/v1/payments/psp/notifications</c>, signed with the shared secret (<see cref="PspSignature"/>).
/// A real provider replaces the stand-in by configuration (<c>Payments:Card:Provider</c>).
/// </summary>
internal interface ICardPaymentProvider
{
    string Name { get; }

    /// <summary>The address of the provider's page where the entrepreneur enters the card.</summary>
    Task<string> StartAsync(CardCheckout checkout, CancellationToken cancellationToken);
}

/// <summary>The notification secret (<c>Payments:Card:WebhookSecret</c>), as bytes.</summary>
internal sealed class CardWebhookSecret(byte[] key)
{
    public byte[] Key { get; } = key;
}

/// <summary>
/// <c>Psp-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256 of "&lt;t&gt;.&lt;raw body&gt;"&gt;</c> (API.md): the timestamp must be
/// within 5 minutes of now (a replay of an old notification is refused) and the comparison is constant-time.
/// </summary>
internal static class PspSignature
{
    public const string Header = "Psp-Signature";
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    public static string Sign(byte[] key, DateTimeOffset at, ReadOnlySpan<byte> body)
    {
        var t = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"t={t},v1={Convert.ToHexStringLower(Mac(key, t, body))}";
    }

    /// <summary>Null when the header is valid for this body now; otherwise why not (never the expected value).</summary>
    public static string? Check(string? header, byte[] key, DateTimeOffset now, ReadOnlySpan<byte> body)
    {
        if (string.IsNullOrEmpty(header) || header.Length > 1024) return "missing";
        string? t = null;
        var candidates = new List<byte[]>();
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=');
            if (eq <= 0) continue;
            var (name, value) = (part[..eq], part[(eq + 1)..]);
            if (name == "t") t = value;
            else if (name == "v1" && value.Length == 64 && IsHex(value)) candidates.Add(Convert.FromHexString(value));
        }

        if (t is null || !long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || candidates.Count == 0) return "malformed";
        if (seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds()) return "stale";
        if ((now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > Tolerance) return "stale";
        var expected = Mac(key, t, body);
        var match = false;
        foreach (var candidate in candidates) match |= CryptographicOperations.FixedTimeEquals(candidate, expected);
        return match ? null : "mismatch";
    }

    private static byte[] Mac(byte[] key, string t, ReadOnlySpan<byte> body)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        hmac.AppendData(Encoding.ASCII.GetBytes(t + "."));
        hmac.AppendData(body);
        return hmac.GetHashAndReset();
    }

    private static bool IsHex(string value) => value.All(Uri.IsHexDigit);
}
