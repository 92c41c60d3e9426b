using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Urssaf.TestKit;

namespace Urssaf.Modules.Identity.Tests.Integration;

/// <summary>The binding recovery flow, the temporary password and the password change.</summary>
public sealed partial class RecoveryTests(UrssafApp app) : IClassFixture<UrssafApp>
{
    private const string NewPassword = "Nouveau-Départ#2027";

    private async Task<(Guid RecoveryId, string Token, string Code)> StartAsync(string email, string phone)
    {
        var started = await app.CreateClient().PostAsJsonAsync("/api/v1/identity/recoveries", new { login = email });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var id = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("recoveryId").GetGuid();
        await app.DrainAsync();
        var mail = app.EmailsTo(email).Last(m => (m.Subject ?? "").Contains("Récupération"));
        var token = Uri.UnescapeDataString(RecoveryToken().Match(mail.TextBody ?? "").Groups[1].Value);
        var code = Delivered.SixDigitCode(app.SmsTo(phone).Last(s => s.Text.Contains("récupération")).Text);
        return (id, token, code);
    }

    private Task<HttpResponseMessage> Step(Guid id, string step, string value) =>
        app.CreateClient().PostAsJsonAsync($"/api/v1/identity/recoveries/{id}/{step}", new { value });

    [Fact]
    public async Task Link_then_code_then_answer_give_a_split_single_use_temporary_password_that_only_changes_the_password()
    {
        await AccountJourneyTests.RegisterAndActivateAsync(app, "49842288056151", "195109912611146", "recover@example.test", "06 07 07 07 07");
        var normal = await app.CreateClient().PostAsJsonAsync("/api/v1/identity/sessions", new { login = "recover@example.test", password = AccountJourneyTests.Password });
        var oldAccess = (await normal.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        var old = app.CreateClient();
        old.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", oldAccess);
        Assert.Equal(HttpStatusCode.OK, (await old.GetAsync("/api/v1/identity/me")).StatusCode); // the session is now known active
        var (id, token, code) = await StartAsync("recover@example.test", "+33607070707");

        Assert.Equal(HttpStatusCode.Conflict, (await Step(id, "sms", code)).StatusCode);          // out of order
        Assert.Equal(HttpStatusCode.OK, (await Step(id, "email", token)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await Step(id, "answer", "Félix")).StatusCode);    // SMS not done yet
        var sms = await Step(id, "sms", code);
        Assert.Equal("Nom de mon premier chat ?", (await sms.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secretQuestion").GetString());
        Assert.Equal(HttpStatusCode.OK, (await Step(id, "answer", "  FELIX ")).StatusCode);       // normalised: case, accents, spaces
        await app.DrainAsync();

        var firstHalf = HalfPattern().Match(app.SmsTo("+33607070707").Last().Text).Groups[1].Value;
        var secondHalf = HalfPattern().Match(app.EmailsTo("recover@example.test").Last(m => (m.Subject ?? "").Contains("temporaire")).TextBody ?? "").Groups[1].Value;
        Assert.Equal((8, 8), (firstHalf.Length, secondHalf.Length));
        var temporary = firstHalf + secondHalf;

        var client = app.CreateClient();
        var login = await client.PostAsJsonAsync("/api/v1/identity/sessions", new { login = "recover@example.test", password = temporary });
        var tokens = await login.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(tokens.GetProperty("mustChangePassword").GetBoolean());
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await app.CreateClient().PostAsJsonAsync("/api/v1/identity/sessions", new { login = "recover@example.test", password = temporary })).StatusCode); // single use

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.GetProperty("accessToken").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/identity/me")).StatusCode);   // change-only session
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync("/api/v1/identity/me/password", new { newPassword = NewPassword })).StatusCode);

