using Urssaf.SharedKernel.Identity;

namespace Urssaf.Modules.Identity.Domain;

/// <summary>
/// A server-side session: access tokens carry its id and die with it. Its refresh tokens rotate; a spent one
/// presented again revokes the whole session (a stolen token was used).
/// </summary>
internal sealed class Session
{
    private Session() { }

    public Guid Id { get; private set; }
    public AccountId AccountId { get; private set; }
    public DateTime CreatedOnUtc { get; private set; }
    public DateTime LastRefreshedOnUtc { get; private set; }
    public DateTime AbsoluteExpiresOnUtc { get; private set; }
    public TimeSpan IdleTimeout { get; private set; }
    public bool RememberMe { get; private set; }
    public string Method { get; private set; } = "";
    /// <summary>Opened with a temporary password: its tokens may only change the password.</summary>
    public bool PasswordChangeOnly { get; private set; }
    public string? IpAddress { get; private set; }
    public string? UserAgent { get; private set; }
    public DateTime? RevokedOnUtc { get; private set; }
    public string? RevokedReason { get; private set; }

    public static Session Open(AccountId account, bool rememberMe, string method, SessionOptions options, string? ip, string? userAgent, DateTime now,
        bool passwordChangeOnly = false) => new()
    {
        PasswordChangeOnly = passwordChangeOnly,
        Id = Guid.CreateVersion7(),
        AccountId = account,
        CreatedOnUtc = now,
        LastRefreshedOnUtc = now,
        RememberMe = rememberMe,
        AbsoluteExpiresOnUtc = now + (passwordChangeOnly ? TimeSpan.FromMinutes(15)
            : rememberMe ? options.RememberMeAbsoluteLifetime : options.AbsoluteLifetime),
        IdleTimeout = rememberMe ? options.RememberMeIdleTimeout : options.IdleTimeout,
        Method = method,
        IpAddress = ip,
        UserAgent = userAgent,
    };

    public bool IsActive(DateTime now) => RevokedOnUtc is null && now < AbsoluteExpiresOnUtc && now - LastRefreshedOnUtc <= IdleTimeout;

    public void Refreshed(DateTime now) => LastRefreshedOnUtc = now;

    public void Revoke(string reason, DateTime now)
    {
        if (RevokedOnUtc is not null) return;
        RevokedOnUtc = now;
        RevokedReason = reason;
    }
}

internal sealed class RefreshToken
{
    public string TokenHash { get; set; } = "";
    public Guid SessionId { get; set; }
    public DateTime IssuedOnUtc { get; set; }
    public DateTime? UsedOnUtc { get; set; }
}

/// <summary>The <c>Identity:Sessions</c> section (NIST 800-63B AAL2: 12 h absolute, 30 min idle; remember me: 30 days).</summary>
internal sealed class SessionOptions
{
    public TimeSpan AbsoluteLifetime { get; set; } = TimeSpan.FromHours(12);
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);
    public TimeSpan RememberMeAbsoluteLifetime { get; set; } = TimeSpan.FromDays(30);
    public TimeSpan RememberMeIdleTimeout { get; set; } = TimeSpan.FromDays(7);
}
