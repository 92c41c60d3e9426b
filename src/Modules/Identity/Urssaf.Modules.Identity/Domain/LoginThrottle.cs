namespace Urssaf.Modules.Identity.Domain;

/// <summary>
/// Consecutive password failures of one subject — an account, or an unknown identifier (so that unknown and
/// known identifiers are treated alike): progressive delay from the 3rd attempt, a 30-minute lock at the 10th
/// consecutive failure (the product's rule; SECURITY.md).
/// </summary>
internal sealed class LoginThrottle
{
    public const int LockAfterFailures = 10;
    public static readonly TimeSpan LockDuration = TimeSpan.FromMinutes(30);

    public string SubjectKey { get; set; } = "";
    public int ConsecutiveFailures { get; set; }
    public DateTime? LastFailureOnUtc { get; set; }
    public DateTime? LockedUntilUtc { get; set; }

    /// <summary>When the next attempt may be made: after a lock, or after 2^(n−2) s (max 60 s) from the 2nd failure on.</summary>
    public DateTime? NextAttemptAllowedUtc
    {
        get
        {
            if (LockedUntilUtc is { } locked) return locked;
            if (ConsecutiveFailures < 2 || LastFailureOnUtc is not { } last) return null;
            return last.AddSeconds(Math.Min(60, Math.Pow(2, ConsecutiveFailures - 2)));
        }
    }

    /// <summary>Records a failure; returns true when it locks the subject.</summary>
    public bool Fail(DateTime now)
    {
        if (LockedUntilUtc is { } until && until <= now) (ConsecutiveFailures, LockedUntilUtc) = (0, null);
        ConsecutiveFailures++;
        LastFailureOnUtc = now;
        if (ConsecutiveFailures < LockAfterFailures) return false;
        LockedUntilUtc = now + LockDuration;
        return true;
    }

    public void Succeed() => (ConsecutiveFailures, LastFailureOnUtc, LockedUntilUtc) = (0, null, null);
}

/// <summary>One authentication attempt, for the owner's connection journal (ASVS 16.3.1, 7.5.2).</summary>
internal sealed class ConnectionEntry
{
    public Guid Id { get; set; }
    public Urssaf.SharedKernel.Identity.AccountId? AccountId { get; set; }
    public DateTime AtUtc { get; set; }
    public string Method { get; set; } = "";
    public string Result { get; set; } = "";
    public string? IpAddress { get; set; }
    public string? UserAgent { get; set; }
}
