using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Urssaf.SharedKernel.Identity;
using Urssaf.TestKit;

namespace Urssaf.Modules.Payments.Tests.Integration;

public sealed class MandateTests(UrssafApp app) : PaymentsTestBase(app), IClassFixture<UrssafApp>
{
    [Fact]
    public async Task A_mandate_is_answered_masked_and_the_iban_is_nowhere_in_clear()
    {
        var client = App.ClientFor(AccountId.New());
        var mandate = await SignMandateAsync(client, "FR76 3000 6000 0112 3456 7890 189");
        Assert.Equal("FR76*******************0189", mandate.GetProperty("maskedIban").GetString());
        Assert.Matches("^URSSAF-[A-Z2-9]{20}$", mandate.GetProperty("rum").GetString());
        Assert.Equal("active", mandate.GetProperty("status").GetString());

        var listed = await client.GetStringAsync("/api/v1/payments/mandates");
        Assert.DoesNotContain(Iban, listed, StringComparison.Ordinal);
        Assert.Contains("FR76*******************0189", listed, StringComparison.Ordinal);
        Assert.DoesNotContain(App.Logs.Lines, l => l.Contains(Iban, StringComparison.Ordinal) || l.Contains("0112 3456", StringComparison.Ordinal));

        // at rest: neither the database nor its journal holds the IBAN (AES-GCM)
        SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(App.DataDirectory, "payments.db*"))
        {
            var bytes = await File.ReadAllBytesAsync(file);
            Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes(Iban)));
        }
    }

    [Theory]
    [InlineData("FR7630006000011234567890188", "payments.iban.invalid")]
    [InlineData("", "payments.iban.required")]
    public async Task An_invalid_iban_is_a_400_and_creates_nothing(string iban, string code)
    {
        var client = App.ClientFor(AccountId.New());
        var response = await client.PostAsJsonAsync("/api/v1/payments/mandates", new { iban, holderName = "Claire Martin" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(code, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty((await client.GetFromJsonAsync<JsonElement>("/api/v1/payments/mandates")).EnumerateArray());
    }

    [Fact]
    public async Task A_bad_bic_or_holder_name_is_a_400()
    {
        var client = App.ClientFor(AccountId.New());
        var bic = await client.PostAsJsonAsync("/api/v1/payments/mandates", new { iban = Iban, bic = "BNP", holderName = "Claire Martin" });
        Assert.Equal(HttpStatusCode.BadRequest, bic.StatusCode);
        var name = await client.PostAsJsonAsync("/api/v1/payments/mandates", new { iban = Iban, holderName = "<script>" });
        Assert.Equal(HttpStatusCode.BadRequest, name.StatusCode);
    }

    [Fact]
    public async Task A_fourth_active_mandate_is_refused_and_a_revoked_one_frees_a_place()
    {
        var client = App.ClientFor(AccountId.New());
        var first = await SignMandateAsync(client);
        await SignMandateAsync(client, "DE89370400440532013000");
        await SignMandateAsync(client, "BE68539007547034");
        var fourth = await client.PostAsJsonAsync("/api/v1/payments/mandates", new { iban = "GB82WEST12345698765432", holderName = "Claire Martin" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, fourth.StatusCode);
        Assert.Contains("payments.mandate.limit_reached", await fourth.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/payments/mandates/{first.GetProperty("mandateId").GetGuid()}")).StatusCode);
        await SignMandateAsync(client, "GB82WEST12345698765432");
    }

    [Fact]
    public async Task Signing_needs_a_recent_login_even_in_a_remembered_session()
    {
        var client = App.ClientFor(AccountId.New(), authenticatedAt: App.Clock.GetUtcNow().AddHours(-2));
        var response = await client.PostAsJsonAsync("/api/v1/payments/mandates", new { iban = Iban, holderName = "Claire Martin" });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("identity.reauthentication_required", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_account_cannot_revoke_or_use_a_mandate()
    {
        var owner = App.ClientFor(AccountId.New());
        var mandate = await SignMandateAsync(owner);
        var (_, other) = await OwingAsync(10_000);
        Assert.Equal(HttpStatusCode.NotFound, (await other.DeleteAsync($"/api/v1/payments/mandates/{mandate.GetProperty("mandateId").GetGuid()}")).StatusCode);
        var pay = await PayAsync(other, new { period = "2026-Q1", amount = 100.00m, method = "sepa_debit", mandateId = mandate.GetProperty("mandateId").GetGuid() });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, pay.StatusCode);
        Assert.Contains("payments.mandate.not_found", await pay.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
