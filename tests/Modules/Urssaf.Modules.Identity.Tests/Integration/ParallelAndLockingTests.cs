using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Urssaf.Modules.Identity.Domain;
using Urssaf.Modules.Identity.Persistence;
using Urssaf.TestKit;

namespace Urssaf.Modules.Identity.Tests.Integration;

/// <summary>A host whose requests may name their client address (as a trusted proxy would).</summary>
public sealed class NetworkedApp : UrssafApp
{
    public NetworkedApp() => ClientAddressHeader = true;
}

/// <summary>Attempt counters under parallel requests, and the per-network lock of the password path (ADR 0022).</summary>
public sealed partial class ParallelAndLockingTests(NetworkedApp app) : IClassFixture<NetworkedApp>
{
    private const string Password = AccountJourneyTests.Password;

    private HttpClient From(string address)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Test-Client-Address", address);
        return client;
    }

    private Task<HttpResponseMessage> LogIn(HttpClient client, string login, string password) =>
        client.PostAsJsonAsync("/api/v1/identity/sessions", new { login, password });

    private Task<List<LoginThrottle>> ThrottlesOf(Guid account) => app.ScopedAsync(sp =>
        sp.GetRequiredService<IdentityDbContext>().LoginThrottles.AsNoTracking().Where(t => t.SubjectKey.StartsWith($"account:{account}")).ToListAsync());

    [Fact]
    public async Task Fifty_parallel_wrong_SMS_codes_use_the_five_tries_and_each_is_counted()
    {
        const string siret = "53413173576225";
        await app.OperatorClient().PostAsJsonAsync("/api/v1/operator/formalities", RecordFormalityTests.Formality(siret, nir: "295109912611193"));
        var registered = await app.CreateClient().PostAsJsonAsync("/api/v1/identity/registrations",
            AccountJourneyTests.Registration(siret, "295109912611193", "parallel-sms@example.test", "06 31 31 31 31"));
        var registrationId = (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("registrationId").GetGuid();
        await app.DrainAsync();
        var code = Delivered.SixDigitCode(app.SmsTo("+33631313131").Single().Text);
        var wrong = code == "000000" ? "111111" : "000000";

        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ =>
            app.CreateClient().PostAsJsonAsync("/api/v1/identity/activations/sms", new { registrationId, code = wrong })));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.UnprocessableEntity, a.StatusCode));
        var tries = await app.ScopedAsync(sp => sp.GetRequiredService<IdentityDbContext>().ActivationChallenges
            .Where(c => c.AccountId == new SharedKernel.Identity.AccountId(registrationId) && c.Channel == ActivationChannel.Sms).Select(c => c.FailedAttempts).SingleAsync());
        Assert.Equal(ActivationChallenge.MaxSmsAttempts, tries);
        // the right code no longer opens it: the five tries were spent
        Assert.Equal(HttpStatusCode.UnprocessableEntity,
            (await app.CreateClient().PostAsJsonAsync("/api/v1/identity/activations/sms", new { registrationId, code })).StatusCode);
    }

    [Fact]
    public async Task Fifty_parallel_wrong_passwords_each_count()
    {
        var account = await AccountJourneyTests.RegisterAndActivateAsync(app, "42452758872793", "185057512345673", "parallel-pw@example.test", "06 32 32 32 32");
        // fifty networks at once, then fifty guesses at once from each of two: every guess is counted or refused, none lost
        var spread = await Task.WhenAll(Enumerable.Range(1, 50).Select(n => LogIn(From($"203.0.113.{n}"), "parallel-pw@example.test", "Wrong-password-1")));
        Assert.All(spread, a => Assert.Equal(HttpStatusCode.Unauthorized, a.StatusCode));
        Assert.Equal(50, (await ThrottlesOf(account)).Single(t => t.SubjectKey.EndsWith("|*")).ConsecutiveFailures);

        var burst = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => LogIn(From("198.51.100.50"), "parallel-pw@example.test", "Wrong-password-1")));
        Assert.Equal(50, burst.Count(a => a.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.TooManyRequests));
        var tried = burst.Count(a => a.StatusCode == HttpStatusCode.Unauthorized);
        var throttles = await ThrottlesOf(account);
        Assert.Equal(tried, throttles.Single(t => t.SubjectKey.EndsWith("|198.51.100.50")).ConsecutiveFailures);
        Assert.InRange(tried, 1, 2);                                     // the 3rd waits for the progressive delay
        Assert.Equal(50 + tried, throttles.Single(t => t.SubjectKey.EndsWith("|*")).ConsecutiveFailures);
    }

    [Fact]
    public async Task Fifty_parallel_recovery_codes_and_answers_each_count()
    {
        await AccountJourneyTests.RegisterAndActivateAsync(app, "25797709075826", "253072A07300443", "parallel-rec@example.test", "06 33 33 33 33");
        var (id, token, code) = await RecoveryAsync("parallel-rec@example.test", "+33633333333");
        Assert.Equal(HttpStatusCode.OK, (await Step(id, "email", token)).StatusCode);
        var wrong = code == "000000" ? "111111" : "000000";
        var codes = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Step(id, "sms", wrong)));
        Assert.All(codes, a => Assert.Equal(HttpStatusCode.UnprocessableEntity, a.StatusCode));
        Assert.Equal(Recovery.MaxCodeFailures, (await RecoveryRow(id)).CodeFailures);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await Step(id, "sms", code)).StatusCode);

        var (second, token2, code2) = await RecoveryAsync("parallel-rec@example.test", "+33633333333");
        await Step(second, "email", token2);
        Assert.Equal(HttpStatusCode.OK, (await Step(second, "sms", code2)).StatusCode);
        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Step(second, "answer", "Tom")));
        Assert.Equal(3, answers.Count(a => a.StatusCode == HttpStatusCode.UnprocessableEntity));
        Assert.Equal(47, answers.Count(a => a.StatusCode == HttpStatusCode.TooManyRequests));
        Assert.Equal(3, (await RecoveryRow(second)).AnswerFailures);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await Step(second, "answer", "Félix")).StatusCode);
    }

    [Fact]
    public async Task A_stranger_locks_the_password_path_only_for_their_own_network_and_recovery_still_works()
    {
        await AccountJourneyTests.RegisterAndActivateAsync(app, "49469381552199", "287031305501274", "netlock@example.test", "06 34 34 34 34");
        var attacker = From("198.51.100.7");
        for (var attempt = 1; attempt <= 10; attempt++)
        {
            if (attempt > 1) app.Clock.Advance(TimeSpan.FromSeconds(61));
            Assert.Equal(HttpStatusCode.Unauthorized, (await LogIn(attacker, "netlock@example.test", "Wrong-password-1")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await LogIn(attacker, "netlock@example.test", Password)).StatusCode);
        // the owner, at home
        Assert.Equal(HttpStatusCode.OK, (await LogIn(From("192.0.2.10"), "netlock@example.test", Password)).StatusCode);

        // on the locked network, a recovery's temporary password still opens the account
        var (id, token, code) = await RecoveryAsync("netlock@example.test", "+33634343434");
        await Step(id, "email", token);
        await Step(id, "sms", code);
        Assert.Equal(HttpStatusCode.OK, (await Step(id, "answer", "Félix")).StatusCode);
        await app.DrainAsync();
        var temporary = RecoveryTests.TemporaryPasswordOf(app, "netlock@example.test", "+33634343434");
        var login = await LogIn(attacker, "netlock@example.test", temporary);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.True((await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("mustChangePassword").GetBoolean());
    }

    [Fact]
    public async Task IPv6_clients_of_one_64_share_a_count_and_the_account_wide_ceiling_stops_a_spread_attack()
    {
        var account = await AccountJourneyTests.RegisterAndActivateAsync(app, "57511119014056", "192076912378976", "ceiling@example.test", "06 35 35 35 35");
        // one /64, many addresses: one count
        for (var i = 1; i <= 3; i++)
        {
            app.Clock.Advance(TimeSpan.FromSeconds(61));
            Assert.Equal(HttpStatusCode.Unauthorized, (await LogIn(From($"2001:db8:1:2::{i:x}"), "ceiling@example.test", "Wrong-password-1")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await LogIn(From("2001:db8:1:2::ffff"), "ceiling@example.test", Password)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await LogIn(From("2001:db8:1:3::1"), "ceiling@example.test", Password)).StatusCode); // another /64
        for (var i = 1; i <= 3; i++)
        {
            app.Clock.Advance(TimeSpan.FromSeconds(61));
            await LogIn(From($"2001:db8:1:2::{i:x}"), "ceiling@example.test", "Wrong-password-1");
        }
        Assert.Equal(6, (await ThrottlesOf(account)).Single(t => t.SubjectKey.EndsWith("|2001:db8:1:2::/64")).ConsecutiveFailures); // one count for the /64

        // spread over twenty networks, nine each: no network locks, the ceiling does
        var spread = Enumerable.Range(1, LoginThrottle.CeilingFailures - 3).Select(n => $"203.0.{n / 200}.{n % 200 + 1}");
        var answers = await Task.WhenAll(spread.Select(address => LogIn(From(address), "ceiling@example.test", "Wrong-password-1")));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Unauthorized, a.StatusCode));
        var refused = await LogIn(From("192.0.2.99"), "ceiling@example.test", Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        app.Clock.Advance(LoginThrottle.LockDuration + TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await LogIn(From("192.0.2.99"), "ceiling@example.test", Password)).StatusCode);
    }

    [Fact]
    public async Task A_wrong_current_password_on_password_change_counts_as_a_failed_login()
    {
        var account = await AccountJourneyTests.RegisterAndActivateAsync(app, "90104300074219", "299047500011158", "change-count@example.test", "06 36 36 36 36");
        var tokens = await (await LogIn(From("192.0.2.20"), "change-count@example.test", Password)).Content.ReadFromJsonAsync<JsonElement>();
        var client = From("192.0.2.20");
        client.DefaultRequestHeaders.Authorization = new("Bearer", tokens.GetProperty("accessToken").GetString());
        var change = await client.PostAsJsonAsync("/api/v1/identity/me/password", new { currentPassword = "Wrong-password-1", newPassword = "Un-Autre-Secret#2027" });
        Assert.Equal(HttpStatusCode.Forbidden, change.StatusCode);
        Assert.Equal(1, (await ThrottlesOf(account)).Single(t => t.SubjectKey.EndsWith("|192.0.2.20")).ConsecutiveFailures);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await client.PostAsJsonAsync("/api/v1/identity/me/password", new { currentPassword = "Wrong-password-2", newPassword = "Un-Autre-Secret#2027" })).StatusCode);
        // the delay applies to both paths now, and says how long
        Assert.Equal(HttpStatusCode.TooManyRequests, (await LogIn(From("192.0.2.20"), "change-count@example.test", Password)).StatusCode);
        var waiting = await client.PostAsJsonAsync("/api/v1/identity/me/password", new { currentPassword = Password, newPassword = "Un-Autre-Secret#2027" });
        Assert.Equal(HttpStatusCode.TooManyRequests, waiting.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), waiting.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task Parallel_first_logins_and_parallel_uses_of_one_temporary_password_never_answer_500()
    {
        await AccountJourneyTests.RegisterAndActivateAsync(app, "12291435181293", "178013301234577", "first-login@example.test", "06 37 37 37 37");
        var firsts = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => LogIn(From("192.0.2.30"), "first-login@example.test", Password)));
        Assert.All(firsts, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var unknown = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => LogIn(From("192.0.2.31"), "no-such-person@example.test", Password)));
        Assert.All(unknown, r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));

        var (id, token, code) = await RecoveryAsync("first-login@example.test", "+33637373737");
        await Step(id, "email", token);
        await Step(id, "sms", code);
        await Step(id, "answer", "Félix");
        await app.DrainAsync();
        var temporary = RecoveryTests.TemporaryPasswordOf(app, "first-login@example.test", "+33637373737");
        var uses = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => LogIn(From("192.0.2.32"), "first-login@example.test", temporary)));
        Assert.Single(uses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Single(uses, r => r.StatusCode == HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_temporary_password_halves_travel_in_two_events_each_holding_one_half()
    {
        await AccountJourneyTests.RegisterAndActivateAsync(app, "84352651836821", "195109912611146", "halves@example.test", "06 38 38 38 38");
        var (id, token, code) = await RecoveryAsync("halves@example.test", "+33638383838");
        await Step(id, "email", token);
        await Step(id, "sms", code);
        await Step(id, "answer", "Félix");
        var rows = await app.ScopedAsync(sp => sp.GetRequiredService<IdentityDbContext>().OutboxMessages.AsNoTracking()
            .Where(m => m.Type.Contains("TemporaryPassword")).ToListAsync());
        Assert.Equal(2, rows.Count);
        // sensitive payloads are sealed at rest (ADR 40): open them as the inbox does
        var payloads = app.Services.GetRequiredService<Urssaf.SharedKernel.Infrastructure.Messaging.SensitivePayloadProtector>();
        Assert.All(rows, r => Assert.StartsWith("sealed:v1:", r.Content, StringComparison.Ordinal));
        var smsRow = rows.Single(r => r.Type.Contains("Sms"));
        var emailRow = rows.Single(r => r.Type.Contains("Email"));
        var sms = JsonDocument.Parse(payloads.Open(smsRow.Content, smsRow.Id)).RootElement;
        var email = JsonDocument.Parse(payloads.Open(emailRow.Content, emailRow.Id)).RootElement;
        Assert.False(sms.TryGetProperty("secondHalf", out _));
        Assert.False(email.TryGetProperty("firstHalf", out _));
        await app.DrainAsync();
        var first = Half().Match(app.SmsTo("+33638383838").Last().Text).Groups[1].Value;
        Assert.Equal(sms.GetProperty("firstHalf").GetString(), first);
    }

    [Fact]
    public async Task A_lock_is_written_with_the_attempt_that_reaches_it_so_an_abandoned_check_cannot_leave_it_without_an_end()
    {
        var subjects = Security.PasswordAttempts.Subjects("account:abandoned", "192.0.2.77");
        var now = app.Clock.GetUtcNow().UtcDateTime;
        for (var i = 0; i < LoginThrottle.LockAfterFailures; i++)
        {
            now = now.AddMinutes(2); // past each delay; the request "dies" after reserving, before any check
            Assert.Null(await app.ScopedAsync(sp => sp.GetRequiredService<Security.PasswordAttempts>().ReserveAsync(subjects, now, CancellationToken.None)));
        }

        var row = await app.ScopedAsync(sp => sp.GetRequiredService<IdentityDbContext>().LoginThrottles.AsNoTracking().SingleAsync(t => t.SubjectKey == subjects[0]));
        Assert.Equal(now + LoginThrottle.LockDuration, row.LockedUntilUtc);
        var later = now + LoginThrottle.LockDuration + TimeSpan.FromSeconds(1);
        Assert.Null(await app.ScopedAsync(sp => sp.GetRequiredService<Security.PasswordAttempts>().ReserveAsync(subjects, later, CancellationToken.None)));
    }

    [Fact]
    public async Task A_public_SIRET_cannot_flood_its_owner_with_recovery_messages()
    {
        await AccountJourneyTests.RegisterAndActivateAsync(app, "08344619550803", "189046469754518", "flood@example.test", "06 29 29 29 29");
        for (var i = 0; i < 6; i++)
            Assert.Equal(HttpStatusCode.Accepted, (await app.CreateClient().PostAsJsonAsync("/api/v1/identity/recoveries", new { login = "08344619550803" })).StatusCode);
        await app.DrainAsync();
        Assert.Equal(Recovery.MaxPerHour, app.EmailsTo("flood@example.test").Count(m => (m.Subject ?? "").Contains("Récupération")));
        Assert.Equal(Recovery.MaxPerHour, app.SmsTo("+33629292929").Count(s => s.Text.Contains("récupération")));
    }

    private async Task<(Guid Id, string Token, string Code)> RecoveryAsync(string email, string phone)
    {
        var started = await app.CreateClient().PostAsJsonAsync("/api/v1/identity/recoveries", new { login = email });
        var id = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("recoveryId").GetGuid();
        await app.DrainAsync();
        var mail = app.EmailsTo(email).Last(m => (m.Subject ?? "").Contains("Récupération"));
        var token = Uri.UnescapeDataString(RecoveryToken().Match(mail.TextBody ?? "").Groups[1].Value);
        return (id, token, Delivered.SixDigitCode(app.SmsTo(phone).Last(s => s.Text.Contains("récupération")).Text));
    }

    private Task<HttpResponseMessage> Step(Guid id, string step, string value) =>
        app.CreateClient().PostAsJsonAsync($"/api/v1/identity/recoveries/{id}/{step}", new { value });

    private Task<Recovery> RecoveryRow(Guid id) =>
        app.ScopedAsync(sp => sp.GetRequiredService<IdentityDbContext>().Recoveries.AsNoTracking().SingleAsync(r => r.Id == id));

    [GeneratedRegex(@"[?&]token=([^\s&]+)")]
    private static partial Regex RecoveryToken();

    private static Regex Half() => RecoveryTests.HalfPatternOf();
}
