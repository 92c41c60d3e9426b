using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Urssaf.TestKit;

namespace Urssaf.EndToEndTests;

/// <summary>The helpers a third party's journey uses: the operator's registration, the token endpoint, acting for a SIRET.</summary>
internal static class ThirdParties
{
    public static async Task<(Guid Id, string ClientId, string Secret)> RegisterAsync(UrssafApp app, string name, string siren, params string[] scopes)
    {
        var response = await app.OperatorClient().PostAsJsonAsync("/api/v1/operator/third-parties", new { name, siren, allowedScopes = scopes });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var secret = body.GetProperty("clientSecret").GetString()!;
        app.Secrets.Add(secret);
        return (body.GetProperty("thirdPartyId").GetGuid(), body.GetProperty("clientId").GetString()!, secret);
    }

    public static Task<HttpResponseMessage> RequestTokenAsync(UrssafApp app, string clientId, string secret, string scope) =>
        app.CreateClient().PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret, ["scope"] = scope,
        }));

    public static async Task<string> TokenAsync(UrssafApp app, string clientId, string secret, string scope)
    {
        var response = await RequestTokenAsync(app, clientId, secret, scope);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToString());
        var token = body.GetProperty("access_token").GetString()!;
        app.Secrets.Add(token);
        return token;
    }

    /// <summary>A client acting with a third party's token for the entrepreneur of <paramref name="siret"/>.</summary>
    public static HttpClient ActingFor(UrssafApp app, string token, string? siret)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (siret is not null) client.DefaultRequestHeaders.Add("X-On-Behalf-Of", siret);
        return client;
    }

    public static async Task<string?> CodeAsync(HttpResponseMessage response) =>
        response.Content.Headers.ContentType?.MediaType == "application/problem+json"
            ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()
            : null;
}

/// <summary>
/// Issue 17 over HTTP only: the operator registers an accountant's firm, the firm gets a token, is refused without a
/// delegation, the entrepreneur grants declarations.read and declarations.write, the firm files for her and she sees it
/// in the activity, the firm cannot pay, she revokes, and the same token is refused at once.
/// </summary>
public sealed class ThirdPartyJourneyTests(April2026App app) : IClassFixture<April2026App>
{
    private const string Siret = "73282932000074";
    private const string FirmSiren = "443061841";

    [Fact]
    public async Task An_accountant_files_for_an_entrepreneur_within_the_scopes_she_grants_until_she_revokes()
    {
        await Journey.FormalityAsync(app, Siret, "Claire Martin", "2025-10-15", "295109912611193");
        var owner = await Journey.RegisterAndLogInAsync(app, Siret, "295109912611193", "claire.martin@example.test", "+33 6 12 34 56 78",
            "Horizon-Bleu#2026");

        // the operator registers the firm; the firm gets a token for what it was allowed
        var firm = await ThirdParties.RegisterAsync(app, "Cabinet Dupont Expertise", FirmSiren,
            "declarations.read", "declarations.write", "payments.read", "payments.write");
        var issued = await ThirdParties.RequestTokenAsync(app, firm.ClientId, firm.Secret, "declarations.read declarations.write payments.write");
        var tokenResponse = await issued.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        Assert.Equal(("Bearer", "declarations.read declarations.write payments.write", 600),
            (tokenResponse.GetProperty("token_type").GetString(), tokenResponse.GetProperty("scope").GetString(), tokenResponse.GetProperty("expires_in").GetInt32()));
        var token = tokenResponse.GetProperty("access_token").GetString()!;
        app.Secrets.Add(token);
        var accountant = ThirdParties.ActingFor(app, token, Siret);

        // no delegation yet
        var refused = await accountant.GetAsync("/api/v1/declarations/periods");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("delegation.missing", await ThirdParties.CodeAsync(refused));

        // she grants declarations.read and declarations.write, and is told by e-mail
        var granted = await owner.PostAsJsonAsync("/api/v1/identity/delegations",
            new { siren = FirmSiren, scopes = new[] { "declarations.read", "declarations.write" } });
        Assert.Equal(HttpStatusCode.Created, granted.StatusCode);
        var delegation = await granted.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("Cabinet Dupont Expertise", "active"), (delegation.GetProperty("thirdPartyName").GetString(), delegation.GetProperty("status").GetString()));
        var delegationId = delegation.GetProperty("delegationId").GetGuid();
        await app.DrainAsync();
        Assert.Contains(app.EmailsTo("claire.martin@example.test"), m => (m.Subject ?? "").Contains("Cabinet Dupont Expertise") && (m.Subject ?? "").Contains("accès"));

