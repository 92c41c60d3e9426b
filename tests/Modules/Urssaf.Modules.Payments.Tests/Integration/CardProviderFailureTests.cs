using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NSubstitute;
using NSubstitute.ExceptionExtensions;
using Urssaf.Modules.Payments.Card;
using Urssaf.TestKit;

namespace Urssaf.Modules.Payments.Tests.Integration;

/// <summary>The payment service provider failing on demand, substituted at its interface (ADR 0127).</summary>
public sealed class CardProviderFailureTests : PaymentsTestBase, IDisposable
{
    private readonly ICardPaymentProvider _provider;

    public CardProviderFailureTests() : this(Substitute.For<ICardPaymentProvider>()) { }

    private CardProviderFailureTests(ICardPaymentProvider provider) : base(new UrssafApp().Replacing(provider)) => _provider = provider;

    [Fact]
    public async Task A_provider_that_times_out_answers_409_reserves_nothing_and_the_same_key_succeeds_once_it_answers()
    {
        _provider.StartAsync(default!, default).ThrowsAsyncForAnyArgs(
            new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout of 30 seconds elapsing.", new TimeoutException()));
        var (_, client) = await OwingAsync(80_000);

        var refused = await PayAsync(client, new { period = "2026-Q1", amount = 800.00m, method = "card" }, "card-timeout");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("payments.card.provider_unavailable", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Empty((await client.GetFromJsonAsync<JsonElement>("/api/v1/payments")).EnumerateArray());

        _provider.StartAsync(default!, default).ReturnsForAnyArgs("https://psp.example.test/checkout/1");
        var paid = await PayAsync(client, new { period = "2026-Q1", amount = 800.00m, method = "card" }, "card-timeout");
        Assert.Equal(HttpStatusCode.Created, paid.StatusCode);
        Assert.Equal("https://psp.example.test/checkout/1", (await paid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("redirectUrl").GetString());
    }

    [Fact]
    public async Task A_provider_that_refuses_the_connection_leaves_the_whole_amount_payable_by_transfer()
    {
        _provider.StartAsync(default!, default).ThrowsAsyncForAnyArgs(new HttpRequestException("Connection refused (psp.example.test:443)"));
        var (_, client) = await OwingAsync(80_000);

        Assert.Equal(HttpStatusCode.Conflict, (await PayAsync(client, new { period = "2026-Q1", amount = 800.00m, method = "card" }, "card-down")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await PayAsync(client, new { period = "2026-Q1", amount = 800.00m, method = "transfer" })).StatusCode);
    }

    public void Dispose() => App.Dispose();
}