        // every session ended, the owner is told, the new password works
        Assert.Equal(HttpStatusCode.Unauthorized, (await old.GetAsync("/api/v1/identity/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().PostAsJsonAsync("/api/v1/identity/sessions", new { login = "recover@example.test", password = NewPassword })).StatusCode);
        await app.DrainAsync();
        Assert.Contains(app.EmailsTo("recover@example.test"), m => (m.Subject ?? "").Contains("mot de passe a été modifié"));
    }

    [Fact]
    public async Task A_temporary_password_expires_after_15_minutes_and_wrong_answers_block_the_recovery()
    {
        await AccountJourneyTests.RegisterAndActivateAsync(app, "08344619550803", "287031305501274", "expire@example.test", "06 08 08 08 08");
        var (id, token, code) = await StartAsync("expire@example.test", "+33608080808");
        await Step(id, "email", token);
        await Step(id, "sms", code);
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.UnprocessableEntity, (await Step(id, "answer", "Tom")).StatusCode);
        var blocked = await Step(id, "answer", "Félix");
        Assert.Equal(HttpStatusCode.TooManyRequests, blocked.StatusCode);
        Assert.Equal(TimeSpan.FromMinutes(15), blocked.Headers.RetryAfter?.Delta);
        app.Clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await Step(id, "answer", "Félix")).StatusCode);
        await app.DrainAsync();

        var temporary = TemporaryPasswordOf(app, "expire@example.test", "+33608080808");
        app.Clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await app.CreateClient().PostAsJsonAsync("/api/v1/identity/sessions", new { login = "expire@example.test", password = temporary })).StatusCode);
    }

    [Fact]
    public async Task An_unknown_login_starts_a_recovery_that_leads_nowhere()
    {
        var started = await app.CreateClient().PostAsJsonAsync("/api/v1/identity/recoveries", new { login = "ghost@example.test" });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var id = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("recoveryId").GetGuid();
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await Step(id, "email", "anything")).StatusCode);
    }

    [Fact]
    public async Task Changing_the_password_needs_the_current_one()
    {
        await AccountJourneyTests.RegisterAndActivateAsync(app, "84352651836821", "178013301234577", "change@example.test", "06 09 09 09 09");
        var client = app.CreateClient();
        var tokens = await (await client.PostAsJsonAsync("/api/v1/identity/sessions", new { login = "change@example.test", password = AccountJourneyTests.Password }))
            .Content.ReadFromJsonAsync<JsonElement>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.GetProperty("accessToken").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync("/api/v1/identity/me/password", new { newPassword = NewPassword })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync("/api/v1/identity/me/password", new { currentPassword = "Wrong-password-1", newPassword = NewPassword })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync("/api/v1/identity/me/password", new { currentPassword = AccountJourneyTests.Password, newPassword = "short" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync("/api/v1/identity/me/password", new { currentPassword = AccountJourneyTests.Password, newPassword = NewPassword })).StatusCode);
    }

    [Fact]
    public async Task A_login_from_a_new_device_after_failures_alerts_the_owner()
    {
        await AccountJourneyTests.RegisterAndActivateAsync(app, "25797709075826", "185057512345673", "alert@example.test", "06 10 10 10 10");
        var attacker = app.CreateClient();
        attacker.DefaultRequestHeaders.UserAgent.ParseAdd("UnknownDevice/1.0");
        await attacker.PostAsJsonAsync("/api/v1/identity/sessions", new { login = "alert@example.test", password = "Wrong-password-1" });
        Assert.Equal(HttpStatusCode.OK, (await attacker.PostAsJsonAsync("/api/v1/identity/sessions", new { login = "alert@example.test", password = AccountJourneyTests.Password })).StatusCode);
        await app.DrainAsync();
        var alert = Assert.Single(app.EmailsTo("alert@example.test"), m => (m.Subject ?? "").Contains("Nouvelle connexion"));
        Assert.Contains("UnknownDevice/1.0", alert.TextBody);
    }

    [GeneratedRegex(@"[?&]token=([^\s&]+)")]
    private static partial Regex RecoveryToken();

    [GeneratedRegex(@"temporaire : (\S{8})")]
    private static partial Regex HalfPattern();

    internal static Regex HalfPatternOf() => HalfPattern();

    /// <summary>The temporary password as its owner reads it: the first half from the last SMS, the second from the last e-mail.</summary>
    internal static string TemporaryPasswordOf(UrssafApp app, string email, string phone) =>
        HalfPattern().Match(app.SmsTo(phone).Last().Text).Groups[1].Value
        + HalfPattern().Match(app.EmailsTo(email).Last(m => (m.Subject ?? "").Contains("temporaire")).TextBody ?? "").Groups[1].Value;
}
