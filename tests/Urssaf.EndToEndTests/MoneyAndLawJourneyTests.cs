using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Urssaf.TestKit;

namespace Urssaf.EndToEndTests;

public sealed class July2025App() : UrssafApp(new DateTimeOffset(2025, 7, 20, 9, 0, 0, TimeSpan.Zero));

public sealed class October2024App() : UrssafApp(new DateTimeOffset(2024, 10, 5, 9, 0, 0, TimeSpan.Zero));

/// <summary>
/// Issue 16, items 1–4 over HTTP only, the clock moved through due dates: late payment by a direct debit ordered after the
/// due date (R243-16 I), the monthly majoration on what is still owed (R243-16 II), a change of frequency (R613-7 I), a first
/// declaration spanning a change of rates (L613-7 I).
/// </summary>
public sealed class MoneyAndLawJourneyTests
{
    private static async Task FormalityAsync(UrssafApp app, string siret, string nir, string start, string nature, string category, string frequency)
    {
        var formality = await app.OperatorClient().PostAsJsonAsync("/api/v1/operator/formalities",
            TestData.Formality(siret, nir, activityStart: start, category: category, nature: nature, frequency: frequency));
        Assert.True(formality.IsSuccessStatusCode, await formality.Content.ReadAsStringAsync());
        await app.DrainAsync();
    }

    private static async Task<List<JsonElement>> PenaltiesAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/v1/compliance/penalties")).EnumerateArray().ToList();

    private static decimal Amount(List<JsonElement> penalties, string kind) =>
        penalties.Single(p => p.GetProperty("kind").GetString() == kind).GetProperty("amount").GetDecimal();

