using Microsoft.IdentityModel.Tokens;

namespace Urssaf.SharedKernel.Infrastructure.Http;

/// <summary>
/// The <c>Jwt</c> section and the key that signs access tokens. Identity issues tokens with it, the host
/// validates them; the key comes from configuration or, outside Production, from <c>&lt;data&gt;/jwt-signing.key</c>.
/// </summary>
public sealed class JwtSettings
{
    public const string Section = "Jwt";

    public string Issuer { get; set; } = "urssaf-account";
    public string Audience { get; set; } = "urssaf-account-api";

    /// <summary>Base64 of at least 32 random bytes (HMAC-SHA256).</summary>
    public string? SigningKey { get; set; }

    public int AccessTokenMinutes { get; set; } = 10;

    public SymmetricSecurityKey Key => new(Convert.FromBase64String(SigningKey
        ?? throw new InvalidOperationException("Jwt:SigningKey is not configured."))) { KeyId = "urssaf-1" };

    /// <summary>How the host checks an access token (issuer, audience, HMAC-SHA256 only, 30 s of clock skew).</summary>
    public TokenValidationParameters ValidationParameters() => new()
    {
        ValidIssuer = Issuer,
        ValidAudience = Audience,
        IssuerSigningKey = Key,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        ClockSkew = TimeSpan.FromSeconds(30),
        NameClaimType = UrssafClaims.Subject,
    };
}

/// <summary>Lets Identity refuse a token whose server-side session was revoked (logout takes effect at once).</summary>
public interface IAccessTokenSessionValidator
{
    ValueTask<bool> IsActiveAsync(Guid accountId, Guid sessionId, CancellationToken cancellationToken);
}
