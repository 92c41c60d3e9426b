using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Urssaf.Modules.Documents.Signing;
using Urssaf.SharedKernel.Identity;
using Urssaf.TestKit;

namespace Urssaf.Modules.Documents.Tests.Integration;

public sealed class AttestationTests(UrssafApp app) : DocumentsTestBase(app), IClassFixture<UrssafApp>
{
    private static async Task<HttpResponseMessage> RequestAsync(HttpClient client) =>
        await client.PostAsJsonAsync("/api/v1/documents/attestations", new { kind = "vigilance" });

    [Fact]
    public async Task An_up_to_date_account_gets_a_signed_attestation_that_anyone_can_verify()
    {
        var account = await RegularAsync("73282932000074");
        var client = App.ClientFor(account);
        var response = await RequestAsync(client);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var code = body.GetProperty("verificationCode").GetString()!;
        Assert.Matches("^[0-9A-HJKMNP-TV-Z]{26}$", code);
        Assert.Equal("2026-11-04", body.GetProperty("validUntil").GetString()); // six months (CT D8222-5)
        Assert.False(body.GetProperty("provisional").GetBoolean());

        var download = await client.GetAsync($"/api/v1/documents/{body.GetProperty("documentId").GetGuid()}/content");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-store", download.Headers.CacheControl?.ToString());
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        var pdf = await download.Content.ReadAsByteArrayAsync();

        var text = TextOf(pdf);
        foreach (var expected in new[] { "Attestation de vigilance", "Élodie Gérard", "73282932000074", "12 rue de l'Église 75001 Paris", "à jour",
                     "Délivrée le", "04/05/2026", "04/11/2026", code, "L243-15" })
            Assert.Contains(expected, text, StringComparison.Ordinal);

        // signed: verifies as issued, and no longer once a single byte changes
        var signer = App.Services.GetRequiredService<DocumentSigner>();
        Assert.True(signer.Verify(pdf));
        foreach (var position in new[] { 400, pdf.Length / 2, pdf.Length - 40 })
        {
            var tampered = (byte[])pdf.Clone();
            tampered[position] ^= 0x01;
            Assert.False(signer.Verify(tampered), $"a flip at byte {position} went unnoticed");
        }

        var anonymous = App.CreateClient();
        var verified = await anonymous.GetFromJsonAsync<JsonElement>($"/api/v1/attestations/verify/{code}");
        Assert.True(verified.GetProperty("valid").GetBoolean());
        Assert.Equal(("vigilance", "73282932000074", "Élodie Gérard", "2026-05-04"), (verified.GetProperty("kind").GetString(),
            verified.GetProperty("siret").GetString(), verified.GetProperty("holderName").GetString(), verified.GetProperty("issuedOn").GetString()));
        Assert.False(verified.TryGetProperty("address", out _)); // minimal data
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/api/v1/attestations/verify/0000000000000000000000000A")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/api/v1/attestations/verify/not-a-code")).StatusCode);

        // revoked by the back office: no longer valid
        var revoke = await App.OperatorClient().PostAsync($"/api/v1/operator/attestations/{body.GetProperty("documentId").GetGuid()}/revoke", null);
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        var revoked = await anonymous.GetFromJsonAsync<JsonElement>($"/api/v1/attestations/verify/{code}");
        Assert.Equal((false, "revoked"), (revoked.GetProperty("valid").GetBoolean(), revoked.GetProperty("reason").GetString()));
    }

    [Fact]
    public async Task An_account_with_a_missing_declaration_is_refused_with_the_reasons()
    {
        var account = await EnterpriseAsync("40483304800022", new DateOnly(2024, 1, 10));
        await DeliverAsync(new Urssaf.Modules.Declarations.Contracts.IntegrationEvents.DeclarationPeriodOpened(Guid.NewGuid(), DateTime.UtcNow, account.Value,
            "40483304800022", "2026-Q1", new DateOnly(2026, 1, 1), new DateOnly(2026, 3, 31), new DateOnly(2026, 4, 30),
            new DateTime(2026, 4, 30, 21, 59, 59, DateTimeKind.Utc)), "compliance");
        var response = await RequestAsync(App.ClientFor(account));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("documents.attestation.not_up_to_date", problem.GetProperty("code").GetString());
        Assert.Equal("declaration.missing", problem.GetProperty("reasons")[0].GetProperty("code").GetString());
        Assert.Empty((await App.ClientFor(account).GetFromJsonAsync<JsonElement>("/api/v1/documents")).EnumerateArray());
    }

    [Fact]
    public async Task A_new_business_gets_a_provisional_attestation_until_its_first_due_date()
    {
        var account = await EnterpriseAsync("44306184100047", new DateOnly(2026, 4, 15));
        var response = await RequestAsync(App.ClientFor(account));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("provisional").GetBoolean());
        Assert.Equal("2026-10-31", body.GetProperty("validUntil").GetString());
        var pdf = await App.ClientFor(account).GetByteArrayAsync($"/api/v1/documents/{body.GetProperty("documentId").GetGuid()}/content");
        Assert.Contains("Attestation de vigilance provisoire", TextOf(pdf), StringComparison.Ordinal);
        var verified = await App.CreateClient().GetFromJsonAsync<JsonElement>($"/api/v1/attestations/verify/{body.GetProperty("verificationCode").GetString()}");
        Assert.Equal("vigilance_provisional", verified.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Bad_kind_is_a_400_and_no_token_is_a_401()
    {
        var client = App.ClientFor(AccountId.New());
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync("/api/v1/documents/attestations", new { kind = "fiscal" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.CreateClient().PostAsJsonAsync("/api/v1/documents/attestations", new { kind = "vigilance" })).StatusCode);
    }
}

/// <summary>Its own clock: six months and a day later, the attestation no longer verifies.</summary>
public sealed class AttestationExpiryTests
{
    [Fact]
    public async Task An_expired_attestation_does_not_verify()
    {
        using var app = new UrssafApp();
        var helper = new Helper(app);
        var account = await helper.RegularAccountAsync();
        var body = await (await app.ClientFor(account).PostAsJsonAsync("/api/v1/documents/attestations", new { kind = "vigilance" })).Content.ReadFromJsonAsync<JsonElement>();
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 5, 8, 0, 0, TimeSpan.Zero));
        var verified = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/api/v1/attestations/verify/{body.GetProperty("verificationCode").GetString()}");
        Assert.Equal((false, "expired"), (verified.GetProperty("valid").GetBoolean(), verified.GetProperty("reason").GetString()));
        var listed = await app.ClientFor(account).GetFromJsonAsync<JsonElement>("/api/v1/documents?status=expired");
        Assert.Single(listed.EnumerateArray());
    }

    private sealed class Helper(UrssafApp app) : DocumentsTestBase(app)
    {
        public Task<AccountId> RegularAccountAsync() => RegularAsync("55208131766522");
    }
}
