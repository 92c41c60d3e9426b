using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Urssaf.Modules.Declarations.Contracts.IntegrationEvents;
using Urssaf.Modules.Documents.Signing;
using Urssaf.Modules.Payments.Contracts.IntegrationEvents;
using Urssaf.SharedKernel.Enterprise;
using Urssaf.SharedKernel.Identity;
using Urssaf.TestKit;
using Urssaf.TestKit.Builders;

namespace Urssaf.Modules.Documents.Tests.Integration;

/// <summary>
/// A year of quarterly declarations (services BIC and BNC, versement libératoire) filed, corrected, paid, partly returned,
/// and the summary's figures checked against the ones worked out by hand below.
/// </summary>
public sealed class AnnualSummaryTests(UrssafApp app) : DocumentsTestBase(app), IClassFixture<UrssafApp>
{
    // Inputs (the amounts the declarations carry, in cents; turnover in euros):
    //   Q1  BNC 10 000 → 2 560.00, services BIC 4 000 → 848.00; CFP 32.00; VL 220.00 + 68.00 = 288.00; total 3 728.00
    //   Q2  v1 BNC 8 000 (total 2 240.00), corrected v2 BNC 9 000 → 2 304.00; CFP 18.00; VL 198.00; total 2 520.00
    //   Q3  services BIC 5 000 → 1 060.00; CFP 15.00; VL 85.00; total 1 160.00
    //   Q4  BNC 12 000 → 3 072.00, services BIC 2 500 → 530.00; CFP 31.50; VL 264.00 + 42.50 = 306.50; total 3 940.00
    // Payments: Q1 3 728.00; Q2 2 000.00 + 520.00; Q3 1 160.00 debited then returned, then 600.00; Q4 none; 2025-Q4 500.00 (other year).
    // By hand:
    //   turnover: BNC 10 000 + 9 000 + 12 000 = 31 000 (box 5TE); services 4 000 + 5 000 + 2 500 = 11 500 (box 5TB); sales 0 (5TA)
    //   declared: total 3 728 + 2 520 + 1 160 + 3 940 = 11 348.00; VL 288 + 198 + 85 + 306.50 = 877.50; contributions 10 470.50
    //   paid: 3 728 + 2 520 + 600 = 6 848.00; VL paid 288 + 198 + ⌊85.00 × 600 / 1 160⌋ = 43.96 → 529.96; contributions paid 6 318.04
    [Fact]
    public async Task A_year_of_filed_declarations_gives_the_hand_worked_turnover_boxes_and_paid_amounts_as_JSON_CSV_and_signed_PDF()
    {
        var account = await EnterpriseAsync("73282932000074", new DateOnly(2024, 1, 10));
        await FileAsync(account, "2026-Q1", 1, [(ActivityCategory.LiberalBnc, 10_000, 256_000), (ActivityCategory.ServicesBic, 4_000, 84_800)], 3_200, 28_800);
        await FileAsync(account, "2026-Q2", 1, [(ActivityCategory.LiberalBnc, 8_000, 204_800)], 1_600, 17_600);
        await FileAsync(account, "2026-Q2", 2, [(ActivityCategory.LiberalBnc, 9_000, 230_400)], 1_800, 19_800);
        await FileAsync(account, "2026-Q2", 1, [(ActivityCategory.LiberalBnc, 8_000, 204_800)], 1_600, 17_600); // an older version arriving late
        await FileAsync(account, "2026-Q3", 1, [(ActivityCategory.ServicesBic, 5_000, 106_000)], 1_500, 8_500);
        await FileAsync(account, "2026-Q4", 1, [(ActivityCategory.LiberalBnc, 12_000, 307_200), (ActivityCategory.ServicesBic, 2_500, 53_000)], 3_150, 30_650);

        await PayAsync(account, "2026-Q1", 372_800);
        await PayAsync(account, "2026-Q2", 200_000);
        await PayAsync(account, "2026-Q2", 52_000);
        var debit = await PayAsync(account, "2026-Q3", 116_000);
        await DeliverAsync(new DirectDebitReturned(Guid.NewGuid(), DateTime.UtcNow, debit, account.Value, "2026-Q3", 116_000, "AM04", false), "documents");
        await DeliverAsync(new DirectDebitReturned(Guid.NewGuid(), DateTime.UtcNow, Guid.NewGuid(), account.Value, "2026-Q3", 116_000, "MD01", true),
            "documents"); // cancelled before collection: it was never received, nothing to undo
        await PayAsync(account, "2026-Q3", 60_000);
        await PayAsync(account, "2025-Q4", 50_000);
        var client = App.ClientFor(account);

        // JSON
        var json = await client.GetFromJsonAsync<JsonElement>("/api/v1/documents/annual-summaries/2026");
        Assert.True(json.GetProperty("incomeTaxWithheld").GetBoolean());
        Assert.Equal([("5TA", 0L), ("5TB", 11_500L), ("5TE", 31_000L)],
            json.GetProperty("taxReturn").EnumerateArray().Select(b => (b.GetProperty("box").GetString()!, b.GetProperty("turnover").GetInt64())).ToList());
        var totals = json.GetProperty("totals");
        Assert.Equal((42_500L, 10_470.50m, 877.50m, 11_348.00m, 6_848.00m, 6_318.04m, 529.96m), (totals.GetProperty("turnover").GetInt64(),
            totals.GetProperty("contributionsDeclared").GetDecimal(), totals.GetProperty("incomeTaxDeclared").GetDecimal(), totals.GetProperty("totalDeclared").GetDecimal(),
            totals.GetProperty("paid").GetDecimal(), totals.GetProperty("contributionsPaid").GetDecimal(), totals.GetProperty("incomeTaxPaid").GetDecimal()));
        var periods = json.GetProperty("periods").EnumerateArray().ToList();
        Assert.Equal(["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"], periods.Select(p => p.GetProperty("period").GetString()!).ToList());
        Assert.Equal([3_440.00m, 2_322.00m, 1_075.00m, 3_633.50m], periods.Select(p => p.GetProperty("contributionsDeclared").GetDecimal()).ToList());
        Assert.Equal([3_728.00m, 2_520.00m, 600.00m, 0m], periods.Select(p => p.GetProperty("paid").GetDecimal()).ToList());
        Assert.Equal([288.00m, 198.00m, 43.96m, 0m], periods.Select(p => p.GetProperty("incomeTaxPaid").GetDecimal()).ToList());
        Assert.Equal(9_000, periods[1].GetProperty("turnover")[0].GetProperty("turnover").GetInt64()); // the correction, not the first filing

        // CSV: one rectangular table, semicolons, decimal commas, UTF-8 with BOM
        var response = await client.GetAsync("/api/v1/documents/annual-summaries/2026?format=csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var rows = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(r => r.Split(';')).ToList();
        Assert.All(rows, r => Assert.Equal(13, r.Length));
        Assert.Equal(["5TA;0", "5TB;11500", "5TE;31000"], rows.Where(r => r[0] == "case_2042").Select(r => $"{r[5]};{r[6]}").ToList());
        Assert.Equal("periode;2026-Q3;2026-07-01;2026-09-30;;;5000;1075,00;85,00;1160,00;600,00;556,04;43,96",
            string.Join(';', rows.Single(r => r[0] == "periode" && r[1] == "2026-Q3")));
        Assert.Equal("annee;2026;;;;;42500;10470,50;877,50;11348,00;6848,00;6318,04;529,96", string.Join(';', rows.Single(r => r[0] == "annee")));
        Assert.Equal(2, rows.Count(r => r[0] == "ligne" && r[1] == "2026-Q4"));

        // PDF: signed, and it states the same figures
        var created = await client.PostAsJsonAsync("/api/v1/documents/annual-summaries", new { year = 2026 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var pdf = await client.GetByteArrayAsync($"/api/v1/documents/{(await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("documentId").GetGuid()}/content");
        Assert.True(App.Services.GetRequiredService<DocumentSigner>().Verify(pdf));
        var text = TextOf(pdf);
        foreach (var expected in new[] { "Récapitulatif annuel 2026", "2042-C-PRO", "5TB", "11 500,00 €", "5TE", "31 000,00 €", "42 500,00 €", "10 470,50 €",
                     "6 318,04 €", "877,50 €", "529,96 €", "11 348,00 €", "6 848,00 €", "43,96 €" })
            Assert.Contains(expected, text, StringComparison.Ordinal);

        // bad input
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/documents/annual-summaries/2026?format=xlsx")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/documents/annual-summaries/1999")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.CreateClient().GetAsync("/api/v1/documents/annual-summaries/2026")).StatusCode);
    }

