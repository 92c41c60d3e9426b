using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Urssaf.Modules.Identity.Contracts.IntegrationEvents;
using Urssaf.SharedKernel.Enterprise;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Messaging;
using Urssaf.SharedKernel.Messaging;
using Urssaf.TestKit;

namespace Urssaf.EndToEndTests;

/// <summary>
/// The access matrix: every operation refuses a missing token (401) unless it is public by design, every operator
/// operation refuses a missing or wrong key, and every route that names an owner's resource (period, mandate,
/// document, session) answers another account 404 (or 403/422) and leaves the resource as it was.
/// </summary>
public sealed class AccessControlTests(UrssafApp app) : IClassFixture<UrssafApp>
{

    /// <summary>
    /// Public by design: health, support and help, the account-opening and recovery flows (password, lost channel, undoing a contact change
    /// from its notice), login, attestation verification.
    /// </summary>
    private static readonly string[] Anonymous =
    [
        "/health", "/openapi", "/api/v1/identity/registrations", "/api/v1/identity/activations", "/api/v1/identity/sessions/refresh",
        "/api/v1/identity/recoveries", "/api/v1/identity/channel-recoveries", "/api/v1/identity/contact-changes/cancellations",
        "/api/v1/attestations/verify", "/api/v1/identity/franceconnect/authorize", "/api/v1/identity/franceconnect/callback",
        "/api/v1/identity/franceconnect/sessions", "/api/v1/identity/sessions/passkey", "/api/v1/identity/passkeys/assertion-options",
        "/api/v1/support", // how to reach Urssaf and the help entries: public like the 3957
    ];

    private static string Fill(string path) => System.Text.RegularExpressions.Regex.Replace(path, @"\{([^}:]+)(:[^}]+)?\}", m => m.Groups[1].Value switch
    {
        "period" => "2026-Q1",
        "collectionDate" or "executionDate" => "2026-06-01",
        "year" => "2026",
        "siret" => "73282932000074",
        "verificationCode" => "0000000000000000000000000A",
        _ => Guid.NewGuid().ToString(),
    });

