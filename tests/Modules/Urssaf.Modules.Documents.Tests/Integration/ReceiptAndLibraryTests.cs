using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Urssaf.Modules.Documents.Signing;
using Urssaf.SharedKernel.Identity;
using Urssaf.TestKit;

namespace Urssaf.Modules.Documents.Tests.Integration;

public sealed class ReceiptAndLibraryTests(UrssafApp app) : DocumentsTestBase(app), IClassFixture<UrssafApp>
{
    [Fact]
    public async Task A_filed_declaration_gets_one_receipt_with_its_amounts_even_if_the_event_comes_twice()
    {
        var account = await EnterpriseAsync("33338924500015", new DateOnly(2024, 1, 10));
        var filed = Filed(account, "2026-Q1", 258_000);
        await DeliverAsync(filed, "documents");
        await DeliverAsync(filed with { }, "documents");
        await DeliverAsync(filed with { EventId = Guid.NewGuid() }, "documents"); // same declaration version, other delivery

        var client = App.ClientFor(account);
        var list = await client.GetFromJsonAsync<JsonElement>("/api/v1/documents?type=declaration_receipt");
        var receipt = Assert.Single(list.EnumerateArray());
        Assert.Equal(("2026-Q1", 2580.00m, "issued"), (receipt.GetProperty("period").GetString(), receipt.GetProperty("amount").GetDecimal(),
            receipt.GetProperty("status").GetString()));
        var pdf = await client.GetByteArrayAsync($"/api/v1/documents/{receipt.GetProperty("documentId").GetGuid()}/content");
        var text = TextOf(pdf);
        foreach (var expected in new[] { "Accusé de réception", "2026-Q1", "Activité libérale (BNC)", "25,6 %", "580,00 €", "20,00 €", "Total à payer", "30/04/2026" })
            Assert.Contains(expected, text, StringComparison.Ordinal);
        Assert.True(App.Services.GetRequiredService<DocumentSigner>().Verify(pdf));
    }