    /// <summary>
    /// DOMAIN.md §2's late example: services (commerçant) 2025-Q2, turnover 6,000, due 2025-07-31, declared and paid by direct debit
    /// on 2025-08-05: 1,272 + 6 + 3 = 1,281 €; R613-9 59 €; R243-16 5 % = 64.05 € + 0.2 % = 2.56 €.
    /// </summary>
    [Fact]
    public async Task Item1_R243_16_a_debit_ordered_after_the_due_date_pays_64_05_plus_2_56()
    {
        using var app = new July2025App();
        await FormalityAsync(app, "40594494300019", "185057505600116", "2024-01-10", "commercial", "services_bic", "quarterly");
        var client = await Journey.RegisterAndLogInAsync(app, "40594494300019", "185057505600116", "lucie.moreau@example.test", "+33 6 11 22 33 44",
            "Falaise-Verte#2025");
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/payments/mandates",
            new { iban = "FR7630006000011234567890189", holderName = "Lucie Moreau" })).StatusCode);

        app.Clock.SetUtcNow(new DateTimeOffset(2025, 8, 5, 8, 0, 0, TimeSpan.Zero)); // five days after the due date
        client = await Journey.LogInAsync(app, "lucie.moreau@example.test", "Falaise-Verte#2025");
        var filed = await client.PutAsJsonAsync("/api/v1/declarations/2025-Q2", new { lines = new[] { new { category = "services_bic", turnover = 6_000 } } });
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        var declaration = await filed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((1272.00m, 6.00m, 3.00m, 1281.00m, true), (declaration.GetProperty("socialContributions").GetDecimal(),
            declaration.GetProperty("trainingContribution").GetDecimal(), declaration.GetProperty("chamberTax").GetDecimal(),
            declaration.GetProperty("total").GetDecimal(), declaration.GetProperty("filedLate").GetBoolean()));
        await app.DrainAsync();
        var debit = await Journey.PayAsync(client, new { period = "2025-Q2", amount = 1281.00m, method = "sepa_debit" }, "q2-2025");
        Assert.Equal("2025-08-06", debit.GetProperty("collectionDate").GetString());
        await app.DrainAsync();

        app.Clock.SetUtcNow(new DateTimeOffset(2025, 8, 5, 22, 30, 0, TimeSpan.Zero)); // 00:30 in Paris, 6 August: the daily job
        await app.RunDailyJobAsync("apply-penalties");
        await app.DrainAsync();
        client = await Journey.LogInAsync(app, "lucie.moreau@example.test", "Falaise-Verte#2025");
        var penalties = await PenaltiesAsync(client);
        Assert.Equal(59.00m, Amount(penalties, "late_declaration"));
        Assert.Equal(66.61m, Amount(penalties, "late_payment")); // 64.05 + 2.56
    }

    /// <summary>
    /// R243-16 II: BNC 2026-Q1 filed late on 2 May 2026, 10,000 € → 2,800 € (2,560 + CFP 20 + VL 220). 2 May: 5 % = 140 € + 0.2 % =
    /// 5.60 € → 145.60 €. 1,800 € arrive by transfer on 5 May; in June 0.2 % of the 1,000 € still owed = 2 € → 147.60 € (not 5.4 % of
    /// 2,800 = 151.20 €).
    /// </summary>
    [Fact]
    public async Task Item2_R243_16_II_the_monthly_majoration_follows_what_is_still_owed()
    {
        using var app = new LatePathApp();
        await Journey.FormalityAsync(app, "54769947000019", "Hugo Petit", "2025-10-15", "185057505600215");
        var client = await Journey.RegisterAndLogInAsync(app, "54769947000019", "185057505600215", "hugo.petit@example.test", "+33 6 22 33 44 55",
            "Colline-Rouge#2026");

        app.Clock.SetUtcNow(new DateTimeOffset(2026, 5, 2, 9, 0, 0, TimeSpan.Zero));
        client = await Journey.LogInAsync(app, "hugo.petit@example.test", "Colline-Rouge#2026");
        var filed = await client.PutAsJsonAsync("/api/v1/declarations/2026-Q1", new
        {
            lines = new[] { new { category = "liberal_bnc", turnover = 0, period = "2025-Q4" }, new { category = "liberal_bnc", turnover = 10_000, period = "2026-Q1" } },
        });
        Assert.True(filed.IsSuccessStatusCode, await filed.Content.ReadAsStringAsync());
        Assert.Equal(2800.00m, (await filed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("total").GetDecimal());
        await app.DrainAsync();
        await app.RunDailyJobAsync("apply-penalties");
        await app.DrainAsync();
        Assert.Equal(145.60m, Amount(await PenaltiesAsync(client), "late_payment"));

        var transfer = await Journey.PayAsync(client, new { period = "2026-Q1", amount = 1800.00m, method = "transfer" }, "part-1");
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 5, 6, 9, 0, 0, TimeSpan.Zero));
        await Journey.ImportCreditsAsync(app, "NTF-PART", (180_000, null, "VIREMENT " + transfer.GetProperty("transferInstructions").GetProperty("reference").GetString()));

        app.Clock.SetUtcNow(new DateTimeOffset(2026, 6, 2, 9, 0, 0, TimeSpan.Zero));
        await app.RunDailyJobAsync("apply-penalties");
        await app.DrainAsync();
        client = await Journey.LogInAsync(app, "hugo.petit@example.test", "Colline-Rouge#2026");
        var grown = (await PenaltiesAsync(client)).Single(p => p.GetProperty("kind").GetString() == "late_payment");
        Assert.Equal((147.60m, 2), (grown.GetProperty("amount").GetDecimal(), grown.GetProperty("monthsElapsed").GetInt32()));
    }

    /// <summary>
    /// R613-7 I: quarterly since 2025-10-15, Q1 2026 filed and paid; on 10 May 2026 the formalities feed says monthly. The change
    /// applies from 1 January 2027: no past period is re-announced, no penalty, the status stays green; 2026 stays quarterly.
    /// </summary>
    [Fact]
    public async Task Item3_R613_7_a_change_of_frequency_never_re_announces_the_past()
    {
        using var app = new LatePathApp();
        await Journey.FormalityAsync(app, "34335787700012", "Inès Roux", "2025-10-15", "185057505600314");
        var client = await Journey.RegisterAndLogInAsync(app, "34335787700012", "185057505600314", "ines.roux@example.test", "+33 6 33 44 55 66",
            "Riviere-Calme#2026");
        Assert.Equal(HttpStatusCode.Created, (await client.PutAsJsonAsync("/api/v1/declarations/2026-Q1",
            new { lines = new[] { new { category = "liberal_bnc", turnover = 0 } } })).StatusCode);
        await app.DrainAsync();
        await app.RunDailyJobAsync("announce-periods");
        await app.DrainAsync();

        app.Clock.SetUtcNow(new DateTimeOffset(2026, 5, 10, 9, 0, 0, TimeSpan.Zero));
        var change = await app.OperatorClient().PostAsJsonAsync("/api/v1/operator/formalities",
            TestData.Formality("34335787700012", "185057505600314", legalName: "Inès Roux", activityStart: "2025-10-15", frequency: "monthly",
                incomeTaxWithholding: true));
        Assert.True(change.IsSuccessStatusCode, await change.Content.ReadAsStringAsync());
        await app.DrainAsync();
        await app.RunDailyJobAsync("announce-periods");
        await app.RunDailyJobAsync("apply-penalties");
        await app.DrainAsync();
        client = await Journey.LogInAsync(app, "ines.roux@example.test", "Riviere-Calme#2026");
        Assert.Equal("green", await Journey.StatusAsync(client));
        Assert.Empty(await PenaltiesAsync(client));
        var periods = (await client.GetFromJsonAsync<JsonElement>("/api/v1/declarations/periods")).EnumerateArray()
            .Select(p => p.GetProperty("period").GetString()).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["2026-Q1", "2026-Q2"], periods);

        // past the next 1 January, 2027 is monthly and 2026 kept its quarters
        app.Clock.SetUtcNow(new DateTimeOffset(2027, 2, 2, 9, 0, 0, TimeSpan.Zero));
        client = await Journey.LogInAsync(app, "ines.roux@example.test", "Riviere-Calme#2026");
        periods = (await client.GetFromJsonAsync<JsonElement>("/api/v1/declarations/periods")).EnumerateArray()
            .Select(p => p.GetProperty("period").GetString()).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4", "2027-01", "2027-02"], periods);
    }

    /// <summary>
    /// L613-7 I: BNC quarterly from 2024-04-12, first declaration 2024-Q3 (12 April → 30 September). April–June at 21.1 %,
    /// July–September at 23.1 %: 9,000 € → 1,899 € and 9,000 € → 2,079 €, CFP 36 €, total 4,014 €.
    /// </summary>
    [Fact]
    public async Task Item4_L613_7_a_first_declaration_spanning_a_rate_change_is_split()
    {
        using var app = new October2024App();
        await FormalityAsync(app, "57970410700013", "185057505600413", "2024-04-12", "liberal", "liberal_bnc", "quarterly");
        var client = await Journey.RegisterAndLogInAsync(app, "57970410700013", "185057505600413", "lucas.girard@example.test", "+33 6 44 55 66 77",
            "Plaine-Dorée#2024");
        var unsplit = await client.PutAsJsonAsync("/api/v1/declarations/2024-Q3", new { lines = new[] { new { category = "liberal_bnc", turnover = 18_000 } } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unsplit.StatusCode);
        Assert.Contains("declarations.turnover.split_required", await unsplit.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var filed = await client.PutAsJsonAsync("/api/v1/declarations/2024-Q3", new
        {
            lines = new[] { new { category = "liberal_bnc", turnover = 9_000, period = "2024-Q2" }, new { category = "liberal_bnc", turnover = 9_000, period = "2024-Q3" } },
        });
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        var body = await filed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal([("2024-Q2", 21.1m, 1899.00m), ("2024-Q3", 23.1m, 2079.00m)], body.GetProperty("lines").EnumerateArray()
            .Select(l => (l.GetProperty("period").GetString(), l.GetProperty("rate").GetDecimal(), l.GetProperty("socialContributions").GetDecimal())).ToList());
        Assert.Equal(4014.00m, body.GetProperty("total").GetDecimal());
        await app.DrainAsync();
        var balance = await client.GetFromJsonAsync<JsonElement>("/api/v1/payments/balance");
        Assert.Equal(4014.00m, balance.GetProperty("totalDue").GetDecimal());
    }

    /// <summary>
    /// CSS R613-10 over HTTP, the clock moved past the last due date of 2026 (31 January 2027): BNC quarterly since 2025-10-15, nothing
    /// declared for 2026. Four declarations missing: each quarter is taxed on 41,250 × (1 + 4 × 15 %) / 4 = 16,500 €, at 25.6 % = 4,224 €
    /// + CFP 0.2 % = 33 € → 4,257 €, notified by e-mail. Filing 2026-Q1 (3,000 €: 768 + CFP 6 + VL 66 = 840 €) replaces its taxation
    /// (0 €) and its R613-9 penalty becomes 3 % of the contributions due (768 + 6 = 774 €) = 23.22 €.
    /// </summary>
    [Fact]
    public async Task R613_10_year_end_flat_rate_taxation_is_notified_then_replaced_by_the_declaration()
    {
        using var app = new LatePathApp();
        await Journey.FormalityAsync(app, "73282932000074", "Nora Blanc", "2025-10-15", "185057505600413");
        await Journey.RegisterAndLogInAsync(app, "73282932000074", "185057505600413", "nora.blanc@example.test", "+33 6 44 55 66 77", "Sable-Dore#2027");

        app.Clock.SetUtcNow(new DateTimeOffset(2027, 2, 1, 9, 0, 0, TimeSpan.Zero));
        await app.RunDailyJobAsync("announce-periods");
        await app.DrainAsync();
        await app.RunDailyJobAsync("apply-penalties");
        await app.DrainAsync();
        var client = await Journey.LogInAsync(app, "nora.blanc@example.test", "Sable-Dore#2027");
        var taxations = (await PenaltiesAsync(client)).Where(p => p.GetProperty("kind").GetString() == "flat_rate_taxation").ToList();
        Assert.Equal(["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"], taxations.Select(p => p.GetProperty("period").GetString()).Order(StringComparer.Ordinal));
        Assert.All(taxations, t => Assert.Equal(4257.00m, t.GetProperty("amount").GetDecimal()));
        Assert.Contains(app.EmailsTo("nora.blanc@example.test"), m => m.Subject == "Taxation forfaitaire de vos cotisations (2026-Q1)"
                                                                        && (m.TextBody ?? "").Contains("257,00 €", StringComparison.Ordinal));
        await app.RunDailyJobAsync("apply-penalties"); // once per declaration
        Assert.Equal(4, (await PenaltiesAsync(client)).Count(p => p.GetProperty("kind").GetString() == "flat_rate_taxation"));

        var filed = await client.PutAsJsonAsync("/api/v1/declarations/2026-Q1", new
        {
            lines = new[] { new { category = "liberal_bnc", turnover = 0, period = "2025-Q4" }, new { category = "liberal_bnc", turnover = 3_000, period = "2026-Q1" } },
        });
        Assert.True(filed.IsSuccessStatusCode, await filed.Content.ReadAsStringAsync());
        Assert.Equal(840.00m, (await filed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("total").GetDecimal());
        await app.DrainAsync();
        var penalties = (await PenaltiesAsync(client)).Where(p => p.GetProperty("period").GetString() == "2026-Q1").ToList();
        Assert.Equal((0m, 23.22m), (Amount(penalties, "flat_rate_taxation"), Amount(penalties, "late_declaration")));
        Assert.Contains(app.EmailsTo("nora.blanc@example.test"), m => m.Subject == "Taxation forfaitaire remplacée (2026-Q1)");
    }
}
