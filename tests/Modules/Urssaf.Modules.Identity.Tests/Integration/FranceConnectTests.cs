using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Urssaf.Modules.Identity.Persistence;
using Urssaf.TestKit;

namespace Urssaf.Modules.Identity.Tests.Integration;

/// <summary>The host with the FranceConnect stand-in as its provider; the relying party's backchannel goes to the in-memory server.</summary>
public sealed class FranceConnectApp : UrssafApp
{
    public const string Authority = "http://localhost/franceconnect-standin/api/v2/";
    public const string ClientPage = "http://localhost:5080/connexion/franceconnect";

    /// <summary>When set, the next token response's ID token has its signature altered on the way back.</summary>
    public bool TamperIdToken { get; set; }

    public FranceConnectApp() => With("FranceConnect:Authority", Authority).With("FranceConnect:TimeoutSeconds", "120"); // a loaded test machine

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddHttpClient("franceconnect")
            .ConfigurePrimaryHttpMessageHandler(() => Server.CreateHandler())
            .AddHttpMessageHandler(() => new Tamperer(this)));
    }

    /// <summary>A browser: keeps cookies, does not follow redirects (the test follows them).</summary>
    public HttpClient Browser() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private sealed class Tamperer(FranceConnectApp app) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (!app.TamperIdToken || request.RequestUri?.AbsolutePath.EndsWith("/token", StringComparison.Ordinal) != true) return response;
            var json = (await response.Content.ReadFromJsonAsync<Dictionary<string, JsonElement>>(cancellationToken))!;
            var token = json["id_token"].GetString()!;
            var tampered = token[..^5] + (token[^5] == 'A' ? 'B' : 'A') + token[^4..];
            json["id_token"] = JsonSerializer.SerializeToElement(tampered);
            response.Content = JsonContent.Create(json);
            return response;
        }
    }
}

/// <summary>FranceConnect end to end over HTTP against the OpenIddict stand-in (ADR 0070).</summary>
public sealed class FranceConnectTests(FranceConnectApp app) : IClassFixture<FranceConnectApp>
{
    private static async Task<string> StartAsync(HttpClient browser, string redirectUri = FranceConnectApp.ClientPage)
    {
        var start = await browser.GetAsync("/api/v1/identity/franceconnect/authorize?redirectUri=" + Uri.EscapeDataString(redirectUri));
        Assert.True(start.StatusCode == HttpStatusCode.Redirect, await start.Content.ReadAsStringAsync());
        return start.Headers.Location!.ToString();
    }

    /// <summary>Follows the provider's authorize (as the person choosing a demo identity) and returns the callback address.</summary>
    private static async Task<string> AtProviderAsync(HttpClient browser, string authorizeUrl, string identity)
    {
        var chosen = await browser.GetAsync(authorizeUrl + "&login_hint=" + Uri.EscapeDataString(identity));
        Assert.Equal(HttpStatusCode.Redirect, chosen.StatusCode);
        var callback = chosen.Headers.Location!.ToString();
        Assert.StartsWith("http://localhost/api/v1/identity/franceconnect/callback?", callback);
        return callback;
    }

    private static async Task<Dictionary<string, string>> CallbackAsync(HttpClient browser, string callback)
    {
        var back = await browser.GetAsync(callback);
        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        var location = back.Headers.Location!.ToString();
        Assert.StartsWith(FranceConnectApp.ClientPage + "?", location);
        return QueryHelpers.ParseQuery(new Uri(location).Query).ToDictionary(p => p.Key, p => p.Value.ToString());
    }

    /// <summary>The callback's error, with the relying party's recent FranceConnect log lines when it is not the one expected.</summary>
    private void AssertError(string expected, Dictionary<string, string> back) =>
        Assert.True(back.GetValueOrDefault("error") == expected, $"{back.GetValueOrDefault("error")}\n"
            + string.Join("\n", app.Logs.Lines.Where(l => l.Contains("FranceConnect", StringComparison.Ordinal)).TakeLast(5)));

    private static string Replace(string url, string name, string value)
    {
        var uri = new Uri(url);
        var query = QueryHelpers.ParseQuery(uri.Query).ToDictionary(p => p.Key, p => (string?)p.Value.ToString());
        query[name] = value;
        return QueryHelpers.AddQueryString(uri.GetLeftPart(UriPartial.Path), query);
    }

