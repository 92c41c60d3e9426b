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

    /// <summary>CSS R243-16: 5 % plus 0.2 % per month or part of a month, to the cent.</summary>
    [Theory]
    [InlineData(100_000, 1, 5_200)]
    [InlineData(100_000, 2, 5_400)]
    [InlineData(258_000, 1, 13_416)]
    [InlineData(12_345, 3, 691)]  // 5.6 % of 123.45 € = 6.9132 € → 6.91 €
    [InlineData(10, 1, 1)]        // 0.52 cent rounds half up to 1 cent
    public void Late_payment_majoration(long unpaid, int months, long expected) =>
        Assert.Equal(expected, PenaltyRules.LatePaymentCents(unpaid, months));
}
