using System.IdentityModel.Tokens.Jwt;
using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;
using Urssaf.TestKit;

namespace Urssaf.EndToEndTests;

/// <summary>The host with a small token-endpoint limit, so brute force shows within a test.</summary>
public sealed class ThirdPartyApp : UrssafApp
{
    public ThirdPartyApp() => With("RateLimiting:token-endpoint:PermitLimit", "8");
}

/// <summary>
/// The access matrix for third parties (SECURITY.md 8.2.1, 8.4.1, 8.2.3): each scope opens exactly its routes, a third
/// party without a delegation gets nothing, owner-only routes never answer a delegate; and the bad inputs of issue 17
/// (unknown SIREN or scope, expired delegation, forged and expired tokens, secret guessing, rotated and revoked secrets).
/// </summary>
public sealed class ThirdPartyAccessTests(ThirdPartyApp app) : IClassFixture<ThirdPartyApp>
{
    private const string Siret = "73282932000074";
    private static readonly SemaphoreSlim Setup = new(1, 1);

    private static readonly (string Method, string Template, string Path, string Scope)[] Routes =
    [
        ("GET", "/api/v1/declarations/periods", "/api/v1/declarations/periods", "declarations.read"),
        ("GET", "/api/v1/declarations", "/api/v1/declarations", "declarations.read"),
        ("GET", "/api/v1/declarations/{period}", "/api/v1/declarations/2026-Q1", "declarations.read"),
        ("GET", "/api/v1/declarations/{period}/prefill", "/api/v1/declarations/2026-Q2/prefill", "declarations.read"),
        ("POST", "/api/v1/declarations/estimates", "/api/v1/declarations/estimates", "declarations.read"),
        ("GET", "/api/v1/declarations/exports/{year}", "/api/v1/declarations/exports/2026", "declarations.read"),
        ("PUT", "/api/v1/declarations/{period}", "/api/v1/declarations/2026-Q1", "declarations.write"),
        ("GET", "/api/v1/payments/balance", "/api/v1/payments/balance", "payments.read"),
        ("GET", "/api/v1/payments", "/api/v1/payments", "payments.read"),
        ("GET", "/api/v1/payments/exports/{year}", "/api/v1/payments/exports/2026", "payments.read"),
        ("GET", "/api/v1/payments/credit", "/api/v1/payments/credit", "payments.read"),
        ("GET", "/api/v1/payments/refunds", "/api/v1/payments/refunds", "payments.read"),
        ("POST", "/api/v1/payments", "/api/v1/payments", "payments.write"),
        ("GET", "/api/v1/documents", "/api/v1/documents", "documents.read"),
        ("GET", "/api/v1/documents/{documentId}/content", $"/api/v1/documents/{Guid.Empty}/content", "documents.read"),
        ("POST", "/api/v1/documents/attestations", "/api/v1/documents/attestations", "attestations.issue"),
    ];

    private static IEnumerable<(string Method, string Path, string Scope)> DelegateRoutes => Routes.Select(r => (r.Method, r.Path, r.Scope));

    private static readonly string[] AllScopes =
        ["declarations.read", "declarations.write", "payments.read", "payments.write", "documents.read", "attestations.issue"];

    private async Task<HttpClient> OwnerAsync()
    {
        await Setup.WaitAsync();
        try
        {
            if (_ownerApp == app) return await Journey.LogInAsync(app, "claire@example.test", "Horizon-Bleu#2026");
            await Journey.FormalityAsync(app, Siret, "Claire Martin", "2025-10-15", "295109912611193");
            _ownerApp = app;
            return await Journey.RegisterAndLogInAsync(app, Siret, "295109912611193", "claire@example.test", "+33 6 12 34 56 78", "Horizon-Bleu#2026");
        }
        finally
        {
            Setup.Release();
        }
    }

    private static UrssafApp? _ownerApp;

    private static HttpRequestMessage Call(string method, string path) => new(new HttpMethod(method), path)
    {
        Content = method is "GET" or "DELETE" ? null : JsonContent.Create(new { }),
    };

