using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Urssaf.Modules.Identity.Domain;
using Urssaf.SharedKernel.Infrastructure.Hosting;
using Urssaf.SharedKernel.Infrastructure.Persistence;

namespace Urssaf.Modules.Identity.Security;

/// <summary>The <c>FranceConnect</c> section: the provider, our client at it, and where it may send people back (ADR 0070).</summary>
internal sealed class FranceConnectOptions
{
    public const string Section = "FranceConnect";
    public const string HttpClientName = "franceconnect";
    /// <summary>The stand-in provider's path on this host (Development and Testing only).</summary>
    public const string StandInPath = "/franceconnect-standin/api/v2";
    public const string DefaultClientId = "urssaf-account";

    /// <summary>The provider's issuer, exactly (discovery at <c>{Authority}/.well-known/openid-configuration</c>). Default outside Production: the stand-in.</summary>
    public string? Authority { get; set; }
    public string ClientId { get; set; } = DefaultClientId;
    /// <summary>Required in Production; generated into the data directory elsewhere (shared with the stand-in).</summary>
    public string? ClientSecret { get; set; }
    /// <summary>Our callback as registered at the provider; default: this host's <c>/api/v1/identity/franceconnect/callback</c>.</summary>
    public string? CallbackUri { get; set; }
    /// <summary>The client pages the callback may return to (no open redirect). Default: the web account's page.</summary>
    public string[]? AllowedRedirectUris { get; set; }
    /// <summary>Where the provider sends the browser after its end-session; default: the web account's logout page (it checks the state).</summary>
    public string PostLogoutRedirectUri { get; set; } = "http://localhost:5080/deconnexion";
    /// <summary>How long a backchannel call to the provider may take.</summary>
    public int TimeoutSeconds { get; set; } = 10;

    public static readonly string[] DefaultRedirectUris = ["http://localhost:5080/connexion/franceconnect"];
    public const string DefaultStandInAuthority = "http://localhost:5080" + StandInPath + "/";

    /// <summary>eIDAS low is what is asked; a higher level (FranceConnect+) is accepted too.</summary>
    public static readonly string[] AcceptedAcr = ["eidas1", "eidas2", "eidas3"];

    /// <summary>openid and the identity pivot (FranceConnect v2 scopes).</summary>
    public const string Scopes = "openid given_name family_name birthdate gender birthplace birthcountry";

    public IReadOnlyList<string> RedirectUris => AllowedRedirectUris is { Length: > 0 } uris ? uris : DefaultRedirectUris;
}

/// <summary>Resolves the effective options: outside Development and Testing, the provider and its secret must be configured.</summary>
internal sealed class FranceConnectSettings(IOptions<FranceConnectOptions> options, IHostEnvironment environment, IOptions<StorageOptions> storage)
{
    private readonly Lazy<string?> _secret = new(() => options.Value.ClientSecret is { Length: > 0 } s ? s
        : environment.IsNonProduction() ? SharedKernel.Infrastructure.Http.SecretFiles.ReadOrCreate(
            Path.Combine(storage.Value.FullDataDirectory, "franceconnect-standin-client.secret"), Secrets.NewToken) : null);

    public FranceConnectOptions Options => options.Value;

    public string? Authority => options.Value.Authority is { Length: > 0 } a ? a : environment.IsNonProduction() ? FranceConnectOptions.DefaultStandInAuthority : null;

    public string? ClientSecret => _secret.Value;

    public bool IsConfigured => Authority is not null && ClientSecret is not null;
}

/// <summary>A failure of the OpenID Connect exchange, with the stable code the client receives.</summary>
internal sealed class FranceConnectException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}

/// <summary>
/// The relying party's backchannel to FranceConnect, over HTTP only, as to the real one: discovery, JWKS, the code
/// exchange (client_secret_post + PKCE) and userinfo. Every token is checked here (SECURITY.md §3.6): signature
/// against the provider's JWKS with an ES256/RS256 allow-list, iss, aud, exp, iat, nonce and acr.
/// </summary>
internal sealed class FranceConnectClient(IHttpClientFactory http, FranceConnectSettings settings, TimeProvider clock)
{
    private static readonly JsonWebTokenHandler Handler = new();
    private static readonly string[] Algorithms = [SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.RsaSha256];
    private static readonly TimeSpan Skew = TimeSpan.FromSeconds(30);

    public sealed record Metadata(string Issuer, string AuthorizationEndpoint, string TokenEndpoint, string UserInfoEndpoint, string? EndSessionEndpoint,
        IReadOnlyList<SecurityKey> Keys);

    public sealed record Identity(string Issuer, string Subject, IdentityPivot Pivot, string IdToken);