    private async Task FileAsync(AccountId account, string period, int version, (ActivityCategory Category, long Turnover, long Social)[] lines, long training, long incomeTax)
    {
        var quarter = period[^1] - '0';
        var start = new DateOnly(2026, 3 * quarter - 2, 1);
        var end = start.AddMonths(3).AddDays(-1);
        var social = lines.Sum(l => l.Social);
        var total = social + training + incomeTax;
        var declared = lines.Select(l => new DeclaredLine(l.Category, l.Turnover, l.Category == ActivityCategory.LiberalBnc ? 25.6m : 21.2m, l.Social)).ToList();
        var at = App.Clock.GetUtcNow().UtcDateTime;
        if (version == 1)
            await DeliverAsync(An.DeclarationFiled(account.Value, period, total, end.AddMonths(1), at, at, lines: declared, socialCents: social, trainingCents: training,
                incomeTaxCents: incomeTax, declarationId: DeclarationIds.GetOrAdd(period, _ => Guid.NewGuid())) with { PeriodStart = start, PeriodEnd = end }, "documents");
        else
            await DeliverAsync(new DeclarationCorrected(Guid.NewGuid(), at, DeclarationIds[period], account.Value, "73282932000074", period, start, end,
                end.AddMonths(1), at, at, version, declared, social, training, 0, incomeTax, total, 0), "documents");
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Guid> DeclarationIds = new();

    private async Task<Guid> PayAsync(AccountId account, string period, long cents)
    {
        var payment = Guid.NewGuid();
        await DeliverAsync(new PaymentReceived(Guid.NewGuid(), DateTime.UtcNow, payment, account.Value, period, cents, "sepa_debit", new DateOnly(2026, 5, 5),
            "UAABCDEFGHJKLMNP"), "documents");
        return payment;
    }
}