    [Fact]
    public async Task A_single_exact_match_logs_in_once_and_is_journaled_and_the_logout_goes_through_the_provider()
    {
        var accountId = await AccountJourneyTests.RegisterAndActivateAsync(app, "73111021900011", "184057512300192", "fc-match@example.test", "06 41 00 00 01");
        var browser = app.Browser();
        var authorize = await StartAsync(browser);
        Assert.StartsWith(FranceConnectApp.Authority + "authorize?", authorize);
        var query = QueryHelpers.ParseQuery(new Uri(authorize).Query);
        Assert.Equal("eidas1", query["acr_values"]);
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.True(query["nonce"].ToString().Length >= 22);
        Assert.Contains("birthcountry", query["scope"].ToString());

        var callback = await AtProviderAsync(browser, authorize, "73111021900011");
        var back = await CallbackAsync(browser, callback);
        Assert.False(back.ContainsKey("error"));
        var session = await browser.PostAsJsonAsync("/api/v1/identity/franceconnect/sessions", new { loginCode = back["loginCode"] });
        Assert.Equal(HttpStatusCode.OK, session.StatusCode);
        var tokens = await session.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(string.IsNullOrEmpty(tokens.GetProperty("refreshToken").GetString()));

        // the code is single use, and so is the state
        var again = await browser.PostAsJsonAsync("/api/v1/identity/franceconnect/sessions", new { loginCode = back["loginCode"] });
        await Problems.AssertAsync(again, HttpStatusCode.Unauthorized, "identity.franceconnect.login_code_invalid");
        await Problems.AssertAsync(await browser.GetAsync(callback), HttpStatusCode.BadRequest, "identity.franceconnect.state_invalid");

        var journal = await app.ScopedAsync(sp => sp.GetRequiredService<IdentityDbContext>().ConnectionJournal.AsNoTracking()
            .Where(e => e.AccountId == new SharedKernel.Identity.AccountId(accountId) && e.Method == "franceconnect").ToListAsync());
        Assert.Equal("success", Assert.Single(journal).Result);

        var user = app.CreateClient();
        user.DefaultRequestHeaders.Authorization = new("Bearer", tokens.GetProperty("accessToken").GetString());
        var logout = await user.PostAsync("/api/v1/identity/franceconnect/logout", null);
        Assert.Equal(HttpStatusCode.OK, logout.StatusCode);
        var endSession = (await logout.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("endSessionUrl").GetString()!;
        Assert.StartsWith(FranceConnectApp.Authority + "session/end?", endSession);
        Assert.Contains("id_token_hint=", endSession);
        var ended = await browser.GetAsync(endSession);
        Assert.Equal(HttpStatusCode.Redirect, ended.StatusCode);
        Assert.StartsWith("http://localhost:5080/deconnexion?", ended.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await user.GetAsync("/api/v1/identity/me")).StatusCode);

        // the ID token kept for this logout goes at the next retention run, its session being over (docs/privacy.md)
        var account = new SharedKernel.Identity.AccountId(accountId);
        Assert.True(await app.ScopedAsync(sp => sp.GetRequiredService<IdentityDbContext>().FranceConnectGrants.AnyAsync(g => g.AccountId == account)));
        await app.RunDailyJobAsync("identity-retention");
        Assert.False(await app.ScopedAsync(sp => sp.GetRequiredService<IdentityDbContext>().FranceConnectGrants.AnyAsync(g => g.AccountId == account)));
    }

    [Fact]
    public async Task A_tampered_ID_token_a_wrong_nonce_and_a_wrong_acr_open_no_session()
    {
        await AccountJourneyTests.RegisterAndActivateAsync(app, "73111022700014", "290016912300239", "fc-bad@example.test", "06 41 00 00 02");
        var browser = app.Browser();

        app.TamperIdToken = true;
        try
        {
            var tampered = await CallbackAsync(browser, await AtProviderAsync(browser, await StartAsync(browser), "73111022700014"));
            AssertError("identity.franceconnect.token_invalid", tampered);
            Assert.False(tampered.ContainsKey("loginCode"));
        }
        finally
        {
            app.TamperIdToken = false;
        }

        var wrongNonce = Replace(await StartAsync(browser), "nonce", "another-nonce-of-more-than-22-characters");
        AssertError("identity.franceconnect.token_invalid", await CallbackAsync(browser, await AtProviderAsync(browser, wrongNonce, "73111022700014")));

        var wrongAcr = Replace(await StartAsync(browser), "acr_values", "eidas0");
        AssertError("identity.franceconnect.acr_insufficient", await CallbackAsync(browser, await AtProviderAsync(browser, wrongAcr, "73111022700014")));

        var sessions = await app.ScopedAsync(sp => sp.GetRequiredService<IdentityDbContext>().Sessions.CountAsync(s => s.Method == "franceconnect"
            && s.AccountId == sp.GetRequiredService<IdentityDbContext>().Accounts.Single(a => a.Email == "fc-bad@example.test").Id));
        Assert.Equal(0, sessions);
        var refusals = await app.ScopedAsync(sp => sp.GetRequiredService<IdentityDbContext>().ConnectionJournal.AsNoTracking()
            .Where(e => e.Method == "franceconnect").Select(e => e.Result).ToListAsync());
        Assert.Contains("token_invalid", refusals);
        Assert.Contains("acr_insufficient", refusals);
    }

