namespace Urssaf.SharedKernel.Infrastructure.Time;

/// <summary>Legal dates (due dates, collection dates, penalties) are calendar days in metropolitan France.</summary>
public static class FrenchTime
{
    public static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    public static DateOnly Today(this TimeProvider clock) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(clock.GetUtcNow().UtcDateTime, Paris));
}
