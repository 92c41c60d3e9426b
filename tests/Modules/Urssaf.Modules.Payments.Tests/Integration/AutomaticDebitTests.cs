using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Urssaf.Modules.Declarations.Contracts.IntegrationEvents;
using Urssaf.Modules.Payments.Persistence;
using Urssaf.SharedKernel.Identity;
using Urssaf.TestKit;
using Urssaf.TestKit.Builders;

namespace Urssaf.Modules.Payments.Tests.Integration;

/// <summary>Automatic debit: a filed declaration is debited at its due date without a payment order, announced beforehand.</summary>
public sealed class AutomaticDebitTests(UrssafApp app) : PaymentsTestBase(app), IClassFixture<UrssafApp>
{
    private async Task FileAsync(AccountId account, string period, long cents, string due)
    {
        await DeliverAsync(An.DeclarationFiled(account.Value, period, cents, DateOnly.Parse(due), App.Clock.GetUtcNow().UtcDateTime, DateTime.Parse(due).ToUniversalTime())
            with { PeriodStart = new DateOnly(2026, 1, 1), PeriodEnd = new DateOnly(2026, 3, 31) });
        await App.DrainAsync();
    }

    private static Task<HttpResponseMessage> ToggleAsync(HttpClient client, string mandateId, bool enabled) =>
        client.PutAsJsonAsync($"/api/v1/payments/mandates/{mandateId}/automatic-debit", new { enabled });

    [Fact]
    public async Task With_automatic_debit_each_filed_declaration_is_scheduled_at_its_due_date_until_it_is_turned_off()
    {
        var account = AccountId.New();
        var client = App.ClientFor(account);
        var mandateId = (await SignMandateAsync(client)).GetProperty("mandateId").GetString()!;
        var on = await ToggleAsync(client, mandateId, true);
        Assert.Equal(HttpStatusCode.OK, on.StatusCode);
        Assert.True((await on.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("automaticDebit").GetBoolean());

        await FileAsync(account, "2026-Q1", 123_456, "2026-06-01");
        var payment = Assert.Single((await client.GetFromJsonAsync<JsonElement>("/api/v1/payments")).EnumerateArray());
        Assert.Equal(("sepa_debit", "scheduled", 1234.56m, "2026-Q1"), (payment.GetProperty("method").GetString(), payment.GetProperty("status").GetString(),
            payment.GetProperty("amount").GetDecimal(), payment.GetProperty("period").GetString()));
        var announced = await App.ScopedAsync(sp => sp.GetRequiredService<PaymentsDbContext>().OutboxMessages
            .Where(m => m.Type.Contains("AutomaticDebitScheduled")).Select(m => m.Content).ToListAsync());
        var notice = JsonDocument.Parse(Assert.Single(announced)).RootElement;
        Assert.Equal((123_456L, "2026-06-01"), (notice.GetProperty("amountCents").GetInt64(), notice.GetProperty("collectionDate").GetString()));
        // nothing left to order for the period: the debit covers it
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await PayAsync(client, new { period = "2026-Q1", amount = 1.00m, method = "transfer" })).StatusCode);

        var response = await App.OperatorClient().GetAsync("/api/v1/operator/sepa/batches/2026-06-01");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<InstdAmt Ccy=\"EUR\">1234.56</InstdAmt>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await ToggleAsync(client, mandateId, false)).StatusCode);
        await FileAsync(account, "2026-Q2", 50_000, "2026-07-31");
        Assert.Single((await client.GetFromJsonAsync<JsonElement>("/api/v1/payments")).EnumerateArray());
        Assert.Equal(500.00m, (await BalanceAsync(client)).GetProperty("items").EnumerateArray()
            .Single(i => i.GetProperty("period").GetString() == "2026-Q2").GetProperty("outstanding").GetDecimal());
    }

    [Fact]
    public async Task Automatic_debit_needs_an_active_mandate_of_the_account_and_a_clear_answer()
    {
        var client = App.ClientFor(AccountId.New());
        var mandateId = (await SignMandateAsync(client)).GetProperty("mandateId").GetString()!;
        Assert.Equal(HttpStatusCode.NotFound, (await ToggleAsync(App.ClientFor(AccountId.New()), mandateId, true)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PutAsJsonAsync($"/api/v1/payments/mandates/{mandateId}/automatic-debit", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/payments/mandates/{mandateId}")).StatusCode);
        var revoked = await ToggleAsync(client, mandateId, true);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, revoked.StatusCode);
        Assert.Equal("payments.mandate.revoked", (await revoked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }
}
