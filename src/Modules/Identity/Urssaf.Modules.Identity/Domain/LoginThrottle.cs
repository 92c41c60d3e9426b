namespace Urssaf.Modules.Identity.Domain;

/// <summary>
/// Consecutive password failures of one subject (ADR 0022). Two subjects count each attempt on an account: the
/// account from one client network (a progressive delay from the 3rd attempt, a 30-minute lock at the 10th) and
/// the account from anywhere (a ceiling: a 30-minute lock at the 100th). A stranger on another network can thus
/// slow the owner only by reaching the ceiling, and only the password path: recovery, and its temporary password,
/// still work. Unknown logins are counted the same way, ceiling included, so that they behave like known ones. Counters are only
/// changed by conditional UPDATEs (<see cref="Security.PasswordAttempts"/>): parallel attempts each count.
/// </summary>
internal sealed class LoginThrottle
{
    public const int LockAfterFailures = 10;
    public const int CeilingFailures = 100;
    public static readonly TimeSpan LockDuration = TimeSpan.FromMinutes(30);

    public string SubjectKey { get; set; } = "";
    public int ConsecutiveFailures { get; set; }
    public DateTime? LastFailureOnUtc { get; set; }
    public DateTime? LockedUntilUtc { get; set; }

    /// <summary>When the next attempt may be made: after a lock, or after 2^(n−2) s (max 60 s) from the 2nd failure on.</summary>
    public DateTime? NextAttemptAllowedUtc(bool progressive)
    {
        if (LockedUntilUtc is { } locked) return locked;
        if (!progressive || ConsecutiveFailures < 2 || LastFailureOnUtc is not { } last) return null;
        return last.AddSeconds(Math.Min(60, Math.Pow(2, ConsecutiveFailures - 2)));
    }

    /// <summary>The per-network subject of a login: an account's id, or the keyed hash of an unknown identifier.</summary>
    public static string NetworkSubject(string login, string network) => $"{login}|{network}";

    /// <summary>The account-wide subject (the ceiling); an unknown identifier has one too, keyed by its HMAC.</summary>
    public static string CeilingSubject(string login) => $"{login}|*";
}

/// <summary>
/// The client network an attempt comes from: the IPv4 address itself, or the /64 of an IPv6 address (one
/// subscriber's prefix, through which a client could otherwise rotate) — the same keys as the rate limits'.
/// </summary>
internal static class ClientNetworks
{
    public static string Of(string? ipAddress) => Urssaf.SharedKernel.Infrastructure.Http.ClientAddress.PartitionKey(ipAddress);
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