        // the firm files her first quarter
        // (her first declaration spans the 2026 BNC rate: each quarter's turnover is given, ADR 30)
        var filed = await accountant.PutAsJsonAsync("/api/v1/declarations/2026-Q1", new
        {
            lines = new[] { new { category = "liberal_bnc", turnover = 0L, period = "2025-Q4" }, new { category = "liberal_bnc", turnover = 12_500L, period = "2026-Q1" } },
        });
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        await app.DrainAsync();
        Assert.Equal("declared", (await owner.GetFromJsonAsync<JsonElement>("/api/v1/declarations/2026-Q1")).GetProperty("status").GetString());
        Assert.Contains(app.EmailsTo("claire.martin@example.test"), m => (m.Subject ?? "").Contains("a utilisé son accès"));

        // the firm's software reads it back through the typed client generated from the OpenAPI document
        var adapter = new Microsoft.Kiota.Http.HttpClientLibrary.HttpClientRequestAdapter(
            new Microsoft.Kiota.Abstractions.Authentication.AnonymousAuthenticationProvider(), httpClient: accountant)
        {
            BaseUrl = accountant.BaseAddress!.ToString().TrimEnd('/'),
        };
        var typed = await new Urssaf.Client.UrssafApiClient(adapter).Api.V1.Declarations.GetAsync();
        Assert.Contains(typed!, d => d.Period == "2026-Q1" && d.Status == "declared");

        // and exports the year for its books
        var export = await accountant.GetAsync("/api/v1/declarations/exports/2026");
        Assert.Equal(("text/csv", "declarations-2026.csv"), (export.Content.Headers.ContentType?.MediaType, export.Content.Headers.ContentDisposition?.FileName));
        var rows = (await export.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("periode;debut;fin;echeance", rows[0], StringComparison.Ordinal);
        Assert.All(rows[1..], r => Assert.StartsWith("2026-Q1;2025-10-15;2026-03-31;2026-04-30;", r, StringComparison.Ordinal));
        Assert.Contains(rows[1..], r => r.Contains(";liberal_bnc;12500;", StringComparison.Ordinal));
        var total = (await owner.GetFromJsonAsync<JsonElement>("/api/v1/declarations/2026-Q1")).GetProperty("total").GetDecimal();
        Assert.All(rows[1..], r => Assert.EndsWith(";" + total.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture).Replace('.', ','), r, StringComparison.Ordinal));

        // she sees it in the activity
        var activity = await owner.GetFromJsonAsync<JsonElement>($"/api/v1/identity/delegations/{delegationId}/activity");
        Assert.Contains(activity.EnumerateArray(), a => a.GetProperty("operation").GetString() == "PUT /api/v1/declarations/{period}"
            && a.GetProperty("resource").GetString() == "/api/v1/declarations/2026-Q1" && a.GetProperty("status").GetInt32() == 201);

        // it cannot pay: the token holds payments.write, the delegation does not
        var pay = await accountant.PostAsJsonAsync("/api/v1/payments", new { period = "2026-Q1", amount = 3375.00m, method = "transfer" });
        Assert.Equal(HttpStatusCode.Forbidden, pay.StatusCode);
        Assert.Equal("delegation.scope_missing", await ThirdParties.CodeAsync(pay));
        Assert.Empty((await owner.GetFromJsonAsync<JsonElement>("/api/v1/payments")).EnumerateArray());

        // she revokes; the same token is refused on its next call
        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/api/v1/identity/delegations/{delegationId}")).StatusCode);
        var after = await accountant.GetAsync("/api/v1/declarations/2026-Q1");
        Assert.Equal(HttpStatusCode.Forbidden, after.StatusCode);
        Assert.Equal("delegation.missing", await ThirdParties.CodeAsync(after));
        var listed = await owner.GetFromJsonAsync<JsonElement>("/api/v1/identity/delegations");
        Assert.Equal("revoked", Assert.Single(listed.EnumerateArray()).GetProperty("status").GetString());
    }
}