    [Fact]
    public async Task No_token_is_401_and_operator_routes_refuse_a_missing_or_wrong_key()
    {
        var document = JsonNode.Parse(await app.CreateClient().GetStringAsync("/openapi/v1.json"))!;
        var checkedRoutes = 0;
        var failures = new List<string>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, _) in item!.AsObject())
            {
                var url = Fill(path);
                var isPublic = Anonymous.Any(path.StartsWith) || (method == "post" && path == "/api/v1/identity/sessions");
                if (isPublic) continue;
                checkedRoutes++;
                using var anonymous = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), url) { Content = JsonContent.Create(new { }) };
                var none = await app.CreateClient().SendAsync(anonymous);
                if (none.StatusCode != HttpStatusCode.Unauthorized) failures.Add($"{method} {path} without credentials → {(int)none.StatusCode}");

                if (!path.StartsWith("/api/v1/operator", StringComparison.Ordinal)) continue;
                using var wrong = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), url) { Content = JsonContent.Create(new { }) };
                wrong.Headers.Add("X-Operator-Key", "not-the-key");
                var refused = await app.CreateClient().SendAsync(wrong);
                if (refused.StatusCode != HttpStatusCode.Unauthorized) failures.Add($"{method} {path} with a wrong operator key → {(int)refused.StatusCode}");

                // an entrepreneur's token is not an operator key
                using var entrepreneur = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), url) { Content = JsonContent.Create(new { }) };
                var asAccount = await app.ClientFor(AccountId.New()).SendAsync(entrepreneur);
                if (asAccount.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden))
                    failures.Add($"{method} {path} with an account token → {(int)asAccount.StatusCode}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(checkedRoutes >= 30, $"{checkedRoutes} routes checked");
    }

    private async Task DeliverAsync<T>(T e, params string[] modules) where T : IIntegrationEvent
    {
        foreach (var module in modules)
            await app.DeliverToAsync(module, e);
        await app.DrainAsync();
    }

    [Fact]
    public async Task Another_account_cannot_read_change_or_use_an_owners_resources()
    {
        var owner = AccountId.New();
        string[] modules = ["declarations", "documents", "compliance", "payments", "notifications"];
        await DeliverAsync(new EnterpriseProfileChanged(Guid.NewGuid(), DateTime.UtcNow, "84352651836821", "Owner", "6201Z", new DateOnly(2024, 1, 10),
            ActivityNature.Liberal, ActivityCategory.LiberalBnc, "75", DeclarationFrequency.Quarterly, false, false, "1 rue X 75001 Paris"), modules);
        await DeliverAsync(new AccountActivated(Guid.NewGuid(), DateTime.UtcNow, owner.Value, "84352651836821", "Olga", "Owner", "owner@example.test", "+33611111111"), modules);
        var ownerClient = app.ClientFor(owner);
        var filed = await ownerClient.PutAsJsonAsync("/api/v1/declarations/2026-Q1", new { lines = new[] { new { category = "liberal_bnc", turnover = 10_000 } } });
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        await app.DrainAsync();
        var mandate = await (await ownerClient.PostAsJsonAsync("/api/v1/payments/mandates", new { iban = "FR7630006000011234567890189", holderName = "Olga Owner" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var mandateId = mandate.GetProperty("mandateId").GetGuid();
        var documentId = (await ownerClient.GetFromJsonAsync<JsonElement>("/api/v1/documents"))[0].GetProperty("documentId").GetGuid();
        var sessionId = (await ownerClient.GetFromJsonAsync<JsonElement>("/api/v1/identity/me/sessions"))[0].GetProperty("id").GetGuid();

        var stranger = app.ClientFor(AccountId.New());
        var attempts = new (string What, Func<Task<HttpResponseMessage>> Send)[]
        {
            ("read the declaration", () => stranger.GetAsync("/api/v1/declarations/2026-Q1")),
            ("revoke the mandate", () => stranger.DeleteAsync($"/api/v1/payments/mandates/{mandateId}")),
            ("pay with the mandate", () => stranger.PostAsJsonAsync("/api/v1/payments", new { period = "2026-Q1", amount = 10m, method = "sepa_debit", mandateId })),
            ("download the document", () => stranger.GetAsync($"/api/v1/documents/{documentId}/content")),
            ("end the session", () => stranger.DeleteAsync($"/api/v1/identity/me/sessions/{sessionId}")),
        };
        foreach (var (what, send) in attempts)
        {
            var response = await send();
            Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden or HttpStatusCode.UnprocessableEntity,
                $"{what}: {(int)response.StatusCode}");
            Assert.DoesNotContain("Olga", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // the prefill a stranger gets is their own (nothing), never the owner's lines
        Assert.Contains("10000", await ownerClient.GetStringAsync("/api/v1/declarations/2026-Q2/prefill"), StringComparison.Ordinal);
        var prefill = await stranger.GetAsync("/api/v1/declarations/2026-Q2/prefill");
        if (prefill.StatusCode == HttpStatusCode.OK)
            Assert.DoesNotContain("10000", await prefill.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        else
            Assert.Equal(HttpStatusCode.NotFound, prefill.StatusCode);

        // and nothing of the owner's changed
        Assert.Equal(HttpStatusCode.OK, (await ownerClient.GetAsync("/api/v1/declarations/2026-Q1")).StatusCode);
        Assert.Equal("active", (await ownerClient.GetFromJsonAsync<JsonElement>("/api/v1/payments/mandates"))[0].GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await ownerClient.GetAsync($"/api/v1/documents/{documentId}/content")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ownerClient.GetAsync("/api/v1/payments/balance")).StatusCode); // the session still works
        Assert.Empty((await stranger.GetFromJsonAsync<JsonElement>("/api/v1/payments")).EnumerateArray());
        Assert.Empty((await stranger.GetFromJsonAsync<JsonElement>("/api/v1/documents")).EnumerateArray());
    }
}
