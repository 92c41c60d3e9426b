using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Urssaf.SharedKernel.Infrastructure.Modules;
using Urssaf.TestKit;

namespace Urssaf.Host.Tests;

/// <summary>The seed and mint-tokens verbs produce accounts every module knows, that log in and see their history.</summary>
public sealed class SeedVerbTests(UrssafApp app) : IClassFixture<UrssafApp>
{
    private Task<int> RunAsync(string verb, params string[] arguments) =>
        app.Services.GetServices<IHostVerb>().Single(c => c.Verb == verb).RunAsync(app.Services, arguments, TextWriter.Null, CancellationToken.None);

    [Fact]
    public async Task Seeded_accounts_log_in_and_see_their_declarations_payments_and_regularity()
    {
        Assert.Equal(0, await RunAsync("seed", "12", "1000"));
        var login = await app.CreateClient().PostAsJsonAsync("/api/v1/identity/sessions", new { login = "seed1005@example.test", password = SeedAccount.Password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString());

        Assert.Equal(4, (await client.GetFromJsonAsync<JsonElement>("/api/v1/declarations")).GetArrayLength());
        Assert.Equal(0m, (await client.GetFromJsonAsync<JsonElement>("/api/v1/payments/balance")).GetProperty("totalDue").GetDecimal());
        Assert.Equal("green", (await client.GetFromJsonAsync<JsonElement>("/api/v1/compliance/status")).GetProperty("status").GetString());
        var profile = await client.GetFromJsonAsync<JsonElement>("/api/v1/identity/me");
        Assert.Equal(SeedAccount.Create(1005).Siret, profile.GetProperty("siret").GetString());
    }

    [Fact]
    public async Task Minted_tokens_open_real_sessions_for_seeded_accounts()
    {
        Assert.Equal(0, await RunAsync("seed", "3"));
        var file = Path.Combine(app.DataDirectory, "tokens.txt");
        Assert.Equal(0, await RunAsync("mint-tokens", "3", file));
        var tokens = await File.ReadAllLinesAsync(file);
        Assert.Equal(3, tokens.Length);
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens[2]);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/compliance/dashboard")).StatusCode);
        Assert.Equal(2, await RunAsync("seed", "not-a-number"));
    }
}
