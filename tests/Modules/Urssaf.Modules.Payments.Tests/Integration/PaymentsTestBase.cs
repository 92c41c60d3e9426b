using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Urssaf.Modules.Declarations.Contracts.IntegrationEvents;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Messaging;
using Urssaf.SharedKernel.Messaging;
using Urssaf.TestKit;
using Urssaf.TestKit.Builders;

namespace Urssaf.Modules.Payments.Tests.Integration;

/// <summary>An account that owes a filed declaration, delivered to Payments through its real inbox.</summary>
public abstract class PaymentsTestBase(UrssafApp app)
{
    protected const string Iban = "FR7630006000011234567890189";
    protected UrssafApp App => app;

    protected Task DeliverAsync<T>(T e) where T : IIntegrationEvent =>
        app.DeliverToAsync("payments", e);

    /// <summary>A new account owing <paramref name="totalCents"/> for 2026-Q1, due on 1 June 2026 (the clock is on 4 May 2026).</summary>
    protected async Task<(AccountId Account, HttpClient Client)> OwingAsync(long totalCents, string period = "2026-Q1", string due = "2026-06-01")
    {
        var account = AccountId.New();
        await DeliverAsync(An.DeclarationFiled(account.Value, period, totalCents, DateOnly.Parse(due), app.Clock.GetUtcNow().UtcDateTime, DateTime.Parse(due).ToUniversalTime())
            with { PeriodStart = new DateOnly(2026, 1, 1), PeriodEnd = new DateOnly(2026, 3, 31) });
        await app.DrainAsync();
        return (account, app.ClientFor(account));
    }

    protected static async Task<JsonElement> SignMandateAsync(HttpClient client, string iban = Iban, string holder = "Claire Martin")
    {
        var response = await client.PostAsJsonAsync("/api/v1/payments/mandates", new { iban, bic = "BNPAFRPP", holderName = holder });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    protected static Task<HttpResponseMessage> PayAsync(HttpClient client, object body, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/payments") { Content = JsonContent.Create(body) };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request);
    }

    protected async Task<JsonElement> ImportAsync(byte[] camt, System.Net.HttpStatusCode expected = System.Net.HttpStatusCode.OK)
    {
        var content = new ByteArrayContent(camt);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/xml");
        var response = await app.OperatorClient().PostAsync("/api/v1/operator/bank-statements", content);
        Assert.Equal(expected, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        await app.DrainAsync();
        return body;
    }

    protected static async Task<JsonElement> BalanceAsync(HttpClient client) =>
        await client.GetFromJsonAsync<JsonElement>("/api/v1/payments/balance");
}