    [Fact]
    public async Task A_declaration_debited_automatically_has_the_pre_notification_on_its_receipt()
    {
        var account = await EnterpriseAsync("73282932000074", new DateOnly(2024, 1, 10));
        await DeliverAsync(Filed(account, "2026-Q1", 258_000) with
        {
            AutomaticDebit = new Declarations.Contracts.IntegrationEvents.ScheduledDebit(new DateOnly(2026, 4, 30), 258_000, "URSSAF-ABCDEFGHJKLMNPQRSTUV",
                "FR76*******************0189"),
        }, "documents");
        var client = App.ClientFor(account);
        var receipt = Assert.Single((await client.GetFromJsonAsync<JsonElement>("/api/v1/documents?type=declaration_receipt")).EnumerateArray());
        var text = TextOf(await client.GetByteArrayAsync($"/api/v1/documents/{receipt.GetProperty("documentId").GetGuid()}/content"));
        foreach (var expected in new[] { "Prélèvement automatique", "2 580,00 € le 30/04/2026", "(mandat URSSAF-ABCDEFGHJKLMNPQRSTUV,", "FR76*******************0189)" })
            Assert.Contains(expected, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_receipt_whose_enterprise_is_not_known_yet_is_retried_not_lost()
    {
        var account = Urssaf.SharedKernel.Identity.AccountId.New();
        await DeliverAsync(Filed(account, "2026-Q1", 50_000), "documents"); // before the activation reached Documents
        await DeliverAsync(new Urssaf.Modules.Identity.Contracts.IntegrationEvents.EnterpriseProfileChanged(Guid.NewGuid(), DateTime.UtcNow, "08344619550803",
            "Léa Petit", "6201Z", new DateOnly(2024, 1, 10), Urssaf.SharedKernel.Enterprise.ActivityNature.Liberal,
            Urssaf.SharedKernel.Enterprise.ActivityCategory.LiberalBnc, "75", Urssaf.SharedKernel.Enterprise.DeclarationFrequency.Quarterly, false, false,
            "3 rue Y 75003 Paris"), "documents");
        await DeliverAsync(new Urssaf.Modules.Identity.Contracts.IntegrationEvents.AccountActivated(Guid.NewGuid(), DateTime.UtcNow, account.Value,
            "08344619550803", "Léa", "Petit", "lea@example.test", "+33612121212"), "documents");
        var client = App.ClientFor(account);
        Assert.Empty((await client.GetFromJsonAsync<JsonElement>("/api/v1/documents")).EnumerateArray());

        App.Clock.Advance(TimeSpan.FromMinutes(1)); // past the retry's backoff
        await App.DrainAsync();
        var receipt = Assert.Single((await client.GetFromJsonAsync<JsonElement>("/api/v1/documents?type=declaration_receipt")).EnumerateArray());
        Assert.Contains("Léa Petit", TextOf(await client.GetByteArrayAsync($"/api/v1/documents/{receipt.GetProperty("documentId").GetGuid()}/content")),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_payment_gets_a_receipt_and_the_annual_summary_adds_up_the_year()
    {
        var account = await EnterpriseAsync("57511119014056", new DateOnly(2024, 1, 10));
        await DeliverAsync(Filed(account, "2026-Q1", 258_000), "documents");
        await DeliverAsync(Received(account, "2026-Q1", 158_000), "documents");
        await DeliverAsync(Received(account, "2026-Q1", 100_000), "documents");
        var client = App.ClientFor(account);

        var payments = await client.GetFromJsonAsync<JsonElement>("/api/v1/documents?type=payment_receipt");
        Assert.Equal(2, payments.GetArrayLength());
        var receipt = TextOf(await client.GetByteArrayAsync($"/api/v1/documents/{payments[0].GetProperty("documentId").GetGuid()}/content"));
        Assert.Contains("Reçu de paiement", receipt, StringComparison.Ordinal);
        Assert.Contains("virement", receipt, StringComparison.Ordinal);

        var created = await client.PostAsJsonAsync("/api/v1/documents/annual-summaries", new { year = 2026 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var summary = await created.Content.ReadFromJsonAsync<JsonElement>();
        var text = TextOf(await client.GetByteArrayAsync($"/api/v1/documents/{summary.GetProperty("documentId").GetGuid()}/content"));
        Assert.Contains("Récapitulatif annuel 2026", text, StringComparison.Ordinal);
        Assert.Contains("Total déclaré", text, StringComparison.Ordinal);
        Assert.Contains("Total déclaré 2 580,00 €", text, StringComparison.Ordinal);
        Assert.Contains("Total payé 2 580,00 €", text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync("/api/v1/documents/annual-summaries", new { year = 1900 })).StatusCode);
    }

    [Fact]
    public async Task Another_account_can_neither_list_nor_download_someone_elses_documents()
    {
        var owner = await EnterpriseAsync("90104300074219", new DateOnly(2024, 1, 10));
        await DeliverAsync(Filed(owner, "2026-Q1", 10_000), "documents");
        var mine = await App.ClientFor(owner).GetFromJsonAsync<JsonElement>("/api/v1/documents");
        var id = mine[0].GetProperty("documentId").GetGuid();

        var stranger = App.ClientFor(AccountId.New());
        Assert.Empty((await stranger.GetFromJsonAsync<JsonElement>("/api/v1/documents")).EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/v1/documents/{id}/content")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.CreateClient().GetAsync($"/api/v1/documents/{id}/content")).StatusCode);
    }

    [Fact]
    public async Task The_library_filters_and_paginates_and_refuses_bad_filters()
    {
        var account = await EnterpriseAsync("12291435181293", new DateOnly(2024, 1, 10));
        foreach (var period in new[] { "2026-01", "2026-02", "2026-03" })
            await DeliverAsync(Filed(account, period, 10_000), "documents");
        var client = App.ClientFor(account);
        var page = await client.GetAsync("/api/v1/documents?period=2026&pageSize=2&page=2");
        Assert.Equal("3", page.Headers.GetValues("X-Total-Count").Single());
        Assert.Single((await page.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray());
        Assert.Single((await client.GetFromJsonAsync<JsonElement>("/api/v1/documents?period=2026-02")).EnumerateArray());
        Assert.Equal(3, (await client.GetFromJsonAsync<JsonElement>("/api/v1/documents?from=2026-04-01&to=2026-05-31")).GetArrayLength());
        foreach (var bad in new[] { "type=poster", "status=lost", "period=26", "from=2026-05-02&to=2026-05-01", "pageSize=500", "from=yesterday" })
            Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/api/v1/documents?{bad}")).StatusCode);
    }
}
