using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Urssaf.Modules.Identity.Persistence;
using Urssaf.TestKit;

namespace Urssaf.Modules.Identity.Tests.Integration;

/// <summary>Brute force, enumeration, one-time secrets, and what never reaches the logs.</summary>
public sealed partial class CredentialDefenceTests(UrssafApp app) : IClassFixture<UrssafApp>
{
    private const string Password = AccountJourneyTests.Password;

    [Fact]
    public async Task The_10th_consecutive_failure_locks_for_30_minutes_and_the_owner_is_told()
    {
        await AccountJourneyTests.RegisterAndActivateAsync(app, "57511119014056", "192076912378976", "lock@example.test", "06 01 01 01 01");
        var client = app.CreateClient();
        for (var attempt = 1; attempt <= 10; attempt++)
        {
            if (attempt > 1) app.Clock.Advance(TimeSpan.FromSeconds(61)); // wait out the progressive delay
            var failed = await client.PostAsJsonAsync("/api/v1/identity/sessions", new { login = "lock@example.test", password = "Wrong-password-1" });
            Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
        }

        var eleventh = await client.PostAsJsonAsync("/api/v1/identity/sessions", new { login = "lock@example.test", password = Password });
        Assert.Equal(HttpStatusCode.TooManyRequests, eleventh.StatusCode);
        Assert.True(eleventh.Headers.Contains("Retry-After"));
        await app.DrainAsync();
        Assert.Contains(app.EmailsTo("lock@example.test"), m => (m.Subject ?? "").Contains("bloqué"));

        app.Clock.Advance(TimeSpan.FromMinutes(31));
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/v1/identity/sessions", new { login = "lock@example.test", password = Password })).StatusCode);
    }

    [Fact]
    public async Task From_the_third_attempt_a_delay_applies_to_known_and_unknown_logins_alike()
    {
        await AccountJourneyTests.RegisterAndActivateAsync(app, "90104300074219", "299047500011158", "delay@example.test", "06 02 02 02 02");
        foreach (var login in new[] { "delay@example.test", "nobody-at-all@example.test" })
        {
            var client = app.CreateClient();
            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i < 3; i++)
                statuses.Add((await client.PostAsJsonAsync("/api/v1/identity/sessions", new { login, password = "Wrong-password-1" })).StatusCode);
            Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], statuses);
        }
    }

    [Fact]
    public async Task An_unknown_login_and_a_wrong_password_get_the_same_answer()
    {
        await AccountJourneyTests.RegisterAndActivateAsync(app, "12291435181293", "178013301234577", "same@example.test", "06 03 03 03 03");
        var client = app.CreateClient();
        var wrong = await client.PostAsJsonAsync("/api/v1/identity/sessions", new { login = "same@example.test", password = "Wrong-password-1" });
        var unknown = await client.PostAsJsonAsync("/api/v1/identity/sessions", new { login = "nobody@example.test", password = "Wrong-password-1" });
        Assert.Equal(wrong.StatusCode, unknown.StatusCode);
        Assert.Equal(WithoutTraceId(await wrong.Content.ReadAsStringAsync()), WithoutTraceId(await unknown.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Activation_secrets_are_single_use_limited_in_tries_and_time()
    {
        const string siret = "49842288056151", email = "secrets@example.test";
        await app.OperatorClient().PostAsJsonAsync("/api/v1/operator/formalities", RecordFormalityTests.Formality(siret));
        var client = app.CreateClient();
        var registered = await client.PostAsJsonAsync("/api/v1/identity/registrations",
            AccountJourneyTests.Registration(siret, "295109912611193", email, "06 04 04 04 04"));
        var registrationId = (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("registrationId").GetGuid();
        await app.DrainAsync();
        var code = Delivered.SixDigitCode(app.SmsTo("+33604040404").Single().Text);
        var wrongCode = code == "000000" ? "111111" : "000000";

        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.UnprocessableEntity, (await client.PostAsJsonAsync("/api/v1/identity/activations/sms", new { registrationId, code = wrongCode })).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await client.PostAsJsonAsync("/api/v1/identity/activations/sms", new { registrationId, code })).StatusCode);

        // a new code, which expires after 10 minutes
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsJsonAsync("/api/v1/identity/activations/resend", new { registrationId, channel = "sms" })).StatusCode);
        await app.DrainAsync();
        var second = Delivered.SixDigitCode(app.SmsTo("+33604040404").Last().Text);
        app.Clock.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await client.PostAsJsonAsync("/api/v1/identity/activations/sms", new { registrationId, code = second })).StatusCode);

        // the e-mail link works once
        var token = Delivered.ActivationToken(app.EmailsTo(email).Single());
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/v1/identity/activations/email", new { token })).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await client.PostAsJsonAsync("/api/v1/identity/activations/email", new { token })).StatusCode);

        // only hashes are stored
        var stored = await app.ScopedAsync(sp => sp.GetRequiredService<IdentityDbContext>().ActivationChallenges.Select(c => c.SecretHash).ToListAsync());
        Assert.DoesNotContain(stored, h => h.Contains(code) || h.Contains(token));
        // a not-yet-active account cannot log in, even with the right password
        var login = await client.PostAsJsonAsync("/api/v1/identity/sessions", new { login = email, password = Password });
        Assert.Equal("identity.account.not_activated", (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Fifty_concurrent_uses_of_one_SMS_code_activate_once()
    {
        const string siret = "08344619550803";
        await app.OperatorClient().PostAsJsonAsync("/api/v1/operator/formalities", RecordFormalityTests.Formality(siret, nir: "253072A07300443"));
        var client = app.CreateClient();
        var registered = await client.PostAsJsonAsync("/api/v1/identity/registrations",
            AccountJourneyTests.Registration(siret, "253072A07300443", "race@example.test", "06 05 05 05 05"));
        var registrationId = (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("registrationId").GetGuid();
        await app.DrainAsync();
        var code = Delivered.SixDigitCode(app.SmsTo("+33605050505").Single().Text);

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ =>
            client.PostAsJsonAsync("/api/v1/identity/activations/sms", new { registrationId, code })));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
    }

    [Fact]
    public async Task No_password_code_token_or_NIR_reaches_the_logs()
    {
        await AccountJourneyTests.RegisterAndActivateAsync(app, "84352651836821", "185057512345673", "logs@example.test", "06 06 06 06 06");
        var client = app.CreateClient();
        var tokens = await (await client.PostAsJsonAsync("/api/v1/identity/sessions", new { login = "185057512345673", password = Password }))
            .Content.ReadFromJsonAsync<JsonElement>();
        await client.PostAsJsonAsync("/api/v1/identity/sessions", new { login = "logs@example.test", password = "Wrong-password-1" });

        var secrets = new[] { Password, "Wrong-password-1", "185057512345673", tokens.GetProperty("accessToken").GetString()!,
            tokens.GetProperty("refreshToken").GetString()!, Delivered.SixDigitCode(app.SmsTo("+33606060606").Single().Text),
            Delivered.ActivationToken(app.EmailsTo("logs@example.test").First()), "Félix" };
        var logs = string.Join('\n', app.Logs.Lines);
        Assert.NotEmpty(app.Logs.Lines);
        Assert.All(secrets, secret => Assert.DoesNotContain(secret, logs));
    }

    private static string WithoutTraceId(string json) => TraceId().Replace(json, "");

    [GeneratedRegex("\"traceId\":\"[^\"]*\"")]
    private static partial Regex TraceId();
}
