using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Urssaf.Modules.Documents.Persistence;
using Urssaf.Modules.Documents.Signing;
using Urssaf.TestKit;

namespace Urssaf.Modules.Documents.Tests.Integration;

/// <summary>A receipt is issued as its data and rendered, signed and kept on its first download (ADR 0135).</summary>
public sealed class ReceiptsOnDemandTests(UrssafApp app) : DocumentsTestBase(app), IClassFixture<UrssafApp>
{
    private string Root => Path.Combine(App.DataDirectory, "documents");

    private int FilesOf(Guid account) => Directory.Exists(Path.Combine(Root, account.ToString())) ? Directory.GetFiles(Path.Combine(Root, account.ToString())).Length : 0;

    private Task<(string? Key, string? Sha256, long? Size)> RowAsync(Guid documentId) => App.ScopedAsync(async sp =>
    {
        var d = await sp.GetRequiredService<DocumentsDbContext>().Documents.AsNoTracking().SingleAsync(x => x.Id == documentId);
        return (d.StorageKey, d.Sha256, d.SizeBytes);
    });

    [Fact]
    public async Task A_filing_writes_no_pdf_the_first_download_renders_and_records_it_and_later_ones_return_the_same_bytes()
    {
        var account = await EnterpriseAsync("40483304800022", new DateOnly(2024, 1, 10));
        await DeliverAsync(Filed(account, "2026-Q1", 258_000), "documents");
        var client = App.ClientFor(account);
        var listed = Assert.Single((await client.GetFromJsonAsync<JsonElement>("/api/v1/documents?type=declaration_receipt")).EnumerateArray());
        var id = listed.GetProperty("documentId").GetGuid();
        Assert.Equal(JsonValueKind.Null, listed.GetProperty("sizeBytes").ValueKind);
        Assert.Equal(0, FilesOf(account.Value));
        Assert.Equal((null, null, null), await RowAsync(id));

        var first = await client.GetByteArrayAsync($"/api/v1/documents/{id}/content");
        var second = await client.GetByteArrayAsync($"/api/v1/documents/{id}/content");
        Assert.Equal(first, second);
        Assert.True(App.Services.GetRequiredService<DocumentSigner>().Verify(first));
        var (key, sha, size) = await RowAsync(id);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(first)), sha);
        Assert.Equal(first.Length, size);
        Assert.Equal(first, await File.ReadAllBytesAsync(Path.Combine(Root, key!)));
        Assert.Equal(1, FilesOf(account.Value));
        var after = Assert.Single((await client.GetFromJsonAsync<JsonElement>("/api/v1/documents?type=declaration_receipt")).EnumerateArray());
        Assert.Equal(first.Length, after.GetProperty("sizeBytes").GetInt64());
    }

    [Fact]
    public async Task Concurrent_first_downloads_all_get_the_one_recorded_pdf_and_leave_one_file()
    {
        var account = await EnterpriseAsync("44306184100047", new DateOnly(2024, 1, 10));
        await DeliverAsync(Filed(account, "2026-Q1", 120_000), "documents");
        var client = App.ClientFor(account);
        var id = (await client.GetFromJsonAsync<JsonElement>("/api/v1/documents"))[0].GetProperty("documentId").GetGuid();

        var downloads = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => client.GetByteArrayAsync($"/api/v1/documents/{id}/content")));
        var (_, sha, _) = await RowAsync(id);
        Assert.All(downloads, pdf => Assert.Equal(sha, Convert.ToHexStringLower(SHA256.HashData(pdf))));
        Assert.Equal(1, FilesOf(account.Value)); // the losers deleted their own files
    }

    [Fact]
    public async Task The_receipt_prints_the_holder_as_at_the_filing_even_when_downloaded_after_a_change_of_name()
    {
        var account = await EnterpriseAsync("73282932000074", new DateOnly(2024, 1, 10), name: "Ancien Nom");
        await DeliverAsync(Filed(account, "2026-Q1", 258_000), "documents");
        await DeliverAsync(new Urssaf.Modules.Identity.Contracts.IntegrationEvents.EnterpriseProfileChanged(Guid.NewGuid(), DateTime.UtcNow.AddSeconds(5), "73282932000074",
            "Nouveau Nom", "6201Z", new DateOnly(2024, 1, 10), Urssaf.SharedKernel.Enterprise.ActivityNature.Liberal,
            Urssaf.SharedKernel.Enterprise.ActivityCategory.LiberalBnc, "75", Urssaf.SharedKernel.Enterprise.DeclarationFrequency.Quarterly, false, false,
            "1 rue Z 75002 Paris"), "documents");
        var client = App.ClientFor(account);
        var id = (await client.GetFromJsonAsync<JsonElement>("/api/v1/documents?type=declaration_receipt"))[0].GetProperty("documentId").GetGuid();
        var text = TextOf(await client.GetByteArrayAsync($"/api/v1/documents/{id}/content"));
        Assert.Contains("Ancien Nom", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Nouveau Nom", text, StringComparison.Ordinal);
        Assert.Contains("2 580,00 €", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_payment_receipt_and_an_annual_summary_are_also_rendered_on_first_download_with_the_figures_of_their_issue()
    {
        var account = await EnterpriseAsync("51234567800019", new DateOnly(2024, 1, 10));
        await DeliverAsync(Filed(account, "2026-Q1", 258_000), "documents");
        await DeliverAsync(Received(account, "2026-Q1", 100_000), "documents");
        var client = App.ClientFor(account);
        var created = await (await client.PostAsJsonAsync("/api/v1/documents/annual-summaries", new { year = 2026 })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(JsonValueKind.Null, created.GetProperty("sizeBytes").ValueKind);
        Assert.Equal(0, FilesOf(account.Value));
        await DeliverAsync(Received(account, "2026-Q1", 158_000), "documents"); // after the summary: not in it

        var summary = TextOf(await client.GetByteArrayAsync($"/api/v1/documents/{created.GetProperty("documentId").GetGuid()}/content"));
        Assert.Contains("Total payé 1 000,00 €", summary, StringComparison.Ordinal);
        var payment = (await client.GetFromJsonAsync<JsonElement>("/api/v1/documents?type=payment_receipt"))[0].GetProperty("documentId").GetGuid();
        Assert.Contains("Reçu de paiement", TextOf(await client.GetByteArrayAsync($"/api/v1/documents/{payment}/content")), StringComparison.Ordinal);
        Assert.Equal(2, FilesOf(account.Value));
    }
}
