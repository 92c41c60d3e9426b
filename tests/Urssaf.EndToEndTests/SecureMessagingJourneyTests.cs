using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Urssaf.TestKit;

namespace Urssaf.EndToEndTests;

/// <summary>Issue 21 end to end: a late correction accepted by an adviser, and a regulatory notice reaching only the accounts it concerns.</summary>
public sealed class SecureMessagingJourneyTests
{
    private static async Task<HttpClient> EntrepreneurAsync(UrssafApp app, string siret, string nir, string category, string email, string phone)
    {
        var formality = await app.OperatorClient().PostAsJsonAsync("/api/v1/operator/formalities",
            TestData.Formality(siret, nir, activityStart: "2024-01-10", category: category, nature: category == "liberal_bnc" ? "liberal" : "commercial",
                frequency: "quarterly"));
        Assert.True(formality.IsSuccessStatusCode, await formality.Content.ReadAsStringAsync());
        await app.DrainAsync();
        return await Journey.RegisterAndLogInAsync(app, siret, nir, email, phone, "Falaise-Verte#2026");
    }

    /// <summary>2026-Q1 is due on 30 April 2026 (CSS R613-8); on 4 May it can no longer be corrected online, only through an adviser.</summary>
    [Fact]
    public async Task A_late_correction_request_accepted_by_an_adviser_becomes_a_new_version_with_its_amounts()
    {
        using var app = new UrssafApp();
        var client = await EntrepreneurAsync(app, "40594494300019", "185057505600116", "services_bic", "late.fix@example.test", "+33 6 11 22 33 44");
        var filed = await client.PutAsJsonAsync("/api/v1/declarations/2026-Q1", new { lines = new[] { new { category = "services_bic", turnover = 6_000 } } });
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        await app.DrainAsync();
        var closed = await client.PutAsJsonAsync("/api/v1/declarations/2026-Q1", new { lines = new[] { new { category = "services_bic", turnover = 8_000 } } });
        Assert.Equal("declarations.period.closed", (await closed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());

        var opened = await client.PostAsJsonAsync("/api/v1/notifications/threads", new { topic = "declaration", subject = "Oubli de factures", body = "Bonjour, j'ai oublié deux factures." });
        var threadId = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("threadId").GetGuid();
        var notLate = await client.PostAsJsonAsync($"/api/v1/notifications/threads/{threadId}/correction-requests",
            new { period = "2026-Q2", lines = new[] { new { category = "services_bic", turnover = 1 } }, reason = "?" });
        Assert.Equal("notifications.correction.not_filed", (await notLate.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        var requested = await client.PostAsJsonAsync($"/api/v1/notifications/threads/{threadId}/correction-requests",
            new { period = "2026-Q1", lines = new[] { new { category = "services_bic", turnover = 8_000 } }, reason = "Deux factures de mars oubliées." });
        Assert.Equal(HttpStatusCode.Created, requested.StatusCode);
        var requestId = (await requested.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("requestId").GetGuid();

        var adviser = app.OperatorClient();
        Assert.True(Assert.Single((await adviser.GetFromJsonAsync<JsonElement>("/api/v1/operator/threads?topic=declaration")).EnumerateArray())
            .GetProperty("correctionRequested").GetBoolean());
        var accepted = await adviser.PostAsJsonAsync($"/api/v1/operator/threads/{threadId}/correction-requests/{requestId}/acceptance", new { note = "Merci." });
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await adviser.PostAsJsonAsync($"/api/v1/operator/threads/{threadId}/correction-requests/{requestId}/acceptance", new { note = "encore" })).StatusCode);
        await app.DrainAsync();

        var versions = (await client.GetFromJsonAsync<JsonElement>("/api/v1/declarations/2026-Q1/versions")).EnumerateArray().ToList();
        Assert.Equal(["filed", "late_correction"], versions.Select(v => v.GetProperty("kind").GetString()));
        // services (BIC) 21.2 % (CSS D613-4): 8,000 € → 1,696 € social contributions, against 1,272 € before
        Assert.Equal((8_000L, 1696.00m), (versions[1].GetProperty("lines")[0].GetProperty("turnover").GetInt64(), versions[1].GetProperty("socialContributions").GetDecimal()));
        var balance = await client.GetFromJsonAsync<JsonElement>("/api/v1/payments/balance");
        Assert.Contains(balance.GetProperty("items").EnumerateArray(), i => i.GetProperty("period").GetString() == "2026-Q1"
                                                                             && i.GetProperty("amount").GetDecimal() > 1696.00m);
        var thread = await client.GetFromJsonAsync<JsonElement>($"/api/v1/notifications/threads/{threadId}");
        Assert.Equal("accepted", thread.GetProperty("correctionRequests")[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_regulatory_notice_reaches_only_the_accounts_it_concerns_by_mail_and_on_the_dashboard()
    {
        using var app = new UrssafApp();
        var services = await EntrepreneurAsync(app, "40594494300019", "185057505600116", "services_bic", "services@example.test", "+33 6 11 22 33 44");
        var liberal = await EntrepreneurAsync(app, "54769947000019", "185057505600215", "liberal_bnc", "liberal@example.test", "+33 6 22 33 44 55");

        var refused = await app.OperatorClient().PostAsJsonAsync("/api/v1/operator/regulatory-notices",
            new { title = "x", text = "y", effectiveOn = "2026-07-01", audience = new { all = false, categories = Array.Empty<string>(), departments = Array.Empty<string>(), frequencies = Array.Empty<string>() } });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("notifications.notice.audience_required", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var published = await app.OperatorClient().PostAsJsonAsync("/api/v1/operator/regulatory-notices", new
        {
            title = "Nouvelle obligation de facturation électronique", text = "À partir du 1er septembre 2026, les factures entre entreprises deviennent électroniques.",
            effectiveOn = "2026-09-01", audience = new { all = false, categories = new[] { "services_bic" }, departments = Array.Empty<string>(), frequencies = Array.Empty<string>() },
        });
        Assert.Equal(HttpStatusCode.Created, published.StatusCode);
        Assert.Equal(1, (await published.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("notified").GetInt32());
        await app.DrainAsync();

        Assert.Single(app.EmailsTo("services@example.test"), m => (m.Subject ?? "").Contains("facturation électronique", StringComparison.Ordinal));
        Assert.DoesNotContain(app.EmailsTo("liberal@example.test"), m => (m.Subject ?? "").Contains("facturation électronique", StringComparison.Ordinal));
        static async Task<List<JsonElement>> NoticesAsync(HttpClient client) =>
            (await client.GetFromJsonAsync<JsonElement>("/api/v1/compliance/dashboard")).GetProperty("widgets").EnumerateArray()
            .Single(w => w.GetProperty("type").GetString() == "regulatory_notices").GetProperty("data").EnumerateArray().ToList();
        Assert.Equal("Nouvelle obligation de facturation électronique", Assert.Single(await NoticesAsync(services)).GetProperty("title").GetString());
        Assert.Empty(await NoticesAsync(liberal));
    }
}
