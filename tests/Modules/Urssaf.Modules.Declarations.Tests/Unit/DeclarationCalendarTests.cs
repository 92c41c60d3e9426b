using Urssaf.Modules.Declarations.Domain;
using Urssaf.SharedKernel.Enterprise;

namespace Urssaf.Modules.Declarations.Tests.Unit;

public sealed class DeclarationCalendarTests
{
    private static readonly DeclarationCalendar Calendar = new(new CalendarOptions());

    [Theory] // DOMAIN.md §3
    [InlineData("2024-03-06", DeclarationFrequency.Monthly, "2024-06", "2024-07-31")]
    [InlineData("2024-04-12", DeclarationFrequency.Quarterly, "2024-Q3", "2024-10-31")]
    [InlineData("2026-01-10", DeclarationFrequency.Monthly, "2026-04", "2026-05-31")]
    [InlineData("2026-01-10", DeclarationFrequency.Quarterly, "2026-Q2", "2026-07-31")]
    public void The_first_declaration_leaves_at_least_90_days(string start, DeclarationFrequency frequency, string period, string due)
    {
        var first = DeclarationCalendar.FirstPeriod(DateOnly.Parse(start), frequency);
        Assert.Equal(period, first.ToString());
        Assert.Equal(DateOnly.Parse(due), Calendar.DueDate(first));
        Assert.Equal(DateOnly.Parse(start), DeclarationCalendar.CoverageStart(first, DateOnly.Parse(start)));
    }

    [Theory] // CSS R613-8
    [InlineData("2026-01", "2026-02-28")]
    [InlineData("2024-01", "2024-02-29")]
    [InlineData("2026-12", "2027-01-31")]
    [InlineData("2026-Q1", "2026-04-30")]
    [InlineData("2026-Q2", "2026-07-31")]
    [InlineData("2026-Q3", "2026-10-31")]
    [InlineData("2026-Q4", "2027-01-31")]
    public void Due_dates(string period, string due) => Assert.Equal(DateOnly.Parse(due), DeclarationPeriod.Parse(period).DueDate);

    [Theory]
    [InlineData("2026-13")]
    [InlineData("2026-00")]
    [InlineData("2026-Q5")]
    [InlineData("2026-Q0")]
    [InlineData("26-Q1")]
    [InlineData("2026Q1")]
    [InlineData("abcd-01")]
    [InlineData("")]
    public void Malformed_periods_are_refused(string text) => Assert.False(DeclarationPeriod.IsWellFormed(text));

    [Fact]
    public void Periods_round_trip_and_step()
    {
        Assert.Equal("2027-Q1", DeclarationPeriod.Parse("2026-Q4").Next().ToString());
        Assert.Equal("2025-12", DeclarationPeriod.Parse("2026-01").Previous().ToString());
        Assert.Equal(new DateOnly(2026, 6, 30), DeclarationPeriod.Parse("2026-Q2").End);
    }

    [Fact]
    public void Statuses_follow_the_clock_and_the_Paris_deadline()
    {
        var start = new DateOnly(2025, 6, 1);
        var declared = new HashSet<DeclarationPeriod> { DeclarationPeriod.Parse("2025-Q3") };
        // 30 April 2026 22:30 UTC = 1 May 00:30 in Paris: Q1 2026 is late
        var entries = Calendar.Periods(start, DeclarationFrequency.Quarterly, declared, new DateTime(2026, 4, 30, 22, 30, 0, DateTimeKind.Utc));
        Assert.Equal(["2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2"], entries.Select(e => e.Period.ToString()));
        Assert.Equal([PeriodStatus.Declared, PeriodStatus.Late, PeriodStatus.Late, PeriodStatus.Upcoming], entries.Select(e => e.Status));
        Assert.Equal(start, entries[0].Start);

        var onTime = Calendar.Periods(start, DeclarationFrequency.Quarterly, declared, new DateTime(2026, 4, 30, 21, 30, 0, DateTimeKind.Utc));
        Assert.Equal(PeriodStatus.Open, onTime[2].Status);
    }

    [Fact]
    public void Before_the_first_due_date_the_first_period_is_listed()
    {
        var entries = Calendar.Periods(new DateOnly(2026, 5, 1), DeclarationFrequency.Monthly, new HashSet<DeclarationPeriod>(),
            new DateTime(2026, 5, 10, 0, 0, 0, DateTimeKind.Utc));
        Assert.Equal("2026-07", Assert.Single(entries).Period.ToString());
    }

    [Fact]
    public void The_optional_shift_moves_a_weekend_or_holiday_due_date_to_the_next_working_day()
    {
        var shifting = new DeclarationCalendar(new CalendarOptions { ShiftDueDatesToWorkingDay = true });
        Assert.Equal(new DateOnly(2026, 2, 28), Calendar.DueDate(DeclarationPeriod.Parse("2026-01")));      // Saturday, no shift
        Assert.Equal(new DateOnly(2026, 3, 2), shifting.DueDate(DeclarationPeriod.Parse("2026-01")));      // → Monday
        Assert.Equal(new DateOnly(2026, 11, 2), shifting.DueDate(DeclarationPeriod.Parse("2026-Q3")));     // Sat 31 Oct, Sun, 1 Nov → Mon 2 Nov
        Assert.Equal(new DateOnly(2026, 4, 30), shifting.DueDate(DeclarationPeriod.Parse("2026-Q1")));     // Thursday
    }
}
