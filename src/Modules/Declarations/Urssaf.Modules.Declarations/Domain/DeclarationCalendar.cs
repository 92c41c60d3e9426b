using Urssaf.SharedKernel.Enterprise;

namespace Urssaf.Modules.Declarations.Domain;

/// <summary>The <c>Declarations:Calendar</c> section: the points DOMAIN.md §3 leaves open (ADR 14).</summary>
internal sealed class CalendarOptions
{
    public const string Section = "Declarations:Calendar";

    /// <summary>Local time on the due date until which a declaration is on time (R613-8 sets only a date).</summary>
    public TimeOnly DeadlineLocalTime { get; set; } = new(23, 59, 59);

    public string TimeZone { get; set; } = "Europe/Paris";

    /// <summary>Move a due date on a Saturday, Sunday or public holiday to the next working day (no CSS rule found).</summary>
    public bool ShiftDueDatesToWorkingDay { get; set; }
}

internal enum PeriodStatus
{
    Upcoming,
    Open,
    Declared,
    Late,
}

internal sealed record CalendarEntry(DeclarationPeriod Period, DateOnly Start, DateOnly End, DateOnly DueDate, PeriodStatus Status);

/// <summary>Which periods an enterprise declares and when (CSS R613-7, R613-8).</summary>
internal sealed class DeclarationCalendar(CalendarOptions options)
{
    private readonly TimeZoneInfo _zone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);

    /// <summary>
    /// The first declaration covers the activity start up to the end of the month or quarter containing
    /// start + 90 days (the legal minimum of 90 days before the first due date; DOMAIN.md §3, derived rule that
    /// reproduces service-public's examples).
    /// </summary>
    public static DeclarationPeriod FirstPeriod(DateOnly activityStart, DeclarationFrequency frequency) =>
        DeclarationPeriod.Containing(activityStart.AddDays(90), frequency);

    /// <summary>The first day of turnover a period covers: the activity start for the first declaration.</summary>
    public static DateOnly CoverageStart(DeclarationPeriod period, DateOnly activityStart) =>
        period == FirstPeriod(activityStart, period.Frequency) ? activityStart : period.Start;

    public DateOnly DueDate(DeclarationPeriod period)
    {
        var due = period.DueDate;
        if (!options.ShiftDueDatesToWorkingDay) return due;
        while (due.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday || FrenchHolidays.IsHoliday(due)) due = due.AddDays(1);
        return due;
    }

    /// <summary>The instant after which a declaration of the period is late.</summary>
    public DateTime DeadlineUtc(DeclarationPeriod period)
    {
        var local = DueDate(period).ToDateTime(options.DeadlineLocalTime, DateTimeKind.Unspecified);
        return TimeZoneInfo.ConvertTimeToUtc(local, _zone);
    }

    public DateOnly Today(DateTime utcNow) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(utcNow, _zone));

    /// <summary>Every period from the first declaration to the one running today, with its status (one frequency throughout).</summary>
    public IReadOnlyList<CalendarEntry> Periods(DateOnly activityStart, DeclarationFrequency frequency, ISet<DeclarationPeriod> declared, DateTime utcNow) =>
        Periods(new Enterprise { ActivityStartDate = activityStart, DeclarationFrequency = frequency }, declared, utcNow);

    /// <summary>Every period from the first declaration to the one running today, each year in its own frequency (R613-7 I).</summary>
    public IReadOnlyList<CalendarEntry> Periods(Enterprise enterprise, ISet<DeclarationPeriod> declared, DateTime utcNow)
    {
        var today = Today(utcNow);
        var entries = new List<CalendarEntry>();
        var first = enterprise.FirstPeriod;
        for (var period = first; period.Start <= today; period = enterprise.NextPeriod(period))
            entries.Add(Entry(period, enterprise.ActivityStartDate, declared.Contains(period), utcNow));
        if (entries.Count == 0) // the first declaration is still ahead
            entries.Add(Entry(first, enterprise.ActivityStartDate, false, utcNow));
        return entries;
    }

    public CalendarEntry Entry(DeclarationPeriod period, DateOnly activityStart, bool isDeclared, DateTime utcNow)
    {
        var status = isDeclared ? PeriodStatus.Declared
            : Today(utcNow) <= period.End ? PeriodStatus.Upcoming
            : utcNow <= DeadlineUtc(period) ? PeriodStatus.Open
            : PeriodStatus.Late;
        return new CalendarEntry(period, CoverageStart(period, activityStart), period.End, DueDate(period), status);
    }
}

/// <summary>French public holidays (Code du travail L3133-1), for the optional due-date shift.</summary>
internal static class FrenchHolidays
{
    public static bool IsHoliday(DateOnly day)
    {
        if ((day.Month, day.Day) is (1, 1) or (5, 1) or (5, 8) or (7, 14) or (8, 15) or (11, 1) or (11, 11) or (12, 25)) return true;
        var easter = EasterSunday(day.Year);
        return day == easter.AddDays(1) || day == easter.AddDays(39) || day == easter.AddDays(50);
    }

    /// <summary>Anonymous Gregorian algorithm (Meeus/Jones/Butcher).</summary>
    private static DateOnly EasterSunday(int year)
    {
        int a = year % 19, b = year / 100, c = year % 100, d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30, i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
        int m = (a + 11 * h + 22 * l) / 451, month = (h + l - 7 * m + 114) / 31, dayOfMonth = (h + l - 7 * m + 114) % 31 + 1;
        return new DateOnly(year, month, dayOfMonth);
    }
}
