using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Urssaf.TestKit;

namespace Urssaf.Host.Tests;

/// <summary>The limiter sits before the work: the 4th login attempt in the window is a 429 problem with Retry-After.</summary>
public sealed class RateLimitTests : IDisposable
{
    private readonly UrssafApp _app = new UrssafApp()
        .With("RateLimiting:authentication:PermitLimit", "3")
        .With("RateLimiting:authentication:WindowSeconds", "60");

    [Fact]
    public async Task Login_attempts_beyond_the_limit_get_429_with_Retry_After()
    {
        var client = _app.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            var allowed = await client.PostAsJsonAsync("/api/v1/identity/sessions", new { login = $"nobody{i}@example.test", password = "x" });
            Assert.Equal(HttpStatusCode.Unauthorized, allowed.StatusCode);
        }

        var refused = await client.PostAsJsonAsync("/api/v1/identity/sessions", new { login = "nobody@example.test", password = "x" });
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal("request.rate_limited", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    public void Dispose() => _app.Dispose();
}
