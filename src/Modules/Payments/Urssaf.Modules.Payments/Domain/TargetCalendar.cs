namespace Urssaf.Modules.Payments.Domain;

/// <summary>
/// TARGET2 business days, on which SEPA collections settle: not a weekend, 1 January, Good Friday, Easter Monday,
/// 1 May, 25 and 26 December (ECB TARGET closing days).
/// </summary>
internal static class TargetCalendar
{
    public static bool IsBusinessDay(DateOnly day)
    {
        if (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) return false;
        if ((day.Month, day.Day) is (1, 1) or (5, 1) or (12, 25) or (12, 26)) return false;
        var easter = EasterSunday(day.Year);
        return day != easter.AddDays(-2) && day != easter.AddDays(1);
    }

    public static DateOnly NextBusinessDayFrom(DateOnly day)
    {
        while (!IsBusinessDay(day)) day = day.AddDays(1);
        return day;
    }

    /// <summary>Gregorian Easter (anonymous Gregorian algorithm, Meeus/Jones/Butcher).</summary>
    internal static DateOnly EasterSunday(int year)
    {
        int a = year % 19, b = year / 100, c = year % 100, d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30, i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7, m = (a + 11 * h + 22 * l) / 451;
        int month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1;
        return new DateOnly(year, month, day);
    }
}
