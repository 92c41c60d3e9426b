using Urssaf.Modules.Compliance.Domain;

namespace Urssaf.Modules.Compliance.Tests.Domain;

public sealed class PenaltyRulesTests
{
    /// <summary>CSS R613-9: 1.5 % of the monthly ceiling rounded up to the euro (DOMAIN.md §4 table).</summary>
    [Theory]
    [InlineData(2023, 5_500)]
    [InlineData(2024, 5_800)]
    [InlineData(2025, 5_900)]
    [InlineData(2026, 6_100)]
    [InlineData(2027, 6_100)] // not published yet: the last known ceiling
    public void Late_declaration_penalty_by_year(int year, long cents) =>
        Assert.Equal(cents, PenaltyRules.Official.LateDeclarationCents(new DateOnly(year, 4, 30)));

    [Theory]
    [InlineData("2026-04-30", "2026-04-30", 0)]
    [InlineData("2026-04-30", "2026-05-01", 1)]  // a fraction of a month counts
    [InlineData("2026-04-30", "2026-05-30", 1)]
    [InlineData("2026-04-30", "2026-05-31", 2)]
    [InlineData("2026-01-31", "2026-02-28", 1)]
    [InlineData("2026-01-31", "2026-03-01", 2)]
    [InlineData("2026-04-30", "2027-04-30", 12)]
    public void Months_or_parts_of_months_since_the_due_date(string due, string today, int months) =>
        Assert.Equal(months, PenaltyRules.MonthsElapsed(DateOnly.Parse(due), DateOnly.Parse(today)));

    /// <summary>CSS R243-16 I and II with a constant unpaid amount: 5 % plus 0.2 % per month or part of a month, each part to the cent.</summary>
    [Theory]
    [InlineData(100_000, 1, 5_200)]
    [InlineData(100_000, 2, 5_400)]
    [InlineData(258_000, 1, 13_416)]
    [InlineData(12_345, 3, 692)]  // 5 % of 123.45 € = 6.1725 → 6.17 €; 0.2 % = 0.2469 → 0.25 € a month, three months 0.75 € → 6.92 €
    [InlineData(10, 1, 1)]        // 0.5 cent rounds half up to 1 cent, 0.02 cent to 0
    public void Late_payment_majoration(long unpaid, int months, long expected) =>
        Assert.Equal(expected, PenaltyRules.LatePaymentCents(unpaid, unpaid, months));

    /// <summary>
    /// DOMAIN.md §2 late example (services, 2025-Q2, due 2025-07-31, declared and paid 2025-08-05): contributions 1,272 + CFP 6 +
    /// chamber tax 3 = 1,281 €; R243-16 I: 5 % of 1,281 = 64.05 €; R243-16 II: 0.2 % for one month or part of a month = 2.562 → 2.56 €.
    /// </summary>
    [Fact]
    public void R243_16_DOMAIN_late_example_is_64_05_plus_2_56()
    {
        Assert.Equal(6_405, PenaltyRules.MajorationCents(128_100));
        Assert.Equal(256, PenaltyRules.ComplementaryCents(128_100, 1));
        Assert.Equal(6_661, PenaltyRules.LatePaymentCents(128_100, 128_100, PenaltyRules.MonthsElapsed(new DateOnly(2025, 7, 31), new DateOnly(2025, 8, 6))));
    }

    /// <summary>
    /// R243-16 II: the 0.2 % applies to what is still owed. 1,000 € unpaid at the due date, 600 € paid in the first month:
    /// 5 % of 1,000 = 50 €, first month 0.2 % of 1,000 = 2 €, second month 0.2 % of 400 = 0.80 € → 52.80 € (not 54 €).
    /// </summary>
    [Fact]
    public void R243_16_II_later_months_bear_on_what_is_still_owed() =>
        Assert.Equal(5_280, PenaltyRules.LatePaymentCents(100_000, 40_000, 2));

