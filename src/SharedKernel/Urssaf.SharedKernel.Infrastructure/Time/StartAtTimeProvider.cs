namespace Urssaf.SharedKernel.Infrastructure.Time;

/// <summary>
/// <c>Clock:StartAt</c>: the service runs as if the configured instant were now, advancing in real time
/// (demos and end-to-end tests of due dates). Refused in Production by the host.
/// </summary>
public sealed class StartAtTimeProvider(DateTimeOffset startAt, TimeProvider inner) : TimeProvider
{
    private readonly long _origin = inner.GetTimestamp();

    public override DateTimeOffset GetUtcNow() => startAt.ToUniversalTime() + inner.GetElapsedTime(_origin);

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;
    public override long TimestampFrequency => inner.TimestampFrequency;
    public override long GetTimestamp() => inner.GetTimestamp();
}