    [Fact]
    public async Task An_unknown_identity_opens_nothing_until_a_password_login_confirms_the_link_and_an_unlink_undoes_it()
    {
        await AccountJourneyTests.RegisterAndActivateAsync(app, "73111023500017", "178129912300342", "fc-link@example.test", "06 41 00 00 03");
        var browser = app.Browser();
        var unmatched = await CallbackAsync(browser, await AtProviderAsync(browser, await StartAsync(browser), "demo-dubois"));
        AssertError("identity.franceconnect.unmatched", unmatched);
        Assert.False(unmatched.ContainsKey("loginCode"));
        await Problems.AssertAsync(await browser.PostAsJsonAsync("/api/v1/identity/franceconnect/sessions", new { loginCode = unmatched["linkCode"] }),
            HttpStatusCode.Unauthorized, "identity.franceconnect.login_code_invalid");

        var login = await app.CreateClient().PostAsJsonAsync("/api/v1/identity/sessions", new { login = "fc-link@example.test", password = AccountJourneyTests.Password });
        var user = app.CreateClient();
        user.DefaultRequestHeaders.Authorization = new("Bearer", (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString());
        Assert.Equal(HttpStatusCode.OK, (await user.PutAsJsonAsync("/api/v1/identity/me/franceconnect", new { linkCode = unmatched["linkCode"] })).StatusCode);
        await Problems.AssertAsync(await user.PutAsJsonAsync("/api/v1/identity/me/franceconnect", new { linkCode = unmatched["linkCode"] }),
            HttpStatusCode.UnprocessableEntity, "identity.franceconnect.link_code_invalid");

        var linked = await CallbackAsync(browser, await AtProviderAsync(browser, await StartAsync(browser), "demo-dubois"));
        Assert.Equal(HttpStatusCode.OK, (await browser.PostAsJsonAsync("/api/v1/identity/franceconnect/sessions", new { loginCode = linked["loginCode"] })).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await user.DeleteAsync("/api/v1/identity/me/franceconnect")).StatusCode);
        AssertError("identity.franceconnect.unmatched", await CallbackAsync(browser, await AtProviderAsync(browser, await StartAsync(browser), "demo-dubois")));
    }

    [Fact]
    public async Task A_redirect_outside_the_allow_list_and_a_callback_from_another_browser_are_refused()
    {
        await Problems.AssertAsync(await app.Browser().GetAsync("/api/v1/identity/franceconnect/authorize?redirectUri=" + Uri.EscapeDataString("https://evil.example/steal")),
            HttpStatusCode.BadRequest, "identity.franceconnect.redirect_uri_not_allowed");

        var browser = app.Browser();
        var callback = await AtProviderAsync(browser, await StartAsync(browser), "demo-dubois");
        await Problems.AssertAsync(await app.Browser().GetAsync(callback), HttpStatusCode.BadRequest, "identity.franceconnect.state_invalid");
        await Problems.AssertAsync(await app.Browser().GetAsync("/api/v1/identity/franceconnect/callback?code=x&state=never-issued"),
            HttpStatusCode.BadRequest, "identity.franceconnect.state_invalid");
    }

    [Fact]
    public async Task The_stand_in_publishes_FranceConnect_shaped_metadata_and_lists_the_feed_s_entrepreneurs()
    {
        await app.OperatorClient().PostAsJsonAsync("/api/v1/operator/formalities", RecordFormalityTests.Formality("73111024300011", nir: "285031305500483"));
        var browser = app.Browser();
        var metadata = await browser.GetFromJsonAsync<JsonElement>(FranceConnectApp.Authority + ".well-known/openid-configuration");
        Assert.Equal(FranceConnectApp.Authority, metadata.GetProperty("issuer").GetString());
        Assert.Equal(["ES256"], metadata.GetProperty("id_token_signing_alg_values_supported").EnumerateArray().Select(e => e.GetString()));
        Assert.EndsWith("/session/end", metadata.GetProperty("end_session_endpoint").GetString());
        var page = await browser.GetStringAsync("/franceconnect-standin/api/v2/identities");
        Assert.Contains("73111024300011", page);
        Assert.Contains("DUBOIS", page);
    }
}

internal static class Problems
{
    public static async Task AssertAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{response.StatusCode}: {body}");
        Assert.Equal(code, JsonSerializer.Deserialize<JsonElement>(body).GetProperty("code").GetString());
    }
}
