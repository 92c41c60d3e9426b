using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Urssaf.Modules.Payments.Card;
using Urssaf.Modules.Payments.Features.CardPayments;
using Urssaf.TestKit;

namespace Urssaf.Modules.Payments.Tests.Integration;

/// <summary>Card payment through the stand-in provider's hosted page and its real signed notifications (ADR 0090, 0091).</summary>
public sealed class CardPaymentTests(UrssafApp app) : PaymentsTestBase(app), IClassFixture<UrssafApp>
{
    private async Task<JsonElement> PayByCardAsync(HttpClient client, decimal amount, string key)
    {
        var response = await PayAsync(client, new { period = "2026-Q1", amount, method = "card" }, key);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Goes through the provider's pages as a browser would; returns the last page.</summary>
    private async Task<string> CheckoutAsync(string redirectUrl, string cardNumber, string? code)
    {
        var browser = App.CreateClient();
        var path = new Uri(redirectUrl).AbsolutePath;
        var form = await browser.GetStringAsync(path);
        Assert.Contains("800,00", form.Replace('\u202f', ' ').Replace('\u00a0', ' '), StringComparison.Ordinal);
        var step = await browser.PostAsync($"{path}/card", new FormUrlEncodedContent(new Dictionary<string, string>
            { ["cardNumber"] = cardNumber, ["expiry"] = "12/29", ["cvc"] = "123" }));
        var page = await step.Content.ReadAsStringAsync();
        if (code is null) return page;
        Assert.Contains("3-D Secure", page, StringComparison.Ordinal);
        var confirm = await browser.PostAsync($"{path}/confirm", new FormUrlEncodedContent(new Dictionary<string, string> { ["code"] = code, ["action"] = "confirm" }));
        return await confirm.Content.ReadAsStringAsync();
    }

    private byte[] Secret => App.Services.GetRequiredService<CardWebhookSecret>().Key;

    private async Task<HttpResponseMessage> NotifyAsync(object e, byte[]? key = null, DateTimeOffset? at = null, string? signature = null)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(e);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/payments/psp/notifications")
            { Content = new ByteArrayContent(body) { Headers = { ContentType = new("application/json") } } };
        request.Headers.Add(PspSignature.Header, signature ?? PspSignature.Sign(key ?? Secret, at ?? App.Clock.GetUtcNow(), body));
        var response = await App.CreateClient().SendAsync(request);
        await App.DrainAsync();
        return response;
    }

    private static async Task<string?> StatusOfAsync(HttpClient client, string paymentId) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/v1/payments")).EnumerateArray()
        .Single(p => p.GetProperty("paymentId").GetString() == paymentId).GetProperty("status").GetString();

