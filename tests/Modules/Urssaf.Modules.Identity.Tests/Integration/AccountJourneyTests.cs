using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Urssaf.Modules.Identity.Persistence;
using Urssaf.TestKit;

namespace Urssaf.Modules.Identity.Tests.Integration;

/// <summary>Registration, activation by the delivered e-mail and SMS, login, sessions, as a new user goes through them.</summary>
public sealed class AccountJourneyTests(UrssafApp app) : IClassFixture<UrssafApp>
{
    public const string Password = "Vélo-Cargo#2026";

    private static readonly string[] Sirets = ["49842288056151", "08344619550803", "84352651836821", "25797709075826", "49469381552199", "53413173576225", "42452758872793"];

    internal static object Registration(string siret, string nir, string email, string phone = "06 12 34 56 78", string password = Password) => new
    {
        siret, nir, firstName = "Claire", lastName = "Martin", email, phone, password,
        secretQuestion = "Nom de mon premier chat ?", secretAnswer = "Félix",
    };

    /// <summary>Formality, registration, both activation steps from the delivered messages; returns the account id.</summary>
    internal static async Task<Guid> RegisterAndActivateAsync(UrssafApp app, string siret, string nir, string email, string phone = "06 12 34 56 78")
    {
        var formality = await app.OperatorClient().PostAsJsonAsync("/api/v1/operator/formalities", RecordFormalityTests.Formality(siret, nir: nir));
        Assert.True(formality.IsSuccessStatusCode);
        var client = app.CreateClient();
        var registered = await client.PostAsJsonAsync("/api/v1/identity/registrations", Registration(siret, nir, email, phone));
        Assert.Equal(HttpStatusCode.Accepted, registered.StatusCode);
        var registrationId = (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("registrationId").GetGuid();
        await app.DrainAsync();

        var token = Delivered.ActivationToken(app.EmailsTo(email).Last());
        var byEmail = await client.PostAsJsonAsync("/api/v1/identity/activations/email", new { token });
        Assert.Equal("pending_sms", (await byEmail.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        var code = Delivered.SixDigitCode(app.SmsTo("+33" + phone.Replace(" ", "")[1..]).Last().Text);
        var bySms = await client.PostAsJsonAsync("/api/v1/identity/activations/sms", new { registrationId, code });
        var activated = await bySms.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("active", activated.GetProperty("status").GetString());
        await app.DrainAsync();
        return activated.GetProperty("accountId").GetGuid();
    }

    [Fact]
    public async Task Register_activate_by_email_and_SMS_then_log_in_by_email_or_NIR()
    {
        var account = await RegisterAndActivateAsync(app, Sirets[0], "295109912611193", "claire@example.test");
        var client = app.CreateClient();

        var byEmail = await client.PostAsJsonAsync("/api/v1/identity/sessions", new { login = "Claire@Example.test", password = Password, rememberMe = false });
        Assert.Equal(HttpStatusCode.OK, byEmail.StatusCode);
        var tokens = await byEmail.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(600, tokens.GetProperty("expiresIn").GetInt32());
        Assert.False(tokens.GetProperty("mustChangePassword").GetBoolean());
        var byNir = await client.PostAsJsonAsync("/api/v1/identity/sessions", new { login = "295109912611193", password = Password });
        Assert.Equal(HttpStatusCode.OK, byNir.StatusCode);
        var bySiret = await client.PostAsJsonAsync("/api/v1/identity/sessions", new { login = "498 422 880 56151", password = Password });
        Assert.Equal(HttpStatusCode.OK, bySiret.StatusCode);
        var siretDevice = app.CreateClient();
        siretDevice.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            (await bySiret.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await siretDevice.DeleteAsync("/api/v1/identity/sessions/current")).StatusCode);

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.GetProperty("accessToken").GetString());
        var me = await client.GetFromJsonAsync<JsonElement>("/api/v1/identity/me");
        Assert.Equal(account, me.GetProperty("accountId").GetGuid());
        Assert.Equal("2 95 •• •• ••• ••• ••", me.GetProperty("nir").GetString());
        Assert.DoesNotContain("295109912611193", me.ToString());
        Assert.Equal("+33 6 •• •• •• 78", me.GetProperty("mobilePhone").GetString());
        Assert.Equal("liberal_bnc", me.GetProperty("enterprise").GetProperty("primaryCategory").GetString());

        var journal = await client.GetFromJsonAsync<JsonElement>("/api/v1/identity/me/connections");
        Assert.Equal(3, journal.EnumerateArray().Count(e => e.GetProperty("result").GetString() == "success"));
        var sessions = await client.GetFromJsonAsync<JsonElement>("/api/v1/identity/me/sessions");
        Assert.Equal(2, sessions.GetArrayLength());

        // ending the other device's session locks that device out at once (even though it was just seen active)
        var otherDevice = app.CreateClient();
        otherDevice.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            (await byNir.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString());
        Assert.Equal(HttpStatusCode.OK, (await otherDevice.GetAsync("/api/v1/identity/me")).StatusCode);
        var other = sessions.EnumerateArray().Single(s => !s.GetProperty("current").GetBoolean()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/identity/me/sessions/{other}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await otherDevice.GetAsync("/api/v1/identity/me")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"/api/v1/identity/me/sessions/{other}")).StatusCode);

