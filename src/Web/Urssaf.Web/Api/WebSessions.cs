using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Options;

namespace Urssaf.Web.Api;

/// <summary>
/// What the web side keeps of a login: the API's tokens never reach the browser (ADR 0081). <c>FranceConnect</c>: opened
/// through FranceConnect, so logging out also ends the provider's session (ADR 0089).
/// </summary>
public sealed record WebSession(string AccessToken, string RefreshToken, bool RememberMe, bool MustChangePassword, bool FranceConnect = false);

/// <summary>
/// Browser sessions: the cookie holds only a random identifier (HttpOnly, SameSite=Lax, Secure outside Development);
/// the tokens are stored server-side under the identifier's SHA-256, so a copy of the store cannot be replayed as cookies.
/// </summary>
public sealed class WebSessions(IDistributedCache cache, CookieSettings cookies, IOptions<WebAccountOptions> options)
{
    public const string CookieName = "urssaf_session";

    public async Task<WebSession?> GetAsync(HttpContext http)
    {
        if (!http.Request.Cookies.TryGetValue(CookieName, out var id) || string.IsNullOrEmpty(id)) return null;
        var bytes = await cache.GetAsync(Key(id), http.RequestAborted);
        return bytes is null ? null : JsonSerializer.Deserialize<WebSession>(bytes);
    }

    public async Task OpenAsync(HttpContext http, WebSession session)
    {
        await CloseAsync(http); // a new identifier on every login (no session fixation)
        var id = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        await StoreAsync(http, id, session);
        http.Response.Cookies.Append(CookieName, id, new CookieOptions
        {
            HttpOnly = true, Secure = cookies.Secure, SameSite = SameSiteMode.Lax, Path = "/", IsEssential = true,
            Expires = session.RememberMe ? DateTimeOffset.UtcNow.AddDays(30) : null,
        });
    }

    public async Task UpdateAsync(HttpContext http, WebSession session)
    {
        if (http.Request.Cookies.TryGetValue(CookieName, out var id) && !string.IsNullOrEmpty(id)) await StoreAsync(http, id, session);
    }

    public async Task CloseAsync(HttpContext http)
    {
        if (http.Request.Cookies.TryGetValue(CookieName, out var id) && !string.IsNullOrEmpty(id)) await cache.RemoveAsync(Key(id));
        http.Response.Cookies.Delete(CookieName, new CookieOptions { Path = "/", Secure = cookies.Secure, HttpOnly = true, SameSite = SameSiteMode.Lax });
    }

    private Task StoreAsync(HttpContext http, string id, WebSession session) =>
        cache.SetAsync(Key(id), JsonSerializer.SerializeToUtf8Bytes(session), new DistributedCacheEntryOptions
        {
            SlidingExpiration = session.RememberMe ? TimeSpan.FromDays(30) : TimeSpan.FromMinutes(options.Value.SessionMinutes),
        }, http.RequestAborted);

    private static string Key(string id) => "web-session:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(id)));
}