    [Fact]
    public async Task A_card_payment_confirmed_on_the_provider_page_pays_the_period_to_the_cent()
    {
        var (_, client) = await OwingAsync(258_000);
        var payment = await PayByCardAsync(client, 800.00m, "card-ok");
        Assert.Equal("pending", payment.GetProperty("status").GetString());
        var redirect = payment.GetProperty("redirectUrl").GetString()!;
        Assert.StartsWith("http://localhost:5080/psp/stand-in/checkout/", redirect, StringComparison.Ordinal);
        // reserved while pending: the rest only can be paid otherwise
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await PayAsync(client, new { period = "2026-Q1", amount = 1780.01m, method = "transfer" })).StatusCode);

        var page = await CheckoutAsync(redirect, "4242 4242 4242 4242", StandIn());
        Assert.Contains("Paiement accepté", page, StringComparison.Ordinal);
        await App.DrainAsync();

        var id = payment.GetProperty("paymentId").GetString()!;
        Assert.Equal("paid", await StatusOfAsync(client, id));
        var balance = await BalanceAsync(client);
        Assert.Equal(1780.00m, balance.GetProperty("totalDue").GetDecimal());
        Assert.Equal(0m, balance.GetProperty("credit").GetDecimal());
    }

    private static string StandIn() => Features.CardPayments.StandInCheckoutEndpoint.ConfirmationCode;

    [Fact]
    public async Task A_declined_card_or_a_wrong_confirmation_code_fails_and_frees_the_amount()
    {
        var (_, client) = await OwingAsync(258_000);
        var declined = await PayByCardAsync(client, 800.00m, "card-declined");
        Assert.Contains("Paiement refusé", await CheckoutAsync(declined.GetProperty("redirectUrl").GetString()!, Features.CardPayments.StandInCheckoutEndpoint.DeclinedCard, null),
            StringComparison.Ordinal);
        await App.DrainAsync();
        Assert.Equal("failed", await StatusOfAsync(client, declined.GetProperty("paymentId").GetString()!));

        var wrongCode = await PayByCardAsync(client, 800.00m, "card-wrong-code");
        Assert.Contains("Paiement refusé", await CheckoutAsync(wrongCode.GetProperty("redirectUrl").GetString()!, "4242424242424242", "000000"),
            StringComparison.Ordinal);
        await App.DrainAsync();
        Assert.Equal("failed", await StatusOfAsync(client, wrongCode.GetProperty("paymentId").GetString()!));

        Assert.Equal(2580.00m, (await BalanceAsync(client)).GetProperty("totalDue").GetDecimal());
        // a success the provider sends after all for a failed payment: the money was taken, so it is received, not ignored
        var lateSuccess = await NotifyAsync(new { id = "evt_after_failure", type = "payment.succeeded", paymentId = declined.GetProperty("paymentId").GetString(),
            amount = 800.00m, currency = "EUR", occurredAt = "2026-05-04T08:00:00Z" });
        Assert.Equal(HttpStatusCode.OK, lateSuccess.StatusCode);
        await App.DrainAsync();
        Assert.Equal("paid", await StatusOfAsync(client, declined.GetProperty("paymentId").GetString()!));
        Assert.Equal(1780.00m, (await BalanceAsync(client)).GetProperty("totalDue").GetDecimal());
        // nothing reserved any more: the rest of the period can be paid by transfer
        Assert.Equal(HttpStatusCode.Created, (await PayAsync(client, new { period = "2026-Q1", amount = 1780.00m, method = "transfer" })).StatusCode);
    }

    [Fact]
    public async Task Above_the_card_threshold_the_answer_is_422_and_nothing_is_reserved()
    {
        var (_, client) = await OwingAsync(258_000);
        var response = await PayAsync(client, new { period = "2026-Q1", amount = 1500.01m, method = "card" }, "card-above");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("payments.card.above_threshold", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Created, (await PayAsync(client, new { period = "2026-Q1", amount = 1500.00m, method = "card" }, "card-at")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await PayAsync(client, new { period = "2026-Q1", amount = 1080.00m, method = "transfer" })).StatusCode);
    }

    [Fact]
    public async Task Forged_stale_or_replayed_notifications_change_nothing_more()
    {
        var (_, client) = await OwingAsync(258_000);
        var payment = await PayByCardAsync(client, 800.00m, "card-webhook");
        var id = payment.GetProperty("paymentId").GetString()!;
        var e = new { id = "evt_forged_1", type = "payment.succeeded", paymentId = id, amount = 800.00m, currency = "EUR", occurredAt = "2026-05-04T08:00:00Z" };

        Assert.Equal(HttpStatusCode.Unauthorized, (await NotifyAsync(e, key: Encoding.UTF8.GetBytes("not-the-secret"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await NotifyAsync(e, at: App.Clock.GetUtcNow().AddMinutes(-6))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await NotifyAsync(e, signature: "t=1,v1=00")).StatusCode);
        var tampered = PspSignature.Sign(Secret, App.Clock.GetUtcNow(), JsonSerializer.SerializeToUtf8Bytes(e with { amount = 1.00m }));
        Assert.Equal(HttpStatusCode.Unauthorized, (await NotifyAsync(e, signature: tampered)).StatusCode);
        Assert.Equal("pending", await StatusOfAsync(client, id));

        // a signed event whose amount is not the payment's is refused too
        var wrongAmount = await NotifyAsync(e with { id = "evt_amount", amount = 80.00m });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrongAmount.StatusCode);
        Assert.Equal("payments.psp.amount_mismatch", (await wrongAmount.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal("pending", await StatusOfAsync(client, id));

        var first = await NotifyAsync(e with { id = "evt_genuine" });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var replay = await NotifyAsync(e with { id = "evt_genuine" });
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        var body = await replay.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("paid", true), (body.GetProperty("outcome").GetString(), body.GetProperty("alreadyProcessed").GetBoolean()));
        // a second, different event for a decided payment has no effect either
        Assert.Equal("ignored", (await (await NotifyAsync(e with { id = "evt_later" })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString());
        Assert.Equal(1780.00m, (await BalanceAsync(client)).GetProperty("totalDue").GetDecimal());
        Assert.Equal(0m, (await BalanceAsync(client)).GetProperty("credit").GetDecimal());
    }

    [Fact]
    public async Task A_card_payment_without_notification_expires_and_a_late_success_still_counts()
    {
        var (account, client) = await OwingAsync(258_000);
        var payment = await PayByCardAsync(client, 800.00m, "card-expiry");
        var id = payment.GetProperty("paymentId").GetString()!;
        App.Clock.Advance(TimeSpan.FromMinutes(31));
        client = App.ClientFor(account);
        Assert.True(await App.RunDailyJobAsync(ExpireCardPaymentsJob.JobName) >= 1);
        await App.DrainAsync();
        Assert.Equal("expired", await StatusOfAsync(client, id));
        Assert.Equal(HttpStatusCode.Gone, (await App.CreateClient().GetAsync(new Uri(payment.GetProperty("redirectUrl").GetString()!).AbsolutePath)).StatusCode);

        var late = await NotifyAsync(new { id = "evt_late", type = "payment.succeeded", paymentId = id, amount = 800.00m, currency = "EUR", occurredAt = "2026-05-04T08:20:00Z" });
        Assert.Equal(HttpStatusCode.OK, late.StatusCode);
        Assert.Equal("paid", await StatusOfAsync(client, id));
        Assert.Equal(1780.00m, (await BalanceAsync(client)).GetProperty("totalDue").GetDecimal());
    }
}
