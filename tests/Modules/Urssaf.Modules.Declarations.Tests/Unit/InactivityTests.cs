using Urssaf.SharedKernel.Enterprise;

namespace Urssaf.Modules.Declarations.Tests.Unit;

/// <summary>Radiation for inactivity (DOMAIN.md §3): 24 months (monthly) or 8 quarters (quarterly) in a row with zero turnover.</summary>
public sealed class InactivityTests
{
    private static (DateOnly, DateOnly, long) Q(string period, long turnover) => Inactivity.Bounds(period) is var (s, e) ? (s, e, turnover) : default;

    [Fact]
    public void Eight_quarters_in_a_row_at_zero_warn_seven_do_not()
    {
        var eight = new[] { "2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4", "2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4" }.Select(p => Q(p, 0)).ToList();
        Assert.Equal(24, Inactivity.MonthsWithoutTurnover(eight));
        Assert.Equal("activity.radiation_risk", Inactivity.Warning(eight)?.Code);
        Assert.Null(Inactivity.Warning(eight.Skip(1)));                      // 21 months
        Assert.Null(Inactivity.Warning([.. eight, Q("2026-Q1", 500)]));      // turnover again: the run is over
        Assert.Null(Inactivity.Warning([Q("2023-Q4", 500), .. eight.Skip(1)]));
    }

    [Fact]
    public void Twenty_four_months_in_a_row_at_zero_warn()
    {
        var months = Enumerable.Range(0, 24).Select(i => new DateOnly(2024, 1, 1).AddMonths(i)).Select(d => Q($"{d:yyyy-MM}", 0)).ToList();
        Assert.Equal(24, Inactivity.MonthsWithoutTurnover(months));
        Assert.NotNull(Inactivity.Warning(months));
        Assert.Null(Inactivity.Warning(months.Skip(1)));
    }
}
