using System.Net.Http.Json;
using System.Text.Json;
using Urssaf.Modules.Payments.Contracts.IntegrationEvents;
using Urssaf.SharedKernel.Identity;
using Urssaf.TestKit;

namespace Urssaf.Modules.Compliance.Tests.Integration;

/// <summary>5 August 2025, the day DOMAIN.md §2's late example is declared and paid.</summary>
public sealed class August2025App() : UrssafApp(new DateTimeOffset(2025, 8, 5, 10, 0, 0, TimeSpan.Zero));

/// <summary>Issue 16 items 1 and 2: CSS R243-16 on what was not paid by the due date, and on what is still owed.</summary>
public sealed class LatePaymentTests
{
    private static Task<List<JsonElement>> PenaltiesAsync(UrssafApp app, AccountId account) =>
        app.ClientFor(account).GetFromJsonAsync<List<JsonElement>>("/api/v1/compliance/penalties")!;

    private static decimal Amount(IEnumerable<JsonElement> penalties, string kind) =>
        penalties.Single(p => p.GetProperty("kind").GetString() == kind).GetProperty("amount").GetDecimal();

    /// <summary>
    /// DOMAIN.md §2 late example: services 2025-Q2, 1,281 € due 2025-07-31, declared and paid (direct debit ordered) on 2025-08-05.
    /// R613-9: 59 €; R243-16: 5 % of 1,281 = 64.05 € + 0.2 % for the month started = 2.56 € → 66.61 €. A debit ordered after the
    /// due date is late (item 1): before the fix it counted as pending and nothing was charged.
    /// </summary>
    [Fact]
    public async Task R243_16_a_direct_debit_ordered_after_the_due_date_does_not_escape_the_majoration()
    {
        using var app = new August2025App();
        var account = AccountId.New();
        var obligation = Guid.NewGuid();
        await app.FiledAsync(account, "2025-Q2", "2025-07-31", 128_100, late: true);
        await app.ObligationAsync(account, obligation, "2025-Q2", "2025-07-31", 128_100, 0, 128_100, 2, pendingLate: 128_100);

        app.Clock.SetUtcNow(new DateTimeOffset(2025, 8, 6, 0, 30, 0, TimeSpan.Zero));
        await app.RunDailyJobAsync("apply-penalties");
        var penalties = await PenaltiesAsync(app, account);
        Assert.Equal(59.00m, Amount(penalties, "late_declaration"));
        Assert.Equal(66.61m, Amount(penalties, "late_payment"));

        // collected the next day: nothing is owed any more, so the second month adds nothing
        await app.ObligationAsync(account, obligation, "2025-Q2", "2025-07-31", 128_100, 128_100, 0, 3, paidLate: 128_100);
        app.Clock.SetUtcNow(new DateTimeOffset(2025, 9, 10, 8, 0, 0, TimeSpan.Zero));
        await app.RunDailyJobAsync("apply-penalties");
        Assert.Equal(66.61m, Amount(await PenaltiesAsync(app, account), "late_payment"));
    }

    /// <summary>A transfer received after the due date, before the job ran, is late too: 5 % + 0.2 % of 1,281 € (R243-16 I, II).</summary>
    [Fact]
    public async Task R243_16_a_transfer_received_after_the_due_date_is_late()
    {
        using var app = new August2025App();
        var account = AccountId.New();
        await app.ObligationAsync(account, Guid.NewGuid(), "2025-Q2", "2025-07-31", 128_100, 128_100, 0, 3, paidLate: 128_100);
        await app.RunDailyJobAsync("apply-penalties");
        Assert.Equal(66.61m, Amount(await PenaltiesAsync(app, account), "late_payment"));
    }

