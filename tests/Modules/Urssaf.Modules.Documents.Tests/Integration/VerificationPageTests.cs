using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Urssaf.Modules.Payments.Contracts.IntegrationEvents;
using Urssaf.SharedKernel.Identity;
using Urssaf.TestKit;
using Urssaf.TestKit.Builders;

namespace Urssaf.Modules.Documents.Tests.Integration;

/// <summary>The public page the QR code and the printed link lead to (API.md <c>GET /verification/{verificationCode}</c>), read as HTML.</summary>
public sealed class VerificationPageTests(UrssafApp app) : DocumentsTestBase(app), IClassFixture<UrssafApp>
{
    private const string Holder = "Dupont & Fils <script>alert(1)</script> \"Élodie\"";

    private async Task<AccountId> RegularNamedAsync(string siret, string name)
    {
        var account = await EnterpriseAsync(siret, new DateOnly(2024, 1, 10), name);
        await DeliverAsync(Filed(account, "2026-Q1", 258_000), "compliance");
        await DeliverAsync(An.ObligationChanged(account.Value, "2026-Q1", 258_000, paidCents: 258_000, revision: 3), "compliance");
        return account;
    }

    [Fact]
    public async Task The_QR_link_leads_to_a_French_accessible_page_with_exactly_the_anonymous_answer_encoded_under_a_strict_policy()
    {
        var account = await RegularNamedAsync("73282932000074", Holder);
        var issued = await (await App.ClientFor(account).PostAsJsonAsync("/api/v1/documents/attestations", new { kind = "vigilance" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var code = issued.GetProperty("verificationCode").GetString()!;

        // the link printed under the QR code (and in the answer) is the page, on the host's own address
        var url = issued.GetProperty("verificationUrl").GetString()!;
        Assert.Equal($"http://localhost:5080/verification/{code}", url);
        var pdf = await App.ClientFor(account).GetByteArrayAsync($"/api/v1/documents/{issued.GetProperty("documentId").GetGuid()}/content");
        Assert.Contains(url, TextOf(pdf).Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);

        var response = await App.CreateClient().GetAsync(new Uri(url).PathAndQuery.ToLowerInvariant()); // a code typed in lower case still matches
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        var html = await response.Content.ReadAsStringAsync();

        // structure: French, landmarks, one h1 then an h2 with the result, the fields as a description list
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"fr\">", html, StringComparison.Ordinal);
        foreach (var landmark in new[] { "<header>", "<main id=\"contenu\">", "<footer>", "<h1>", "<h2 id=\"resultat\"", "<dl>", "role=\"status\"" })
            Assert.Contains(landmark, html, StringComparison.Ordinal);
        Assert.Single(Regex.Matches(html, "<h1>"));

        // exactly what the anonymous API says, and nothing more
        var api = await App.CreateClient().GetFromJsonAsync<JsonElement>($"/api/v1/attestations/verify/{code}");
        Assert.True(api.GetProperty("valid").GetBoolean());
        Assert.Equal(
            ["Type", "SIRET", "Titulaire", "Délivrée le", "Valable jusqu'au"],
            Regex.Matches(html, "<dt>([^<]*)</dt>").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList());
        var values = Regex.Matches(html, "<dd>(.*?)</dd>").Select(m => WebUtility.HtmlDecode(Regex.Replace(m.Groups[1].Value, "<[^>]+>", ""))).ToList();
        Assert.Equal(["Attestation de vigilance", api.GetProperty("siret").GetString()!, api.GetProperty("holderName").GetString()!, "4 mai 2026", "4 novembre 2026"],
            values);
        Assert.Contains("<time datetime=\"2026-05-04\">", html, StringComparison.Ordinal);
        Assert.Contains("<time datetime=\"2026-11-04\">", html, StringComparison.Ordinal);
        Assert.Contains("Attestation valide", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Église", html, StringComparison.Ordinal); // the address is on the paper, not here
        Assert.DoesNotContain(code, html, StringComparison.OrdinalIgnoreCase);

        // every value HTML-encoded: the holder's name cannot inject markup
        Assert.Contains("Dupont &amp; Fils &lt;script&gt;alert(1)&lt;/script&gt; &quot;Élodie&quot;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);

        // no external resource, no script; the one style block is the one the policy names by its hash
        Assert.DoesNotMatch(" (src|href|action)=", html);
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", policy, StringComparison.Ordinal);
        var style = Regex.Match(html, "<style>(.*?)</style>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Contains($"style-src 'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(style)))}'", policy, StringComparison.Ordinal);
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());

        // revoked: still readable, and says it is not valid; unknown or malformed: a 404 page in French
        await App.OperatorClient().PostAsync($"/api/v1/operator/attestations/{issued.GetProperty("documentId").GetGuid()}/revoke", null);
        var revoked = await App.CreateClient().GetStringAsync($"/verification/{code}");
        Assert.Contains("Attestation non valide", revoked, StringComparison.Ordinal);
        Assert.Contains("retirée", revoked, StringComparison.Ordinal);
        foreach (var unknown in new[] { "0000000000000000000000000A", "not-a-code", "%3Cscript%3E" })
        {
            var missing = await App.CreateClient().GetAsync($"/verification/{unknown}");
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
            var page = await missing.Content.ReadAsStringAsync();
            Assert.Contains("<html lang=\"fr\">", page, StringComparison.Ordinal);
            Assert.Contains("Aucune attestation ne correspond à ce code", page, StringComparison.Ordinal);
            Assert.DoesNotContain("<script", page, StringComparison.OrdinalIgnoreCase);
        }
    }
}

/// <summary>The page and the API share the public-lookup limit, per client.</summary>
public sealed class VerificationPageRateLimitTests
{
    [Fact]
    public async Task The_page_is_rate_limited_with_the_anonymous_API()
    {
        using var app = new UrssafApp();
        app.With("RateLimiting:public-lookup:PermitLimit", "3").With("RateLimiting:public-lookup:WindowSeconds", "3600");
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/verification/0000000000000000000000000A")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/attestations/verify/0000000000000000000000000A")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/verification/0000000000000000000000000B")).StatusCode);
        var limited = await client.GetAsync("/verification/0000000000000000000000000C");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.Contains("Retry-After"));
    }
}
