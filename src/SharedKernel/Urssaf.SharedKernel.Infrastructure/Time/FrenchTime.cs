namespace Urssaf.SharedKernel.Infrastructure.Time;

/// <summary>Legal dates (due dates, collection dates, penalties) are calendar days in metropolitan France.</summary>
public static class FrenchTime
{
    public static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    public static DateOnly Today(this TimeProvider clock) =>
        DateInParis(clock.GetUtcNow().UtcDateTime);

    /// <summary>The day in Paris of a UTC instant (an unspecified kind is read as UTC, as stored and serialized instants are).</summary>
    public static DateOnly DateInParis(DateTime utc) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Paris));
}
