using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Carter;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Urssaf.SharedKernel.Infrastructure.Hosting;

using Urssaf.Modules.Payments.Card;
using Urssaf.Modules.Payments.Card.StandIn;

namespace Urssaf.Modules.Payments.Features.CardPayments;

/// <summary>
/// The stand-in provider's hosted page (Development and Testing only; never mapped in Production): a card form, a 3-D Secure
/// style confirmation, then a success or failure page. The outcome is sent to the host as a real signed notification, over
/// HTTP, exactly as a provider would. Test cards: any Luhn-valid number succeeds, except <c>4000 0000 0000 0002</c> (declined);
/// the confirmation code is <see cref="ConfirmationCode"/>, any other code fails the payment.
/// </summary>
internal sealed partial class StandInCheckoutEndpoint : ICarterModule
{
    public const string Route = "/psp/stand-in/checkout";
    public const string DeclinedCard = "4000000000000002";
    public const string ConfirmationCode = "123456";
    public const string ClientName = "payments-psp-stand-in";

    public void AddRoutes(IEndpointRouteBuilder app)
    {
        if (!app.ServiceProvider.GetRequiredService<IHostEnvironment>().IsNonProduction()) return;
        var group = app.MapGroup(Route).AllowAnonymous().ExcludeFromDescription().DisableAntiforgery();
        group.MapGet("/{token}", (string token, CardWebhookSecret secret, TimeProvider clock) =>
            Open(token, secret, clock) is not { } session ? Expired() : Page("Paiement par carte", $"""
                <p>Montant : <strong>{Euros(session.AmountCents)}</strong> — URSSAF, cotisations.</p>
                <form method="post" action="{Route}/{token}/card">
                  <label>Numéro de carte <input name="cardNumber" inputmode="numeric" autocomplete="cc-number" required></label>
                  <label>Expiration (MM/AA) <input name="expiry" required></label>
                  <label>Cryptogramme <input name="cvc" inputmode="numeric" required></label>
                  <button type="submit">Payer {Euros(session.AmountCents)}</button>
                </form>
                """));
        group.MapPost("/{token}/card", async (string token, HttpRequest request, CardWebhookSecret secret, TimeProvider clock, IServiceProvider services) =>
        {
            if (Open(token, secret, clock) is not { } session) return Expired();
            var form = await request.ReadFormAsync();
            var number = new string(form["cardNumber"].ToString().Where(char.IsAsciiDigit).ToArray());
            if (number.Length is < 13 or > 19 || !Luhn(number))
                return Page("Paiement par carte", $"""<p role="alert">Numéro de carte invalide.</p><p><a href="{Route}/{token}">Recommencer</a></p>""");
            if (number == DeclinedCard) return await OutcomeAsync(session, succeeded: false, services);
            return Page("Authentification 3-D Secure", $"""
                <p>Votre banque vous a envoyé un code de confirmation pour {Euros(session.AmountCents)} (démonstration : {ConfirmationCode}).</p>
                <form method="post" action="{Route}/{token}/confirm">
                  <label>Code <input name="code" inputmode="numeric" autocomplete="one-time-code" required></label>
                  <button type="submit" name="action" value="confirm">Confirmer</button>
                  <button type="submit" name="action" value="cancel" formnovalidate>Annuler</button>
                </form>
                """);
        });
        group.MapPost("/{token}/confirm", async (string token, HttpRequest request, CardWebhookSecret secret, TimeProvider clock, IServiceProvider services) =>
        {
            if (Open(token, secret, clock) is not { } session) return Expired();
            var form = await request.ReadFormAsync();
            var confirmed = form["action"] == "confirm" && CryptographicOperations.FixedTimeEquals(
                Encoding.ASCII.GetBytes(form["code"].ToString()), Encoding.ASCII.GetBytes(ConfirmationCode));
            return await OutcomeAsync(session, confirmed, services);
        });
    }

    private static StandInSession? Open(string token, CardWebhookSecret secret, TimeProvider clock) =>
        StandInCardProvider.Open(secret, token) is { } session && session.ExpiresOnUtc > clock.GetUtcNow().UtcDateTime ? session : null;

    /// <summary>Signs and sends the provider's event to the host, then shows the result.</summary>
    private static async Task<IResult> OutcomeAsync(StandInSession session, bool succeeded, IServiceProvider services)
    {
        var clock = services.GetRequiredService<TimeProvider>();
        var secret = services.GetRequiredService<CardWebhookSecret>();
        var address = services.GetRequiredService<StandInAddress>();
        var now = clock.GetUtcNow();
        var body = JsonSerializer.SerializeToUtf8Bytes(new
        {
            id = "evt_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)),
            type = succeeded ? "payment.succeeded" : "payment.failed",
            paymentId = session.PaymentId,
            amount = session.AmountCents / 100m,
            currency = "EUR",
            occurredAt = now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        });
        var message = new HttpRequestMessage(HttpMethod.Post, $"{address.HostUrl}/api/v1/payments/psp/notifications")
            { Content = new ByteArrayContent(body) { Headers = { ContentType = new("application/json") } } };
        message.Headers.Add(PspSignature.Header, PspSignature.Sign(secret.Key, now, body));
        var delivered = false;
        try
        {
            using var response = await services.GetRequiredService<IHttpClientFactory>().CreateClient(ClientName).SendAsync(message);
            delivered = response.IsSuccessStatusCode;
        }
        catch (HttpRequestException e)
        {
            LogUndelivered(services.GetRequiredService<ILogger<StandInCheckoutEndpoint>>(), e.Message);
        }

        var note = delivered ? "" : "<p>Le site marchand n'a pas pu être prévenu ; le paiement expirera sans effet.</p>";
        return succeeded
            ? Page("Paiement accepté", $"<p>Votre paiement de {Euros(session.AmountCents)} est accepté.</p>{note}<p><a href=\"/\">Retour à votre compte</a></p>")
            : Page("Paiement refusé", $"<p>Votre paiement de {Euros(session.AmountCents)} est refusé. Aucun montant n'a été débité.</p>{note}<p><a href=\"/\">Retour à votre compte</a></p>");
    }

    private static IResult Expired() =>
        Page("Session expirée", "<p>Cette page de paiement a expiré. Recommencez le paiement depuis votre compte.</p>", StatusCodes.Status410Gone);

    /// <summary>An HTML page; <paramref name="title"/> and <paramref name="content"/> are this class's constants and numbers only.</summary>
    private static IResult Page(string title, string content, int status = StatusCodes.Status200OK) => Results.Content($"""
        <!DOCTYPE html>
        <html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{title} — prestataire de paiement (simulation)</title></head>
        <body><main><h1>{title}</h1><p><em>Prestataire de paiement de démonstration : aucune carte réelle n'est débitée.</em></p>
        {content}</main></body></html>
        """, "text/html; charset=utf-8", Encoding.UTF8, status);

    private static string Euros(long cents) => (cents / 100m).ToString("#,##0.00", CultureInfo.GetCultureInfo("fr-FR")) + " €";

    private static bool Luhn(string digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            sum += d;
        }

        return sum % 10 == 0;
    }

    [LoggerMessage(LogLevel.Warning, "Stand-in card provider: the notification could not be delivered ({Reason})")]
    private static partial void LogUndelivered(ILogger logger, string reason);
}
