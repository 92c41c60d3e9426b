using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

using Urssaf.Modules.Payments.Features.CardPayments;

namespace Urssaf.Modules.Payments.Card.StandIn;

/// <summary>
/// The stand-in payment service provider (Development and Testing only, ADR 0091): its "hosted page" is served by this host
/// under <see cref="StandInCheckoutEndpoint.Route"/>, and it keeps no state: the page address carries the payment, amount and
/// expiry, sealed with a key derived from the notification secret, so nobody can change the amount shown or paid.
/// </summary>
internal sealed class StandInCardProvider(CardWebhookSecret secret, StandInAddress address) : ICardPaymentProvider
{
    public const string ProviderName = "stand-in";

    public string Name => ProviderName;

    public Task<string> StartAsync(CardCheckout checkout, CancellationToken cancellationToken) =>
        Task.FromResult($"{address.HostUrl}{StandInCheckoutEndpoint.Route}/{Seal(secret, new StandInSession(checkout.PaymentId, checkout.AmountCents, checkout.ExpiresOnUtc))}");

    public static string Seal(CardWebhookSecret secret, StandInSession session)
    {
        var payload = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"{session.PaymentId:N}.{session.AmountCents}.{new DateTimeOffset(session.ExpiresOnUtc, TimeSpan.Zero).ToUnixTimeSeconds()}"));
        return WebEncoders.Base64UrlEncode(payload) + "." + WebEncoders.Base64UrlEncode(Mac(secret, payload));
    }

    public static StandInSession? Open(CardWebhookSecret secret, string token)
    {
        var dot = token.IndexOf('.');
        if (dot <= 0 || token.Length > 300) return null;
        try
        {
            var payload = WebEncoders.Base64UrlDecode(token[..dot]);
            if (!CryptographicOperations.FixedTimeEquals(WebEncoders.Base64UrlDecode(token[(dot + 1)..]), Mac(secret, payload))) return null;
            var parts = Encoding.ASCII.GetString(payload).Split('.');
            return new StandInSession(Guid.ParseExact(parts[0], "N"), long.Parse(parts[1], CultureInfo.InvariantCulture),
                DateTimeOffset.FromUnixTimeSeconds(long.Parse(parts[2], CultureInfo.InvariantCulture)).UtcDateTime);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static byte[] Mac(CardWebhookSecret secret, byte[] payload) =>
        HMACSHA256.HashData(HMACSHA256.HashData(secret.Key, "stand-in-page"u8), payload);
}

internal sealed record StandInSession(Guid PaymentId, long AmountCents, DateTime ExpiresOnUtc);

/// <summary>The host's address as the stand-in reaches it (page links, notifications).</summary>
internal sealed record StandInAddress(string HostUrl);