    /// <summary>A debit ordered before the due date and collected on it is on time: no majoration (R243-16 I).</summary>
    [Fact]
    public async Task R243_16_a_direct_debit_ordered_before_the_due_date_is_on_time()
    {
        using var app = new UrssafApp(); // 4 May 2026
        var account = AccountId.New();
        await app.FiledAsync(account, "2026-Q1", "2026-04-30", 100_000);
        await app.ObligationAsync(account, Guid.NewGuid(), "2026-Q1", "2026-04-30", 100_000, 0, 100_000, 2);
        Assert.Equal(0, await app.RunDailyJobAsync("apply-penalties"));
        Assert.Empty(await PenaltiesAsync(app, account));
    }

    /// <summary>
    /// Item 2, R243-16 II: 1,000 € unpaid on the 30 April due date; 600 € paid in May. 4 May: 5 % of 1,000 = 50 € + 0.2 % of 1,000
    /// = 2 € → 52 €. June (second month): 0.2 % of the 400 € still owed = 0.80 € → 52.80 € (before the fix: 54 €, on the frozen 1,000 €).
    /// </summary>
    [Fact]
    public async Task R243_16_II_the_monthly_part_bears_on_what_is_still_owed()
    {
        using var app = new UrssafApp(); // 4 May 2026
        var account = AccountId.New();
        var obligation = Guid.NewGuid();
        await app.ObligationAsync(account, obligation, "2026-Q1", "2026-04-30", 100_000, 0, 0, 1);
        await app.RunDailyJobAsync("apply-penalties");
        Assert.Equal(52.00m, Amount(await PenaltiesAsync(app, account), "late_payment"));

        await app.ObligationAsync(account, obligation, "2026-Q1", "2026-04-30", 100_000, 60_000, 0, 2, paidLate: 60_000);
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 6, 2, 8, 0, 0, TimeSpan.Zero));
        await app.RunDailyJobAsync("apply-penalties");
        var grown = Assert.Single(await PenaltiesAsync(app, account));
        Assert.Equal((52.80m, 2), (grown.GetProperty("amount").GetDecimal(), grown.GetProperty("monthsElapsed").GetInt32()));
    }

    /// <summary>
    /// Money review, R243-16 I and II follow what is actually owed: 1,000 € unpaid at the 30 April 2026 due date → 4 May: 5 % = 50 €
    /// + 0.2 % = 2 € → 52 €. A correction then lowers the contributions to 500 €: 5 % of 500 = 25 € + 0.2 % of 500 = 1 € → 26 €.
    /// Before the fix the majoration only ever went up and stayed at 52 €.
    /// </summary>
    [Fact]
    public async Task R243_16_a_downward_correction_lowers_the_majoration()
    {
        using var app = new UrssafApp(); // 4 May 2026
        var account = AccountId.New();
        var obligation = Guid.NewGuid();
        await app.ObligationAsync(account, obligation, "2026-Q1", "2026-04-30", 100_000, 0, 0, 1);
        await app.RunDailyJobAsync("apply-penalties");
        Assert.Equal(52.00m, Amount(await PenaltiesAsync(app, account), "late_payment"));

        await app.ObligationAsync(account, obligation, "2026-Q1", "2026-04-30", 50_000, 0, 0, 2);
        await app.RunDailyJobAsync("apply-penalties");
        Assert.Equal(26.00m, Amount(await PenaltiesAsync(app, account), "late_payment"));
    }

    /// <summary>
    /// R243-16 I: a transfer booked on the due date, whose bank notification arrives after the job charged 52 € on 1,000 €, was paid on
    /// time: nothing was unpaid at the due date, so the majoration falls to 0 €.
    /// </summary>
    [Fact]
    public async Task R243_16_a_later_booking_showing_payment_on_time_cancels_the_majoration()
    {
        using var app = new UrssafApp(); // 4 May 2026
        var account = AccountId.New();
        var obligation = Guid.NewGuid();
        await app.ObligationAsync(account, obligation, "2026-Q1", "2026-04-30", 100_000, 0, 0, 1);
        await app.RunDailyJobAsync("apply-penalties");
        Assert.Equal(52.00m, Amount(await PenaltiesAsync(app, account), "late_payment"));

        await app.ObligationAsync(account, obligation, "2026-Q1", "2026-04-30", 100_000, 100_000, 0, 2);
        await app.RunDailyJobAsync("apply-penalties");
        Assert.Equal(0m, Amount(await PenaltiesAsync(app, account), "late_payment"));
    }

    /// <summary>
    /// R243-16 II, "month or part of a month": 1,000 € unpaid at the 30 April due date; the job charges 52 € on 4 May and, still
    /// unpaid, 54 € on 2 June (second month, from 31 May). The bank then reports the 1,000 € as booked on 20 May: nothing was owed
    /// when the second month began, so it bears nothing → back to 52 €.
    /// </summary>
    [Fact]
    public async Task R243_16_II_a_late_receipt_reported_after_a_month_began_takes_that_month_back()
    {
        using var app = new UrssafApp(); // 4 May 2026
        var account = AccountId.New();
        var obligation = Guid.NewGuid();
        await app.ObligationAsync(account, obligation, "2026-Q1", "2026-04-30", 100_000, 0, 0, 1);
        await app.RunDailyJobAsync("apply-penalties");
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 6, 2, 8, 0, 0, TimeSpan.Zero));
        await app.RunDailyJobAsync("apply-penalties");
        Assert.Equal(54.00m, Amount(await PenaltiesAsync(app, account), "late_payment"));

        await app.ObligationAsync(account, obligation, "2026-Q1", "2026-04-30", 100_000, 100_000, 0, 2, paidLate: 100_000,
            receipts: [new LateReceipt(new DateOnly(2026, 5, 20), 100_000)]);
        await app.RunDailyJobAsync("apply-penalties");
        var penalty = Assert.Single(await PenaltiesAsync(app, account));
        Assert.Equal((52.00m, 1), (penalty.GetProperty("amount").GetDecimal(), penalty.GetProperty("monthsElapsed").GetInt32()));
    }

    /// <summary>
    /// R243-16 I: 1,000 € due 30 April 2026 and paid in time, then paid again on 2 May (a credit): Payments publishes nothing late
    /// (late money counts only up to what was owed), so nothing was unpaid at the due date: no majoration.
    /// </summary>
    [Fact]
    public async Task R243_16_money_paid_twice_after_a_payment_in_time_adds_no_majoration()
    {
        using var app = new UrssafApp(); // 4 May 2026
        var account = AccountId.New();
        await app.FiledAsync(account, "2026-Q1", "2026-04-30", 100_000);
        await app.ObligationAsync(account, Guid.NewGuid(), "2026-Q1", "2026-04-30", 100_000, 200_000, 0, 3);
        await app.RunDailyJobAsync("apply-penalties");
        Assert.DoesNotContain(await PenaltiesAsync(app, account), p => p.GetProperty("kind").GetString() == "late_payment");
    }

    /// <summary>
    /// R243-16 I and II: 1,000 € due 30 April 2026; 400 € paid in time, then 1,000 € on 2 May. Unpaid at the due date: 600 €, so 5 % =
    /// 30 € + 0.2 % = 1.20 € → 31.20 € (not 52 € on the 1,000 € received late). Payments publishes 600 € late, 400 € of surplus.
    /// </summary>
    [Fact]
    public async Task R243_16_a_part_paid_in_time_is_left_out_of_the_majoration_whatever_came_late()
    {
        using var app = new UrssafApp(); // 4 May 2026
        var account = AccountId.New();
        await app.FiledAsync(account, "2026-Q1", "2026-04-30", 100_000);
        await app.ObligationAsync(account, Guid.NewGuid(), "2026-Q1", "2026-04-30", 100_000, 140_000, 0, 3, paidLate: 60_000,
            receipts: [new LateReceipt(new DateOnly(2026, 5, 2), 60_000)]);
        await app.RunDailyJobAsync("apply-penalties");
        Assert.Equal(31.20m, Amount(await PenaltiesAsync(app, account), "late_payment"));
    }
}