    /// <summary>
    /// R243-16 II from dated receipts: 1,000 € unpaid at the 30 April 2026 due date. Month 1 runs 1–30 May, month 2 from 31 May.
    /// 600 € booked on 20 May: 5 % of 1,000 = 50 € + 0.2 % of 1,000 = 2 € + 0.2 % of 400 = 0.80 € on 2 June → 52.80 €, two months.
    /// </summary>
    [Fact]
    public void R243_16_II_each_month_bears_on_what_was_owed_as_it_began() =>
        Assert.Equal((5_280L, 2), PenaltyRules.LatePayment(100_000, [(new DateOnly(2026, 5, 20), 60_000)], new DateOnly(2026, 4, 30), new DateOnly(2026, 6, 2)));

    /// <summary>
    /// "Month or part of a month" (ADR 33): a receipt on 30 May, the last day of month 1, leaves nothing owed as month 2 begins on 31 May
    /// (52 €, one month); one on 31 May was owed when month 2 began (54 €, two months).
    /// </summary>
    [Theory]
    [InlineData("2026-05-30", 5_200, 1)]
    [InlineData("2026-05-31", 5_400, 2)]
    public void R243_16_II_a_receipt_on_the_day_a_month_begins_does_not_take_it_back(string on, long cents, int months) =>
        Assert.Equal((cents, months), PenaltyRules.LatePayment(100_000, [(DateOnly.Parse(on), 100_000)], new DateOnly(2026, 4, 30), new DateOnly(2026, 7, 1)));

    /// <summary>R243-16 I: nothing unpaid at the due date, no majoration whatever the later months.</summary>
    [Fact]
    public void R243_16_nothing_unpaid_at_the_due_date_is_nothing() =>
        Assert.Equal((0L, 0), PenaltyRules.LatePayment(0, [], new DateOnly(2026, 4, 30), new DateOnly(2026, 9, 1)));

    /// <summary>
    /// R243-16 after a downward correction: late receipts above what is now owed leave nothing owed. Contributions corrected from 1,000 €
    /// to 500 €, 600 € paid late on 10 May: 5 % of 500 = 25 € + 0.2 % of 500 = 1 € → 26 €, and month 2 bears nothing.
    /// </summary>
    [Fact]
    public void R243_16_receipts_above_a_corrected_amount_leave_nothing_owed() =>
        Assert.Equal((2_600L, 1), PenaltyRules.LatePayment(50_000, [(new DateOnly(2026, 5, 10), 60_000)], new DateOnly(2026, 4, 30), new DateOnly(2026, 8, 1)));

    /// <summary>
    /// R243-16 with an honoured payment plan (R243-21): 1,000 € unpaid at the 30 April 2026 due date, the plan seen once two months were
    /// counted (50 € + 2 € + 2 € = 54 €), four instalments of 250 € then collected in months 3 to 6. Every later day gives 54 €: each
    /// instalment moves money from the plan's cover to the receipts, and nothing outside the plan is owed.
    /// </summary>
    [Theory]
    [InlineData("2026-07-10", 0, 100_000)]
    [InlineData("2026-08-10", 1, 75_000)]
    [InlineData("2026-09-10", 2, 50_000)]
    [InlineData("2026-10-10", 3, 25_000)]
    public void R243_21_an_honoured_plan_stops_the_growth_while_its_instalments_are_collected(string today, int collected, long planPending)
    {
        var receipts = Enumerable.Range(0, collected).Select(i => (new DateOnly(2026, 7, 5).AddMonths(i), 25_000L)).ToList();
        Assert.Equal((5_400L, 2), PenaltyRules.LatePayment(100_000, receipts, new DateOnly(2026, 4, 30), DateOnly.Parse(today), planPending, coverFromMonth: 2));
    }

    /// <summary>
    /// After a default (no cover any more) the months are counted again from the dated receipts: 1,000 € unpaid at 30 April, 250 € collected
    /// on 5 July, checked on 10 August (4 months): 50 € + 2 € + 2 € + 2 € (month 3 began on 30 June, before the receipt) + 1.50 € = 57.50 €.
    /// </summary>
    [Fact]
    public void R243_21_a_defaulted_plan_counts_the_months_again() =>
        Assert.Equal((5_750L, 4), PenaltyRules.LatePayment(100_000, [(new DateOnly(2026, 7, 5), 25_000)], new DateOnly(2026, 4, 30), new DateOnly(2026, 8, 10), 0, coverFromMonth: 2));
}
