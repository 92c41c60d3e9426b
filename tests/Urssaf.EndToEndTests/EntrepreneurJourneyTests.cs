using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Urssaf.TestKit;

namespace Urssaf.EndToEndTests;

/// <summary>The host on 3 April 2026: a new liberal profession whose first quarter is open until 30 April.</summary>
public sealed class April2026App() : UrssafApp(new DateTimeOffset(2026, 4, 3, 9, 0, 0, TimeSpan.Zero));

/// <summary>
/// A new entrepreneur's way through the service, over HTTP only: formalities → registration → activation → login →
/// estimate → filing → receipt → balance → mandate → SEPA payment → green → attestation → anonymous verification →
/// the bank's files (pain.008 out, camt.054 in) → paid.
/// </summary>
public sealed class EntrepreneurJourneyTests(April2026App app) : IClassFixture<April2026App>
{
    [Fact]
    public async Task From_the_formalities_feed_to_a_paid_declaration_and_a_verified_attestation()
    {
        await Journey.FormalityAsync(app, "73282932000074", "Claire Martin", "2025-10-15", "295109912611193");
        var client = await Journey.RegisterAndLogInAsync(app, "73282932000074", "295109912611193", "claire.martin@example.test", "+33 6 12 34 56 78",
            "Horizon-Bleu#2026");

        // her first declaration covers 15 October 2025 to 31 March 2026 (start + 90 days falls in Q1 2026)
        var periods = await client.GetFromJsonAsync<JsonElement>("/api/v1/declarations/periods");
        var first = periods.EnumerateArray().Single(p => p.GetProperty("period").GetString() == "2026-Q1");
        Assert.Equal(("2025-10-15", "2026-04-30", "open"), (first.GetProperty("start").GetString(), first.GetProperty("dueDate").GetString(), first.GetProperty("status").GetString()));

        // she estimates, then files: rates of 15 October 2025 (BNC 24.6 %), CFP 0.2 %, versement libératoire 2.2 %
        // her first declaration spans the 2026 BNC rate (24.6 % → 25.6 %): each quarter's turnover is given (CSS L613-7 I, ADR 30)
        var lines = new[] { new { category = "liberal_bnc", turnover = 0L, period = "2025-Q4" }, new { category = "liberal_bnc", turnover = 12_500L, period = "2026-Q1" } };
        var estimate = await client.PostAsJsonAsync("/api/v1/declarations/estimates", new { period = "2026-Q1", lines });
        var estimated = await estimate.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(3200.00m + 25.00m + 275.00m, estimated.GetProperty("total").GetDecimal()); // 25.6 %, CFP 0.2 %, VL 2.2 % of 12,500

        var filed = await client.PutAsJsonAsync("/api/v1/declarations/2026-Q1", new { lines });
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        Assert.Equal(estimated.GetProperty("total").GetDecimal(), (await filed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("total").GetDecimal());
        await app.DrainAsync();

        // the accusé de réception arrives by e-mail with the amounts, and as a PDF in her documents
        var receipt = app.EmailsTo("claire.martin@example.test").Single(m => (m.Subject ?? "").Contains("Accusé de réception"));
        Assert.Contains("2026-Q1", receipt.TextBody);
        Assert.Contains("3 500,00 €", (receipt.TextBody ?? "").Replace('\u202f', ' ').Replace('\u00a0', ' '));
        var inbox = await client.GetFromJsonAsync<JsonElement>("/api/v1/notifications");
        Assert.Contains(inbox.EnumerateArray(), m => m.GetProperty("topic").GetString() == "declaration_confirmations");
        Assert.Single((await client.GetFromJsonAsync<JsonElement>("/api/v1/documents?type=declaration_receipt")).EnumerateArray());

        // what she owes, then a mandate and a direct debit at the due date
        var balance = await client.GetFromJsonAsync<JsonElement>("/api/v1/payments/balance");
        Assert.Equal(3500.00m, balance.GetProperty("totalDue").GetDecimal());
        Assert.Equal("2026-04-30", balance.GetProperty("items")[0].GetProperty("dueDate").GetString());

        var mandate = await client.PostAsJsonAsync("/api/v1/payments/mandates", new { iban = "FR76 3000 6000 0112 3456 7890 189", holderName = "Claire Martin" });
        Assert.Equal(HttpStatusCode.Created, mandate.StatusCode);
        Assert.Equal("FR76*******************0189", (await mandate.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("maskedIban").GetString());
        var payment = await Journey.PayAsync(client, new { period = "2026-Q1", amount = 3500.00m, method = "sepa_debit" }, "q1-debit");
        Assert.Equal(("scheduled", "2026-04-30"), (payment.GetProperty("status").GetString(), payment.GetProperty("collectionDate").GetString()));
        await app.DrainAsync();
        Assert.Contains(app.EmailsTo("claire.martin@example.test"), m => (m.Subject ?? "").Contains("mandat de prélèvement"));

        // everything due is filed and covered by the debit in progress: green, and an attestation de vigilance
        Assert.Equal("green", await Journey.StatusAsync(client));
        var attestation = await client.PostAsJsonAsync("/api/v1/documents/attestations", new { kind = "vigilance" });
        Assert.Equal(HttpStatusCode.Created, attestation.StatusCode);
        var issued = await attestation.Content.ReadFromJsonAsync<JsonElement>();
        app.Secrets.Add(issued.GetProperty("verificationCode").GetString()!);
        var verified = await app.CreateClient().GetFromJsonAsync<JsonElement>($"/api/v1/attestations/verify/{issued.GetProperty("verificationCode").GetString()}");
        Assert.True(verified.GetProperty("valid").GetBoolean());
        Assert.Equal(("73282932000074", "Claire Martin"), (verified.GetProperty("siret").GetString(), verified.GetProperty("holderName").GetString()));

        // the day before the due date the back office sends the pain.008 file; the bank then notifies the collection
        var batch = await app.OperatorClient().GetStringAsync("/api/v1/operator/sepa/batches/2026-04-30");
        var endToEnd = System.Text.RegularExpressions.Regex.Match(batch, "<EndToEndId>([^<]+)</EndToEndId>").Groups[1].Value;
        Assert.Contains("<InstdAmt Ccy=\"EUR\">3500.00</InstdAmt>", batch);
        await Journey.ImportCreditsAsync(app, "NTF-JOURNEY", (350_000, endToEnd, null));

        var paid = await client.GetFromJsonAsync<JsonElement>("/api/v1/payments/balance");
        Assert.Equal(0m, paid.GetProperty("totalDue").GetDecimal());
        Assert.Equal("paid", (await client.GetFromJsonAsync<JsonElement>("/api/v1/payments"))[0].GetProperty("status").GetString());

        // the year's payments as CSV for her books
        var rows = (await client.GetStringAsync("/api/v1/payments/exports/2026")).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("date;periode;moyen;montant;statut;date_prelevement;recu_le;reference;motif_rejet", rows[0]);
        var exported = Assert.Single(rows[1..]).Split(';');
        Assert.Equal(("2026-Q1", "sepa_debit", "3500,00", "paid", "2026-04-30"), (exported[1], exported[2], exported[3], exported[4], exported[5]));
        Assert.Contains(app.EmailsTo("claire.martin@example.test"), m => (m.Subject ?? "").Contains("Paiement reçu"));
        Assert.Single((await client.GetFromJsonAsync<JsonElement>("/api/v1/documents?type=payment_receipt")).EnumerateArray());
        Assert.Equal("green", await Journey.StatusAsync(client));
    }
}

/// <summary>The host on 20 April 2026, for the late path: the due date passes without a declaration.</summary>
public sealed class LatePathApp() : UrssafApp(new DateTimeOffset(2026, 4, 20, 9, 0, 0, TimeSpan.Zero));

public sealed class LatePathTests(LatePathApp app) : IClassFixture<LatePathApp>
{
    /// <summary>Due date missed → penalty → red → attestation refused → files and pays everything → green.</summary>
    [Fact]
    public async Task A_missed_due_date_costs_a_penalty_turns_red_refuses_the_attestation_until_everything_is_paid()
    {
        await Journey.FormalityAsync(app, "40483304800022", "Paul Durand", "2025-10-15", "195109912611146");
        var client = await Journey.RegisterAndLogInAsync(app, "40483304800022", "195109912611146", "paul.durand@example.test", "+33 6 98 76 54 32",
            "Rivage-Clair#2026");
        await app.RunDailyJobAsync("announce-periods");
        await app.DrainAsync();
        Assert.Equal("green", await Journey.StatusAsync(client)); // Q1 is due on 30 April: 10 days ahead

        app.Clock.SetUtcNow(new DateTimeOffset(2026, 4, 25, 9, 0, 0, TimeSpan.Zero));
        client = await Journey.LogInAsync(app, "paul.durand@example.test", "Rivage-Clair#2026");
        Assert.Equal("orange", await Journey.StatusAsync(client)); // within 7 days

        app.Clock.SetUtcNow(new DateTimeOffset(2026, 5, 2, 9, 0, 0, TimeSpan.Zero));
        client = await Journey.LogInAsync(app, "paul.durand@example.test", "Rivage-Clair#2026");
        Assert.Equal("red", await Journey.StatusAsync(client));
        await app.RunDailyJobAsync("apply-penalties");
        await app.DrainAsync();
        var penalty = Assert.Single((await client.GetFromJsonAsync<JsonElement>("/api/v1/compliance/penalties")).EnumerateArray());
        Assert.Equal(("late_declaration", 61.00m), (penalty.GetProperty("kind").GetString(), penalty.GetProperty("amount").GetDecimal()));
        Assert.Contains(app.EmailsTo("paul.durand@example.test"), m => (m.Subject ?? "").Contains("Pénalité de retard de déclaration"));

        var refused = await client.PostAsJsonAsync("/api/v1/documents/attestations", new { kind = "vigilance" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("declaration.missing", await refused.Content.ReadAsStringAsync());

        // he files late (zero turnover is still a declaration) and owes the penalty
        var filed = await client.PutAsJsonAsync("/api/v1/declarations/2026-Q1", new
        {
            lines = new[] { new { category = "liberal_bnc", turnover = 0, period = "2025-Q4" }, new { category = "liberal_bnc", turnover = 1_000, period = "2026-Q1" } },
        });
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        var total = (await filed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("total").GetDecimal();
        await app.DrainAsync();
        await app.RunDailyJobAsync("apply-penalties"); // the contributions are now unpaid after their due date: 5 % + 0.2 %
        await app.DrainAsync();
        Assert.Equal("red", await Journey.StatusAsync(client));
        var penalties = (await client.GetFromJsonAsync<JsonElement>("/api/v1/compliance/penalties")).EnumerateArray().ToList();
        Assert.Equal(2, penalties.Count);
        var majoration = penalties.Single(p => p.GetProperty("kind").GetString() == "late_payment").GetProperty("amount").GetDecimal();
        Assert.Equal(Math.Round(total * 0.052m, 2, MidpointRounding.AwayFromZero), majoration);

        // he pays everything by transfer; the bank's notification settles each with its reference
        var balance = await client.GetFromJsonAsync<JsonElement>("/api/v1/payments/balance");
        Assert.Equal(total + 61.00m + majoration, balance.GetProperty("totalDue").GetDecimal());
        var references = new List<(long, string?, string?)>();
        foreach (var (amount, key) in new[] { (total, "t1"), (61.00m, "t2"), (majoration, "t3") })
        {
            var transfer = await Journey.PayAsync(client, new { period = "2026-Q1", amount, method = "transfer" }, key);
            references.Add(((long)(amount * 100), null, "VIREMENT " + transfer.GetProperty("transferInstructions").GetProperty("reference").GetString()));
        }

        await Journey.ImportCreditsAsync(app, "NTF-LATE", references.ToArray());
        Assert.Equal(0m, (await client.GetFromJsonAsync<JsonElement>("/api/v1/payments/balance")).GetProperty("totalDue").GetDecimal());
        Assert.Equal("green", await Journey.StatusAsync(client));
        var attestation = await client.PostAsJsonAsync("/api/v1/documents/attestations", new { kind = "vigilance" });
        Assert.Equal(HttpStatusCode.Created, attestation.StatusCode);
    }
}