        // Declarations received the profile and the activation: the account has a calendar.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/declarations/periods")).StatusCode);
    }

    [Fact]
    public async Task Refresh_tokens_rotate_and_a_replayed_one_ends_the_session()
    {
        await RegisterAndActivateAsync(app, Sirets[1], "253072B07300470", "rotate@example.test", "07 11 22 33 44");
        var client = app.CreateClient();
        var first = await (await client.PostAsJsonAsync("/api/v1/identity/sessions", new { login = "rotate@example.test", password = Password }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var refresh1 = first.GetProperty("refreshToken").GetString();

        var second = await client.PostAsJsonAsync("/api/v1/identity/sessions/refresh", new { refreshToken = refresh1 });
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var pair = await second.Content.ReadFromJsonAsync<JsonElement>();
        Assert.NotEqual(refresh1, pair.GetProperty("refreshToken").GetString());
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", pair.GetProperty("accessToken").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/identity/me")).StatusCode); // known active from now on

        var replay = await client.PostAsJsonAsync("/api/v1/identity/sessions/refresh", new { refreshToken = refresh1 });
        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
        // the whole session is revoked: the newest refresh token and access token die with it
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await client.PostAsJsonAsync("/api/v1/identity/sessions/refresh", new { refreshToken = pair.GetProperty("refreshToken").GetString() })).StatusCode);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", pair.GetProperty("accessToken").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/identity/me")).StatusCode);
    }

    [Fact]
    public async Task Logout_ends_the_session_at_once()
    {
        await RegisterAndActivateAsync(app, Sirets[2], "253072A07300443", "logout@example.test", "06 98 76 54 32");
        var client = app.CreateClient();
        var tokens = await (await client.PostAsJsonAsync("/api/v1/identity/sessions", new { login = "logout@example.test", password = Password }))
            .Content.ReadFromJsonAsync<JsonElement>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.GetProperty("accessToken").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync("/api/v1/identity/sessions/current")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/identity/me")).StatusCode);
    }

    [Fact]
    public async Task An_unknown_SIRET_is_422_with_the_four_weeks_explanation()
    {
        var response = await app.CreateClient().PostAsJsonAsync("/api/v1/identity/registrations", Registration("90133913527693", "295109912611193", "x@example.test"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("identity.siret.unknown", problem.GetProperty("code").GetString());
        Assert.Contains("four weeks", problem.GetProperty("title").GetString());
    }

    [Theory]
    [InlineData("siret", "73282932000079", "identity.siret.invalid")]
    [InlineData("nir", "295109912611194", "identity.nir.invalid")]
    [InlineData("nir", "295139912611193", "identity.nir.invalid")]
    [InlineData("phone", "01 23 45 67 89", "identity.phone.invalid")]
    [InlineData("email", "not-an-email", "identity.email.invalid")]
    [InlineData("password", "Short1!", "identity.password.too_weak")]
    [InlineData("password", "alllowercaseletters1", "identity.password.blocklisted")]
    [InlineData("password", "Password2024!", "identity.password.blocklisted")]
    [InlineData("password", "Claire-Martin-2026!", "identity.password.blocklisted")]
    public async Task Invalid_registration_fields_are_400_with_their_code(string field, string value, string code)
    {
        var body = JsonSerializer.SerializeToNode(Registration(Sirets[3], "295109912611193", "fields@example.test"))!.AsObject();
        body[field] = value;
        if (code == "identity.password.blocklisted" && value == "alllowercaseletters1") body[field] = "motdepassemotdepasse";
        var response = await app.CreateClient().PostAsJsonAsync("/api/v1/identity/registrations", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(code, problem.GetProperty("errorCodes").GetProperty(field)[0].GetString());
    }

    [Fact]
    public async Task A_long_unicode_passphrase_is_accepted_exactly_as_typed()
    {
        const string passphrase = "cheval agrafe batterie correcte 🐎 été à la plage";
        await app.OperatorClient().PostAsJsonAsync("/api/v1/operator/formalities", RecordFormalityTests.Formality(Sirets[4], nir: "195109912611146"));
        var response = await app.CreateClient().PostAsJsonAsync("/api/v1/identity/registrations",
            Registration(Sirets[4], "195109912611146", "passphrase@example.test", "06 55 44 33 22", passphrase));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var hash = await app.ScopedAsync(sp => sp.GetRequiredService<IdentityDbContext>().Accounts.Where(a => a.Email == "passphrase@example.test").Select(a => a.PasswordHash).SingleAsync());
        var bytes = Convert.FromBase64String(hash);
        Assert.Equal(1, bytes[0]);                                                                  // Identity V3 format
        Assert.Equal(2, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(1)));        // HMAC-SHA512
        // iterations: the test host's (210,000 at least elsewhere: OptionsAtStartTests)
        Assert.Equal(int.Parse(UrssafApp.FastHashIterations), System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(5)));
    }

    [Fact]
    public async Task An_already_registered_SIRET_gets_the_same_answer_and_its_owner_is_told()
    {
        await RegisterAndActivateAsync(app, Sirets[5], "185057512345673", "owner@example.test", "06 10 20 30 40");
        var again = await app.CreateClient().PostAsJsonAsync("/api/v1/identity/registrations",
            Registration(Sirets[5], "287031305501274", "someone-else@example.test", "06 10 20 30 41"));
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.True((await again.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("registrationId", out _));
        await app.DrainAsync();
        Assert.Contains(app.EmailsTo("owner@example.test"), m => (m.Subject ?? "").Contains("Tentative d'inscription"));
        // the address given gets the same neutral notice as for an identity that does not match, with no link
        var notice = Assert.Single(app.EmailsTo("someone-else@example.test"));
        Assert.Contains("n'a pas pu aboutir", notice.Subject);
        Assert.DoesNotContain("token=", notice.TextBody);
    }
}
