using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Urssaf.Modules.Identity.Domain;
using Urssaf.Modules.Identity.Persistence;
using Urssaf.SharedKernel.Infrastructure.Http;

namespace Urssaf.Modules.Identity.Security;

/// <summary>Issues short-lived access tokens bound to a session, and rotating refresh tokens.</summary>
internal sealed class AccessTokens(JwtSettings jwt, TimeProvider clock)
{
    private static readonly JsonWebTokenHandler Handler = new();

    public string Issue(Session session)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        List<Claim> claims =
        [
            new(UrssafClaims.Subject, session.AccountId.ToString()),
            new(UrssafClaims.SessionId, session.Id.ToString()),
            // the session's login: a refreshed token keeps it, so a long session must log in again for sensitive changes
            new(UrssafClaims.AuthenticationTime, new DateTimeOffset(session.CreatedOnUtc).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
                ClaimValueTypes.Integer64),
        ];
        if (session.PasswordChangeOnly) claims.Add(new Claim(UrssafClaims.PasswordChangeOnly, "true"));
        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = jwt.Issuer,
            Audience = jwt.Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(jwt.AccessTokenMinutes),
            SigningCredentials = new SigningCredentials(jwt.Key, SecurityAlgorithms.HmacSha256),
        });
    }

    public int ExpiresInSeconds => jwt.AccessTokenMinutes * 60;

    /// <summary>A new refresh token for the session; only its hash is stored.</summary>
    public static string NewRefreshToken(IdentityDbContext db, Session session, DateTime now)
    {
        var token = Secrets.NewToken();
        db.RefreshTokens.Add(new RefreshToken { TokenHash = Secrets.HashToken(token), SessionId = session.Id, IssuedOnUtc = now });
        return token;
    }
}

/// <summary>Every authenticated request checks its session: logout and revocation take effect at once.</summary>
internal sealed class SessionValidator(IdentityDbContext db, SessionCache cache, TimeProvider clock) : IAccessTokenSessionValidator
{
    public async ValueTask<bool> IsActiveAsync(Guid accountId, Guid sessionId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (cache.IsKnownActive(accountId, sessionId, now)) return true;
        var generation = cache.Generation;
        var session = await SessionById(db, sessionId, cancellationToken);
        if (session is null || session.AccountId.Value != accountId || !session.IsActive(now)) return false;
        cache.Remember(session, now, generation);
        return true;
    }

    /// <summary>The check of every authenticated request: compiled once, untracked (ADR 0130).</summary>
    private static readonly Func<IdentityDbContext, Guid, CancellationToken, Task<Session?>> SessionById =
        EF.CompileAsyncQuery((IdentityDbContext db, Guid id, CancellationToken ct) => db.Sessions.AsNoTracking().SingleOrDefault(s => s.Id == id));
}
