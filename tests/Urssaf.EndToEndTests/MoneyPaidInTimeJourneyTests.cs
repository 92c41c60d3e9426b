using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Urssaf.TestKit;

namespace Urssaf.EndToEndTests;

/// <summary>
/// Issue 16, money paid twice: CSS R243-16 I charges 5 % on the contributions not paid at the due date, and R243-16 II 0.2 % per
/// month or part of a month on them. Money received after the due date beyond what was still owed is a credit, never "late".
/// BNC quarterly since 2025-10-15, 2026-Q1 filed on 20 April 2026 (12,500 € → 3,500 €), due 30 April 2026, over HTTP only.
/// </summary>
public sealed class MoneyPaidInTimeJourneyTests
{
    private const string Email = "hugo.petit@example.test";
    private const string Password = "Colline-Rouge#2026";

    private static async Task<HttpClient> FiledAsync(UrssafApp app)
    {
        await Journey.FormalityAsync(app, "54769947000019", "Hugo Petit", "2025-10-15", "185057505600215");
        var client = await Journey.RegisterAndLogInAsync(app, "54769947000019", "185057505600215", Email, "+33 6 22 33 44 55", Password);
        var filed = await client.PutAsJsonAsync("/api/v1/declarations/2026-Q1", new
        {
            lines = new[] { new { category = "liberal_bnc", turnover = 0, period = "2025-Q4" }, new { category = "liberal_bnc", turnover = 12_500, period = "2026-Q1" } },
        });
        Assert.True(filed.IsSuccessStatusCode, await filed.Content.ReadAsStringAsync());
        Assert.Equal(3500.00m, (await filed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("total").GetDecimal());
        await app.DrainAsync();
        return client;
    }

    private static async Task<string> TransferReferenceAsync(HttpClient client, decimal amount, string key) =>
        (await Journey.PayAsync(client, new { period = "2026-Q1", amount, method = "transfer" }, key))
        .GetProperty("transferInstructions").GetProperty("reference").GetString()!;

    private static async Task PenaltyJobAsync(UrssafApp app, DateTimeOffset on)
    {
        app.Clock.SetUtcNow(on);
        await app.RunDailyJobAsync("apply-penalties");
        await app.DrainAsync();
    }

    private static async Task<decimal?> LatePaymentAsync(UrssafApp app)
    {
        var client = await Journey.LogInAsync(app, Email, Password);
        var late = (await client.GetFromJsonAsync<JsonElement>("/api/v1/compliance/penalties")).EnumerateArray()
            .SingleOrDefault(p => p.GetProperty("kind").GetString() == "late_payment");
        return late.ValueKind == JsonValueKind.Undefined ? null : late.GetProperty("amount").GetDecimal();
    }

    private static async Task<(decimal Credit, decimal Refundable)> CreditAsync(UrssafApp app)
    {
        var credit = await (await Journey.LogInAsync(app, Email, Password)).GetFromJsonAsync<JsonElement>("/api/v1/payments/credit");
        return (credit.GetProperty("credit").GetDecimal(), credit.GetProperty("refundable").GetDecimal());
    }

    /// <summary>
    /// R243-16 I: paid in full on time by a direct debit ordered at filing and collected on the due date; the transfer asked for
    /// before it also arrives, on 5 May. Nothing was unpaid at the due date: no majoration, the 3,500 € twice paid is refundable.
    /// </summary>
    [Fact]
    public async Task R243_16_a_duplicate_transfer_after_a_debit_collected_on_the_due_date_is_a_credit_not_a_late_payment()
    {
        using var app = new LatePathApp();
        var client = await FiledAsync(app);
        var reference = await TransferReferenceAsync(client, 3500.00m, "q1-transfer");
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/payments/mandates",
            new { iban = "FR7630006000011234567890189", holderName = "Hugo Petit" })).StatusCode);
        var debit = await Journey.PayAsync(client, new { period = "2026-Q1", amount = 3500.00m, method = "sepa_debit" }, "q1-debit");
        Assert.Equal("2026-04-30", debit.GetProperty("collectionDate").GetString());
        await app.DrainAsync();

        var batch = await app.OperatorClient().GetStringAsync("/api/v1/operator/sepa/batches/2026-04-30");
        var endToEnd = Regex.Match(batch, "<EndToEndId>([^<]+)</EndToEndId>").Groups[1].Value;
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 4, 30, 12, 0, 0, TimeSpan.Zero));
        await Journey.ImportCreditsBookedAsync(app, "NTF-DEBIT", "2026-04-30", (350_000, endToEnd, null));
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 5, 6, 9, 0, 0, TimeSpan.Zero));
        await Journey.ImportCreditsBookedAsync(app, "NTF-TWICE", "2026-05-05", (350_000, null, "VIREMENT " + reference));

        await PenaltyJobAsync(app, new DateTimeOffset(2026, 5, 6, 9, 0, 0, TimeSpan.Zero));
        Assert.Null(await LatePaymentAsync(app));
        await PenaltyJobAsync(app, new DateTimeOffset(2026, 6, 2, 9, 0, 0, TimeSpan.Zero)); // nor later months (R243-16 II)
        Assert.Null(await LatePaymentAsync(app));
        Assert.Equal((3500.00m, 3500.00m), await CreditAsync(app));
        Assert.Equal("green", await Journey.StatusAsync(await Journey.LogInAsync(app, Email, Password)));
    }

    /// <summary>
    /// R243-16 I and II: nothing paid by the due date, so 3,500 € unpaid: on 1 May 5 % = 175 € + 0.2 % = 7 € → 182 €. A transfer of
    /// 5,000 € arrives on 5 May: 3,500 € pay the contributions late, 182 € the majoration, 1,318 € are a credit. Only the 3,500 € owed
    /// were late: the majoration stays 182 €, and no later month is counted.
    /// </summary>
    [Fact]
    public async Task R243_16_a_late_transfer_above_what_was_owed_is_late_only_for_the_part_owed()
    {
        using var app = new LatePathApp();
        var client = await FiledAsync(app);
        var reference = await TransferReferenceAsync(client, 3500.00m, "q1-transfer");

        await PenaltyJobAsync(app, new DateTimeOffset(2026, 5, 1, 9, 0, 0, TimeSpan.Zero));
        Assert.Equal(182.00m, await LatePaymentAsync(app));

        app.Clock.SetUtcNow(new DateTimeOffset(2026, 5, 6, 9, 0, 0, TimeSpan.Zero));
        await Journey.ImportCreditsBookedAsync(app, "NTF-MORE", "2026-05-05", (500_000, null, "VIREMENT " + reference));
        await PenaltyJobAsync(app, new DateTimeOffset(2026, 5, 6, 9, 0, 0, TimeSpan.Zero));
        Assert.Equal(182.00m, await LatePaymentAsync(app));
        await PenaltyJobAsync(app, new DateTimeOffset(2026, 6, 2, 9, 0, 0, TimeSpan.Zero));
        Assert.Equal(182.00m, await LatePaymentAsync(app));
        Assert.Equal((1318.00m, 1318.00m), await CreditAsync(app));
    }

    /// <summary>
    /// R243-16 I and II: 1,000 € by transfer booked on the due date (on time), then 3,500 € by transfer on 5 May (the whole amount sent
    /// again). Unpaid at the due date: 2,500 €, so 5 % = 125 € + 0.2 % = 5 € → 130 € (not 182 € on the 3,500 € received late); the
    /// 1,000 € paid beyond the contributions is a credit, of which 870 € refundable once the majoration is owed.
    /// </summary>
    [Fact]
    public async Task R243_16_a_partial_payment_on_time_then_a_late_transfer_charges_only_what_was_unpaid_at_the_due_date()
    {
        using var app = new LatePathApp();
        var client = await FiledAsync(app);
        var first = await TransferReferenceAsync(client, 1000.00m, "q1-part-1");
        var second = await TransferReferenceAsync(client, 2500.00m, "q1-part-2");

        app.Clock.SetUtcNow(new DateTimeOffset(2026, 4, 30, 12, 0, 0, TimeSpan.Zero));
        await Journey.ImportCreditsBookedAsync(app, "NTF-ONTIME", "2026-04-30", (100_000, null, "VIREMENT " + first));
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 5, 6, 9, 0, 0, TimeSpan.Zero));
        await Journey.ImportCreditsBookedAsync(app, "NTF-LATE", "2026-05-05", (350_000, null, "VIREMENT " + second));

        await PenaltyJobAsync(app, new DateTimeOffset(2026, 5, 6, 9, 0, 0, TimeSpan.Zero));
        Assert.Equal(130.00m, await LatePaymentAsync(app));
        await PenaltyJobAsync(app, new DateTimeOffset(2026, 6, 2, 9, 0, 0, TimeSpan.Zero));
        Assert.Equal(130.00m, await LatePaymentAsync(app));
        Assert.Equal(870.00m, (await CreditAsync(app)).Refundable);
    }
}