    public async Task<Metadata> DiscoverAsync(CancellationToken ct)
    {
        var authority = settings.Authority ?? throw new FranceConnectException("identity.franceconnect.unavailable", "FranceConnect is not configured.");
        using var client = http.CreateClient(FranceConnectOptions.HttpClientName);
        JsonElement document;
        try
        {
            document = await client.GetFromJsonAsync<JsonElement>(authority.TrimEnd('/') + "/.well-known/openid-configuration", ct);
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException)
        {
            throw new FranceConnectException("identity.franceconnect.unavailable", $"FranceConnect cannot be reached ({e.GetType().Name}): try again later.");
        }

        // ASVS 10.5.3: the metadata's issuer is exactly the configured one
        if (Text(document, "issuer") != authority)
            throw new FranceConnectException("identity.franceconnect.unavailable", "FranceConnect's metadata names another issuer.");
        IList<SecurityKey> keys;
        try
        {
            keys = new JsonWebKeySet(await client.GetStringAsync(Required(document, "jwks_uri"), ct)).GetSigningKeys();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or ArgumentException)
        {
            // an unreachable or unreadable key set is the provider being unavailable (503), never a 500
            throw new FranceConnectException("identity.franceconnect.unavailable", $"FranceConnect's keys cannot be read ({e.GetType().Name}): try again later.");
        }

        return new Metadata(authority, Required(document, "authorization_endpoint"), Required(document, "token_endpoint"),
            Required(document, "userinfo_endpoint"), Text(document, "end_session_endpoint"), [.. keys]);
    }

    /// <summary>Exchanges the code, validates the ID token and reads userinfo; throws <see cref="FranceConnectException"/> on any failure.</summary>
    public async Task<Identity> RedeemAsync(string code, string codeVerifier, string nonce, string callbackUri, CancellationToken ct)
    {
        var metadata = await DiscoverAsync(ct);
        using var client = http.CreateClient(FranceConnectOptions.HttpClientName);
        using var tokenResponse = await client.PostAsync(metadata.TokenEndpoint, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = callbackUri, ["code_verifier"] = codeVerifier,
            ["client_id"] = settings.Options.ClientId, ["client_secret"] = settings.ClientSecret!,
        }), ct);
        if (!tokenResponse.IsSuccessStatusCode)
            throw new FranceConnectException("identity.franceconnect.code_invalid", "FranceConnect refused the authorization code: start again.");
        var tokens = await tokenResponse.Content.ReadFromJsonAsync<JsonElement>(ct);
        var idToken = Text(tokens, "id_token") ?? throw Invalid("no ID token");
        var accessToken = Text(tokens, "access_token") ?? throw Invalid("no access token");

        var id = await ValidateAsync(idToken, metadata);
        if (id.GetClaim("nonce")?.Value is not { } sentNonce || !FixedTimeEquals(sentNonce, nonce)) throw Invalid("nonce mismatch");
        if (!id.TryGetPayloadValue<long>("iat", out var iat) || DateTimeOffset.FromUnixTimeSeconds(iat) > clock.GetUtcNow() + Skew) throw Invalid("bad iat");
        // ASVS 10.3.4: eIDAS low at least
        if (id.GetClaim("acr")?.Value is not { } acr || !FranceConnectOptions.AcceptedAcr.Contains(acr))
            throw new FranceConnectException("identity.franceconnect.acr_insufficient", "FranceConnect did not confirm the eIDAS level required (eidas1).");

        using var request = new HttpRequestMessage(HttpMethod.Get, metadata.UserInfoEndpoint);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var userInfoResponse = await client.SendAsync(request, ct);
        if (!userInfoResponse.IsSuccessStatusCode) throw Invalid("userinfo refused");
        var body = await userInfoResponse.Content.ReadAsStringAsync(ct);
        // FranceConnect v2 signs userinfo (application/jwt): checked like the ID token; plain JSON is read as returned
        Func<string, string?> claim;
        if (userInfoResponse.Content.Headers.ContentType?.MediaType == "application/jwt")
        {
            var info = await ValidateAsync(body.Trim(), metadata);
            claim = name => info.TryGetPayloadValue<string>(name, out var v) ? v : null;
        }
        else
        {
            var json = JsonSerializer.Deserialize<JsonElement>(body);
            claim = name => Text(json, name);
        }

        if (claim("sub") != id.Subject) throw Invalid("userinfo subject differs");
        if (claim("family_name") is not { Length: > 0 } family || claim("given_name") is not { Length: > 0 } given
            || !DateOnly.TryParseExact(claim("birthdate"), "yyyy-MM-dd", out var birthDate))
            throw new FranceConnectException("identity.franceconnect.identity_incomplete", "FranceConnect did not return the identity pivot.");
        return new Identity(metadata.Issuer, id.Subject, new IdentityPivot(family, given, birthDate, claim("gender"), claim("birthplace"), claim("birthcountry")), idToken);
    }

    private async Task<JsonWebToken> ValidateAsync(string token, Metadata metadata)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var result = await Handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = metadata.Issuer,
            ValidAudience = settings.Options.ClientId,
            IssuerSigningKeys = metadata.Keys, // only the provider's JWKS: no jku/x5u/jwk from the token (ASVS 9.1.3)
            ValidAlgorithms = Algorithms,      // never none nor HS256 (ASVS 9.1.2)
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            TryAllIssuerSigningKeys = true,
            LifetimeValidator = (notBefore, expires, _, _) => expires is { } e && e.ToUniversalTime() > now - Skew && (notBefore is not { } n || n.ToUniversalTime() <= now + Skew),
        });
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt) throw Invalid("token invalid");
        return jwt;
    }

    public static string CodeChallenge(string verifier) => Secrets.Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

    private static FranceConnectException Invalid(string reason) =>
        new("identity.franceconnect.token_invalid", "FranceConnect's answer could not be verified (" + reason + "): start again.");

    private static string? Text(JsonElement json, string name) =>
        json.ValueKind == JsonValueKind.Object && json.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string Required(JsonElement json, string name) =>
        Text(json, name) ?? throw new FranceConnectException("identity.franceconnect.unavailable", $"FranceConnect's metadata has no {name}.");
}
