using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Urssaf.TestKit;

namespace Urssaf.EndToEndTests;

/// <summary>The host on 3 April 2026: a new liberal profession whose first quarter is open until 30 April.</summary>
public sealed class April2026App() : UrssafApp(new DateTimeOffset(2026, 4, 3, 9, 0, 0, TimeSpan.Zero));

/// <summary>
/// A new entrepreneur's way through the service, over HTTP only, with the messages read from the delivered
/// files as a person would: formalities → registration → activation → login → estimate → filing → receipt.
/// </summary>
public sealed class EntrepreneurJourneyTests(April2026App app) : IClassFixture<April2026App>
{
    [Fact]
    public async Task From_the_formalities_feed_to_a_filed_declaration_and_its_receipt()
    {
        // the formalities centre transmits the new micro-enterprise
        var formality = await app.OperatorClient().PostAsJsonAsync("/api/v1/operator/formalities", new
        {
            siret = "73282932000074", legalName = "Claire Martin", apeCode = "6201Z", activityStartDate = "2025-10-15",
            activityNature = "liberal", primaryCategory = "liberal_bnc", department = "75", declarationFrequency = "quarterly",
            incomeTaxWithholding = true, acre = false, address = "1 rue X 75001 Paris",
        });
        Assert.Equal(HttpStatusCode.Created, formality.StatusCode);

        // she registers, then activates with the e-mail link and the SMS code she received
        var visitor = app.CreateClient();
        var registration = await visitor.PostAsJsonAsync("/api/v1/identity/registrations", new
        {
            siret = "73282932000074", nir = "295109912611193", firstName = "Claire", lastName = "Martin", email = "claire.martin@example.test",
            phone = "+33 6 12 34 56 78", password = "Horizon-Bleu#2026", secretQuestion = "Ville de naissance ?", secretAnswer = "Besançon",
        });
        Assert.Equal(HttpStatusCode.Accepted, registration.StatusCode);
        var registrationId = (await registration.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("registrationId").GetGuid();
        await app.DrainAsync();

        var activationMail = Assert.Single(app.EmailsTo("claire.martin@example.test"));
        var token = Delivered.ActivationToken(activationMail);
        Assert.Equal(HttpStatusCode.OK, (await visitor.PostAsJsonAsync("/api/v1/identity/activations/email", new { token })).StatusCode);
        var code = Delivered.SixDigitCode(Assert.Single(app.SmsTo("+33612345678")).Text);
        var activated = await visitor.PostAsJsonAsync("/api/v1/identity/activations/sms", new { registrationId, code });
        Assert.Equal("active", (await activated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        await app.DrainAsync();

        // she logs in
        var session = await visitor.PostAsJsonAsync("/api/v1/identity/sessions", new { login = "claire.martin@example.test", password = "Horizon-Bleu#2026" });
        Assert.Equal(HttpStatusCode.OK, session.StatusCode);
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            (await session.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString());

        // her first declaration covers 15 October 2025 to 31 March 2026 (start + 90 days falls in Q1 2026)
        var periods = await client.GetFromJsonAsync<JsonElement>("/api/v1/declarations/periods");
        var first = periods.EnumerateArray().Single(p => p.GetProperty("period").GetString() == "2026-Q1");
        Assert.Equal(("2025-10-15", "2026-04-30", "open"), (first.GetProperty("start").GetString(), first.GetProperty("dueDate").GetString(), first.GetProperty("status").GetString()));

        // she estimates, then files: rates of 15 October 2025 (BNC 24.6 %), CFP 0.2 %, versement libératoire 2.2 %
        var lines = new[] { new { category = "liberal_bnc", turnover = 12_500 } };
        var estimate = await client.PostAsJsonAsync("/api/v1/declarations/estimates", new { period = "2026-Q1", lines });
        var estimated = await estimate.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(3075.00m + 25.00m + 275.00m, estimated.GetProperty("total").GetDecimal());

        var filed = await client.PutAsJsonAsync("/api/v1/declarations/2026-Q1", new { lines });
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        Assert.Equal(estimated.GetProperty("total").GetDecimal(), (await filed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("total").GetDecimal());
        await app.DrainAsync();

        // the accusé de réception arrives by e-mail with the amounts
        var receipt = app.EmailsTo("claire.martin@example.test").Single(m => (m.Subject ?? "").Contains("Accusé de réception"));
        Assert.Contains("2026-Q1", receipt.TextBody);
        Assert.Contains("3 375,00 €", (receipt.TextBody ?? "").Replace('\u202f', ' ').Replace('\u00a0', ' '));
        var inbox = await client.GetFromJsonAsync<JsonElement>("/api/v1/notifications");
        Assert.Contains(inbox.EnumerateArray(), m => m.GetProperty("topic").GetString() == "declaration_confirmations");
        Assert.Equal("declared", (await client.GetFromJsonAsync<JsonElement>("/api/v1/declarations/periods"))
            .EnumerateArray().Single(p => p.GetProperty("period").GetString() == "2026-Q1").GetProperty("status").GetString());
    }
}