    [Fact]
    public async Task The_directory_lists_the_third_parties_a_delegation_can_go_to_without_their_oauth_client_and_only_to_the_owner()
    {
        var owner = await OwnerAsync();
        var listed = await ThirdParties.RegisterAsync(app, "Logiciel Annuaire", "778123406", "declarations.read", "documents.read");
        var revoked = await ThirdParties.RegisterAsync(app, "Cabinet Retiré", "778123414", "declarations.read");
        Assert.Equal(HttpStatusCode.NoContent, (await app.OperatorClient().DeleteAsync($"/api/v1/operator/third-parties/{revoked.Id}/secret")).StatusCode);

        var response = await owner.GetAsync("/api/v1/identity/third-parties");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        var entry = Assert.Single(JsonDocument.Parse(text).RootElement.EnumerateArray(), e => e.GetProperty("siren").GetString() == "778123406");
        Assert.Equal("Logiciel Annuaire", entry.GetProperty("name").GetString());
        Assert.Equal(["declarations.read", "documents.read"], entry.GetProperty("allowedScopes").EnumerateArray().Select(x => x.GetString()).Order());
        Assert.DoesNotContain("778123414", text, StringComparison.Ordinal); // its credentials are revoked: no delegation can work
        Assert.DoesNotContain(listed.ClientId, text, StringComparison.Ordinal);
        Assert.DoesNotContain("clientId", text, StringComparison.OrdinalIgnoreCase);

        // neither anonymous nor a third party's token reads it
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync("/api/v1/identity/third-parties")).StatusCode);
        var token = await ThirdParties.TokenAsync(app, listed.ClientId, listed.Secret, "declarations.read");
        Assert.True((await ThirdParties.ActingFor(app, token, Siret).GetAsync("/api/v1/identity/third-parties")).StatusCode is HttpStatusCode.Unauthorized
            or HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Each_scope_opens_exactly_its_routes_and_owner_only_routes_never_answer_a_delegate()
    {
        var owner = await OwnerAsync();
        var firm = await ThirdParties.RegisterAsync(app, "Cabinet Matrice", "443061858", AllScopes);
        var token = await ThirdParties.TokenAsync(app, firm.ClientId, firm.Secret, string.Join(' ', AllScopes));
        var delegate_ = ThirdParties.ActingFor(app, token, Siret);

        // a stranger: a third party without any delegation for this SIRET
        foreach (var (method, path, _) in DelegateRoutes)
        {
            var response = await delegate_.SendAsync(Call(method, path));
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} {path} without delegation → {(int)response.StatusCode}");
            Assert.Equal("delegation.missing", await ThirdParties.CodeAsync(response));
        }

        var granted = await owner.PostAsJsonAsync("/api/v1/identity/delegations", new { siren = "443061858", scopes = new[] { "documents.read" } });
        Assert.Equal(HttpStatusCode.Created, granted.StatusCode);
        var delegationId = (await granted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("delegationId").GetGuid();

        var failures = new List<string>();
        foreach (var scope in AllScopes)
        {
            var changed = await owner.PutAsJsonAsync($"/api/v1/identity/delegations/{delegationId}/scopes", new { scopes = new[] { scope } });
            Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
            foreach (var (method, path, needed) in DelegateRoutes)
            {
                var response = await delegate_.SendAsync(Call(method, path));
                var code = await ThirdParties.CodeAsync(response);
                if (needed == scope && response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized)
                    failures.Add($"{scope}: {method} {path} refused ({(int)response.StatusCode} {code})");
                if (needed != scope && (response.StatusCode != HttpStatusCode.Forbidden || code != "delegation.scope_missing"))
                    failures.Add($"{scope}: {method} {path} → {(int)response.StatusCode} {code}, expected 403 delegation.scope_missing");
            }
        }

        // every other route of the OpenAPI document is owner-only: a delegate holding every scope gets 401 or 403
        await owner.PutAsJsonAsync($"/api/v1/identity/delegations/{delegationId}/scopes", new { scopes = AllScopes });
        var document = JsonNode.Parse(await app.CreateClient().GetStringAsync("/openapi/v1.json"))!;
        var ownerOnly = 0;
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, _) in item!.AsObject())
            {
                var url = System.Text.RegularExpressions.Regex.Replace(path, @"\{([^}:]+)(:[^}]+)?\}", m => m.Groups[1].Value switch
                {
                    "period" => "2026-Q1", "collectionDate" or "executionDate" => "2026-06-01", "year" => "2026", "siret" => Siret, "verificationCode" => "0000000000000000000000000A",
                    _ => Guid.NewGuid().ToString(),
                });
                if (Routes.Any(r => r.Method == method.ToUpperInvariant() && r.Template == path)) continue;
                if (path.StartsWith("/health", StringComparison.Ordinal) || path.StartsWith("/openapi", StringComparison.Ordinal)) continue;
                var response = await delegate_.SendAsync(Call(method.ToUpperInvariant(), url));
                var body = await response.Content.ReadAsStringAsync();
                Assert.DoesNotContain("295109912611193", body, StringComparison.Ordinal);
                if (IsPublic(method, path)) continue;
                ownerOnly++;
                if (response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden))
                    failures.Add($"owner-only {method} {path} → {(int)response.StatusCode} for a delegate");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(ownerOnly >= 25, $"{ownerOnly} owner-only operations checked");

        // and the owner still reaches everything the delegate did
        foreach (var (method, path, _) in DelegateRoutes)
        {
            var response = await owner.SendAsync(Call(method, path));
            Assert.True(response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden), $"owner {method} {path} → {(int)response.StatusCode}");
        }
    }

    private static bool IsPublic(string method, string path) =>
        new[] { "/api/v1/identity/registrations", "/api/v1/identity/activations", "/api/v1/identity/sessions/refresh", "/api/v1/identity/recoveries",
                "/api/v1/identity/channel-recoveries", "/api/v1/identity/contact-changes/cancellations", "/api/v1/attestations/verify",
                "/api/v1/identity/franceconnect/authorize", "/api/v1/identity/franceconnect/callback", "/api/v1/identity/franceconnect/sessions",
                "/api/v1/identity/sessions/passkey", "/api/v1/identity/passkeys/assertion-options", "/api/v1/support" }.Any(path.StartsWith)
        || (method == "post" && path == "/api/v1/identity/sessions");

    [Fact]
    public async Task Delegations_refuse_unknown_sirens_and_scopes_and_end_at_their_expiry()
    {
        var owner = await OwnerAsync();
        var firm = await ThirdParties.RegisterAsync(app, "Logiciel Compta", "443061866", "declarations.read");

        var unknown = await owner.PostAsJsonAsync("/api/v1/identity/delegations", new { siren = "552100554", scopes = new[] { "declarations.read" } });
        Assert.Equal((HttpStatusCode.NotFound, "identity.delegation.third_party_unknown"), (unknown.StatusCode, await ThirdParties.CodeAsync(unknown)));
        var invalid = await owner.PostAsJsonAsync("/api/v1/identity/delegations", new { siren = "123456789", scopes = new[] { "declarations.read" } });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var badScope = await owner.PostAsJsonAsync("/api/v1/identity/delegations", new { siren = "443061866", scopes = new[] { "declarations.delete" } });
        Assert.Equal(HttpStatusCode.BadRequest, badScope.StatusCode);
        var notAllowed = await owner.PostAsJsonAsync("/api/v1/identity/delegations", new { siren = "443061866", scopes = new[] { "payments.write" } });
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "identity.delegation.scope_not_allowed"), (notAllowed.StatusCode, await ThirdParties.CodeAsync(notAllowed)));
        var past = await owner.PostAsJsonAsync("/api/v1/identity/delegations", new { siren = "443061866", scopes = new[] { "declarations.read" }, expiresOn = "2020-01-01" });
        Assert.Equal(HttpStatusCode.BadRequest, past.StatusCode);
        Assert.DoesNotContain((await owner.GetFromJsonAsync<JsonElement>("/api/v1/identity/delegations")).EnumerateArray(),
            d => d.GetProperty("thirdPartyName").GetString() == "Logiciel Compta");

        // the token endpoint refuses scopes the operator did not allow, and unknown ones
        var outside = await ThirdParties.RequestTokenAsync(app, firm.ClientId, firm.Secret, "payments.write");
        Assert.Equal(HttpStatusCode.BadRequest, outside.StatusCode);
        var unknownScope = await ThirdParties.RequestTokenAsync(app, firm.ClientId, firm.Secret, "everything");
        Assert.Equal(HttpStatusCode.BadRequest, unknownScope.StatusCode);

        // a delegation until today works today and ends tomorrow (Paris time)
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(app.Clock.GetUtcNow().UtcDateTime, TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris")));
        var granted = await owner.PostAsJsonAsync("/api/v1/identity/delegations",
            new { siren = "443061866", scopes = new[] { "declarations.read" }, expiresOn = today.ToString("yyyy-MM-dd") });
        Assert.Equal(HttpStatusCode.Created, granted.StatusCode);
        var delegationId = (await granted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("delegationId").GetGuid();
        var token = await ThirdParties.TokenAsync(app, firm.ClientId, firm.Secret, "declarations.read");
        Assert.Equal(HttpStatusCode.OK, (await ThirdParties.ActingFor(app, token, Siret).GetAsync("/api/v1/declarations/periods")).StatusCode);
        // the bearer header only: the same token in a URL is not read (it would end up in proxy logs)
        var inUrl = ThirdParties.ActingFor(app, token, Siret);
        inUrl.DefaultRequestHeaders.Authorization = null;
        Assert.Equal(HttpStatusCode.Unauthorized, (await inUrl.GetAsync($"/api/v1/declarations/periods?access_token={token}")).StatusCode);
        // a page whose offset would overflow is a 400, not a negative OFFSET on SQL Server
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.GetAsync($"/api/v1/identity/delegations/{delegationId}/activity?page=2147483647")).StatusCode);

        app.Clock.Advance(TimeSpan.FromDays(1));
        owner = await Journey.LogInAsync(app, "claire@example.test", "Horizon-Bleu#2026");
        var fresh = await ThirdParties.TokenAsync(app, firm.ClientId, firm.Secret, "declarations.read");
        var expired = await ThirdParties.ActingFor(app, fresh, Siret).GetAsync("/api/v1/declarations/periods");
        Assert.Equal((HttpStatusCode.Forbidden, "delegation.missing"), (expired.StatusCode, await ThirdParties.CodeAsync(expired)));
        var listed = await owner.GetFromJsonAsync<JsonElement>("/api/v1/identity/delegations");
        Assert.Equal("expired", listed.EnumerateArray().Single(d => d.GetProperty("delegationId").GetGuid() == delegationId).GetProperty("status").GetString());

        // another account can neither see nor revoke it
        var stranger = app.ClientFor(Urssaf.SharedKernel.Identity.AccountId.New());
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.DeleteAsync($"/api/v1/identity/delegations/{delegationId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/v1/identity/delegations/{delegationId}/activity")).StatusCode);
    }

    [Fact]
    public async Task Forged_expired_and_rotated_tokens_are_refused_and_guessing_a_secret_is_limited()
    {
        var owner = await OwnerAsync();
        var firm = await ThirdParties.RegisterAsync(app, "Cabinet Rotation", "552100562", "declarations.read");
        Assert.Equal(HttpStatusCode.Created, (await owner.PostAsJsonAsync("/api/v1/identity/delegations",
            new { siren = "552100562", scopes = new[] { "declarations.read" } })).StatusCode);

        // a forged token, and one signed by someone else's key
        Assert.Equal(HttpStatusCode.Unauthorized, (await ThirdParties.ActingFor(app, "not.a.token", Siret).GetAsync("/api/v1/declarations")).StatusCode);
        using var foreign = RSA.Create(2048);
        var forged = new JwtSecurityTokenHandler().WriteToken(new JwtSecurityToken("http://localhost/", null,
            [new Claim("sub", firm.Id.ToString()), new Claim("third_party", firm.Id.ToString()), new Claim("scope", "declarations.read")],
            DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddMinutes(5), new SigningCredentials(new RsaSecurityKey(foreign), SecurityAlgorithms.RsaSha256)));
        Assert.Equal(HttpStatusCode.Unauthorized, (await ThirdParties.ActingFor(app, forged, Siret).GetAsync("/api/v1/declarations")).StatusCode);

        // a token past its 10 minutes
        var token = await ThirdParties.TokenAsync(app, firm.ClientId, firm.Secret, "declarations.read");
        Assert.Equal(HttpStatusCode.OK, (await ThirdParties.ActingFor(app, token, Siret).GetAsync("/api/v1/declarations")).StatusCode);
        app.Clock.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal(HttpStatusCode.Unauthorized, (await ThirdParties.ActingFor(app, token, Siret).GetAsync("/api/v1/declarations")).StatusCode);

        // a wrong secret is a clear OAuth error, and changes nothing: the right one still works
        var wrong = await ThirdParties.RequestTokenAsync(app, firm.ClientId, firm.Secret + "x", "declarations.read");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal("invalid_client", (await wrong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        token = await ThirdParties.TokenAsync(app, firm.ClientId, firm.Secret, "declarations.read");

        // rotation: the old secret and the token issued with it stop working at once
        var rotated = await app.OperatorClient().PostAsync($"/api/v1/operator/third-parties/{firm.Id}/secret", null);
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        var newSecret = (await rotated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("clientSecret").GetString()!;
        app.Secrets.Add(newSecret);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ThirdParties.RequestTokenAsync(app, firm.ClientId, firm.Secret, "declarations.read")).StatusCode);
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        var stale = await ThirdParties.ActingFor(app, token, Siret).GetAsync("/api/v1/declarations");
        Assert.Equal(HttpStatusCode.Forbidden, stale.StatusCode);
        var renewed = await ThirdParties.TokenAsync(app, firm.ClientId, newSecret, "declarations.read");
        Assert.Equal(HttpStatusCode.OK, (await ThirdParties.ActingFor(app, renewed, Siret).GetAsync("/api/v1/declarations")).StatusCode);

        // revocation of the secret: no new token, and the current one is refused
        Assert.Equal(HttpStatusCode.NoContent, (await app.OperatorClient().DeleteAsync($"/api/v1/operator/third-parties/{firm.Id}/secret")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ThirdParties.RequestTokenAsync(app, firm.ClientId, newSecret, "declarations.read")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ThirdParties.ActingFor(app, renewed, Siret).GetAsync("/api/v1/declarations")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.OperatorClient().PostAsync($"/api/v1/operator/third-parties/{Guid.NewGuid()}/secret", null)).StatusCode);

        // guessing: the limit per client answers 429 with Retry-After before any secret is checked
        var guesser = await ThirdParties.RegisterAsync(app, "Cible", "552100570", "declarations.read");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++)
            statuses.Add((await ThirdParties.RequestTokenAsync(app, guesser.ClientId, $"guess-{i}", "declarations.read")).StatusCode);
        Assert.Equal(8, statuses.Count(s => s == HttpStatusCode.Unauthorized));
        var limited = await ThirdParties.RequestTokenAsync(app, guesser.ClientId, guesser.Secret, "declarations.read");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter is not null);
        Assert.Equal("request.rate_limited", await ThirdParties.CodeAsync(limited));
    }

    [Fact]
    public async Task A_client_registered_with_a_public_key_authenticates_with_private_key_jwt()
    {
        using var key = RSA.Create(2048);
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(key.ExportParameters(false)) { KeyId = "firm-key-1" });
        jwk.Use = "sig";
        jwk.Alg = "RS256";
        var jwks = new { keys = new[] { new { kty = jwk.Kty, kid = jwk.Kid, use = jwk.Use, alg = jwk.Alg, n = jwk.N, e = jwk.E } } };
        var registered = await app.OperatorClient().PostAsJsonAsync("/api/v1/operator/third-parties",
            new { name = "Logiciel à clé", siren = "443061874", allowedScopes = new[] { "declarations.read" }, jwks });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var body = await registered.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(JsonValueKind.Null, body.GetProperty("clientSecret").ValueKind);
        var clientId = body.GetProperty("clientId").GetString()!;

        // OpenIddict 7: the audience is the issuer, and the assertion is explicitly typed (draft-ietf-oauth-rfc7523bis)
        string Assertion(RSA signer) => new JwtSecurityTokenHandler().WriteToken(new JwtSecurityToken(
            new JwtHeader(new SigningCredentials(new RsaSecurityKey(signer) { KeyId = "firm-key-1" }, SecurityAlgorithms.RsaSha256), null,
                "client-authentication+jwt"),
            new JwtPayload(clientId, "http://localhost/", [new Claim("sub", clientId), new Claim("jti", Guid.NewGuid().ToString("N"))],
                app.Clock.GetUtcNow().UtcDateTime.AddSeconds(-5), app.Clock.GetUtcNow().UtcDateTime.AddMinutes(2), app.Clock.GetUtcNow().UtcDateTime)));
        Task<HttpResponseMessage> Request(string assertion) => app.CreateClient().PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["scope"] = "declarations.read",
            ["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", ["client_assertion"] = assertion,
        }));

        var ok = await Request(Assertion(key));
        var answer = await ok.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(ok.StatusCode == HttpStatusCode.OK, answer.ToString());
        app.Secrets.Add(answer.GetProperty("access_token").GetString()!);
        Assert.Equal(("Bearer", "declarations.read"), (answer.GetProperty("token_type").GetString(), answer.GetProperty("scope").GetString()));
        Assert.InRange(answer.GetProperty("expires_in").GetInt32(), 60, 600);

        using var other = RSA.Create(2048);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Request(Assertion(other))).StatusCode);

        var badKeys = await app.OperatorClient().PostAsJsonAsync("/api/v1/operator/third-parties",
            new { name = "Clé privée", siren = "443061882", allowedScopes = new[] { "declarations.read" }, jwks = new { keys = Array.Empty<object>() } });
        Assert.Equal(HttpStatusCode.BadRequest, badKeys.StatusCode);
    }
}
