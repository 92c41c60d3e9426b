using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Urssaf.Modules.Payments.Persistence;
using Urssaf.SharedKernel.Identity;
using Urssaf.TestKit;

namespace Urssaf.Modules.Payments.Tests.Integration;

/// <summary>
/// Issue 16 item 1, CSS R243-16 I: the majoration applies to what was not paid by the due date. Payments tells Compliance
/// which part of an obligation's payments came late (ObligationChanged.PendingLateCents / PaidLateCents).
/// </summary>
public sealed class LatenessTests(UrssafApp app) : PaymentsTestBase(app), IClassFixture<UrssafApp>
{
    private async Task<JsonElement> LastObligationChangedAsync(AccountId account, string? period = null)
    {
        var rows = await App.ScopedAsync(sp => sp.GetRequiredService<PaymentsDbContext>().OutboxMessages.AsNoTracking()
            .Where(m => m.Type.Contains("ObligationChanged") && m.Content.Contains(account.Value.ToString())).Select(m => m.Content).ToListAsync());
        return rows.Select(r => JsonDocument.Parse(r).RootElement).Where(e => period is null || Get(e, "Period").GetString() == period)
            .OrderBy(e => Get(e, "Revision").GetInt32()).Last();
    }

    private static JsonElement Get(JsonElement e, string name) =>
        e.EnumerateObject().First(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)).Value;

    [Fact]
    public async Task A_direct_debit_ordered_after_the_due_date_is_published_as_late()
    {
        var (account, client) = await OwingAsync(128_100, "2026-03", "2026-04-30"); // the clock is on 4 May 2026
        await SignMandateAsync(client);
        Assert.Equal(HttpStatusCode.Created, (await PayAsync(client, new { period = "2026-03", amount = 1281.00m, method = "sepa_debit" }, "late-1")).StatusCode);

        var changed = await LastObligationChangedAsync(account);
        Assert.Equal((128_100, 128_100, 0), (Get(changed, "PendingCents").GetInt64(), Get(changed, "PendingLateCents").GetInt64(), Get(changed, "PaidLateCents").GetInt64()));
    }

    [Fact]
    public async Task A_direct_debit_ordered_before_the_due_date_is_on_time()
    {
        var (account, client) = await OwingAsync(50_000); // due 1 June 2026
        await SignMandateAsync(client);
        Assert.Equal(HttpStatusCode.Created, (await PayAsync(client, new { period = "2026-Q1", amount = 500.00m, method = "sepa_debit" }, "ontime-1")).StatusCode);

        var changed = await LastObligationChangedAsync(account);
        Assert.Equal((50_000, 0), (Get(changed, "PendingCents").GetInt64(), Get(changed, "PendingLateCents").GetInt64()));
    }

    /// <summary>
    /// Issue 16 review, lateness per obligation (CSS R243-16 I): a transfer for 2026-03 (due 29 May) booked on 5 May 2026 pays 100 €
    /// on time; its 50 € surplus pays 2026-02, due 30 April, so those 50 € were paid late, on 5 May. Before, lateness was judged per
    /// payment against the transfer's own period: the 50 € counted as paid on time and 2026-02 escaped the majoration on them.
    /// </summary>
    [Fact]
    public async Task A_transfer_split_over_two_periods_is_judged_against_each_periods_due_date()
    {
        var (account, client) = await OwingAsync(10_000, "2026-03", "2026-05-29");
        await DeliverAsync(new Urssaf.Modules.Declarations.Contracts.IntegrationEvents.DeclarationFiled(Guid.NewGuid(), App.Clock.GetUtcNow().UtcDateTime, Guid.NewGuid(),
            account.Value, "73282932000074", "2026-02", new DateOnly(2026, 2, 1), new DateOnly(2026, 2, 28), new DateOnly(2026, 4, 30), DateTime.UtcNow,
            DateTime.UtcNow, true, 1, [], 8_000, 0, 0, 0, 8_000));
        await App.DrainAsync();
        var transfer = await (await PayAsync(client, new { period = "2026-03", amount = 100.00m, method = "transfer" })).Content.ReadFromJsonAsync<JsonElement>();
        var reference = transfer.GetProperty("transferInstructions").GetProperty("reference").GetString();

        await ImportAsync(Camt054.Build("NTF-SPLIT", new Camt054.Entry("BANK-S", Credit: true, 15_000, Remittance: reference)));

        var february = await LastObligationChangedAsync(account, "2026-02");
        Assert.Equal((5_000, 5_000), (Get(february, "PaidCents").GetInt64(), Get(february, "PaidLateCents").GetInt64()));
        var receipt = Assert.Single(Get(february, "LateReceipts").EnumerateArray());
        Assert.Equal(("2026-05-05", 5_000), (Get(receipt, "On").GetString(), Get(receipt, "Cents").GetInt64()));
        var march = await LastObligationChangedAsync(account, "2026-03");
        Assert.Equal((10_000, 0), (Get(march, "PaidCents").GetInt64(), Get(march, "PaidLateCents").GetInt64()));
    }

    /// <summary>
    /// CSS R243-16 I: 100 € due 30 April 2026; 40 € booked on the due date (on time), then the full 100 € again on 5 May. Only the 60 €
    /// left unpaid at the due date were paid late; the 40 € beyond what was owed are a credit, not late money.
    /// </summary>
    [Fact]
    public async Task Late_money_counts_only_up_to_what_was_unpaid_at_the_due_date()
    {
        var (account, client) = await OwingAsync(10_000, "2026-03", "2026-04-30");
        var transfer = await (await PayAsync(client, new { period = "2026-03", amount = 100.00m, method = "transfer" })).Content.ReadFromJsonAsync<JsonElement>();
        var reference = transfer.GetProperty("transferInstructions").GetProperty("reference").GetString();

        await ImportAsync(Camt054.Build("NTF-ONTIME", new Camt054.Entry("BANK-O", Credit: true, 4_000, Remittance: reference, BookedOn: "2026-04-30")));
        await ImportAsync(Camt054.Build("NTF-TWICE", new Camt054.Entry("BANK-T", Credit: true, 10_000, Remittance: reference)));

        var changed = await LastObligationChangedAsync(account, "2026-03");
        Assert.Equal((14_000, 6_000), (Get(changed, "PaidCents").GetInt64(), Get(changed, "PaidLateCents").GetInt64()));
        var receipt = Assert.Single(Get(changed, "LateReceipts").EnumerateArray());
        Assert.Equal(("2026-05-05", 6_000), (Get(receipt, "On").GetString(), Get(receipt, "Cents").GetInt64()));
    }

    /// <summary>CSS R243-16 I: paid in full on the due date, then paid again on 5 May: nothing was late (the second payment is a credit).</summary>
    [Fact]
    public async Task A_second_payment_after_a_full_payment_in_time_is_not_late()
    {
        var (account, client) = await OwingAsync(10_000, "2026-03", "2026-04-30");
        var transfer = await (await PayAsync(client, new { period = "2026-03", amount = 100.00m, method = "transfer" })).Content.ReadFromJsonAsync<JsonElement>();
        var reference = transfer.GetProperty("transferInstructions").GetProperty("reference").GetString();

        await ImportAsync(Camt054.Build("NTF-FULL", new Camt054.Entry("BANK-F", Credit: true, 10_000, Remittance: reference, BookedOn: "2026-04-30")));
        await ImportAsync(Camt054.Build("NTF-AGAIN", new Camt054.Entry("BANK-A", Credit: true, 10_000, Remittance: reference)));

        var changed = await LastObligationChangedAsync(account, "2026-03");
        Assert.Equal((20_000, 0), (Get(changed, "PaidCents").GetInt64(), Get(changed, "PaidLateCents").GetInt64()));
        Assert.Empty(Get(changed, "LateReceipts").EnumerateArray());
    }
}
