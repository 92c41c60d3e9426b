using System.Buffers.Binary;
using System.Formats.Cbor;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Urssaf.Modules.Identity.Persistence;
using Urssaf.TestKit;

namespace Urssaf.Modules.Identity.Tests.Integration;

/// <summary>
/// A software authenticator: an EC P-256 key producing real WebAuthn attestation ("none") and assertion bytes, as a
/// phone's platform authenticator would after its biometric or PIN check (user verified).
/// </summary>
internal sealed class SoftwareAuthenticator(string origin = "http://localhost:5080", string rpId = "localhost")
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public byte[] CredentialId { get; } = RandomNumberGenerator.GetBytes(32);
    public byte[] UserHandle { get; private set; } = [];
    public uint Counter { get; set; }
    public string Origin { get; set; } = origin;

    public object Attest(JsonElement publicKey)
    {
        UserHandle = FromBase64Url(publicKey.GetProperty("user").GetProperty("id").GetString()!);
        var clientData = ClientData("webauthn.create", publicKey.GetProperty("challenge").GetString()!);
        var parameters = _key.ExportParameters(false);
        var cose = new CborWriter(CborConformanceMode.Ctap2Canonical);
        cose.WriteStartMap(5);
        cose.WriteInt32(1); cose.WriteInt32(2);    // kty: EC2
        cose.WriteInt32(3); cose.WriteInt32(-7);   // alg: ES256
        cose.WriteInt32(-1); cose.WriteInt32(1);   // crv: P-256
        cose.WriteInt32(-2); cose.WriteByteString(parameters.Q.X!);
        cose.WriteInt32(-3); cose.WriteByteString(parameters.Q.Y!);
        cose.WriteEndMap();
        var attested = new List<byte>();
        attested.AddRange(new byte[16]); // AAGUID
        attested.AddRange([(byte)(CredentialId.Length >> 8), (byte)CredentialId.Length]);
        attested.AddRange(CredentialId);
        attested.AddRange(cose.Encode());
        var authData = AuthenticatorData(0x01 | 0x04 | 0x40, attested.ToArray()); // UP | UV | AT

        var attestation = new CborWriter(CborConformanceMode.Ctap2Canonical);
        attestation.WriteStartMap(3);
        attestation.WriteTextString("fmt"); attestation.WriteTextString("none");
        attestation.WriteTextString("attStmt"); attestation.WriteStartMap(0); attestation.WriteEndMap();
        attestation.WriteTextString("authData"); attestation.WriteByteString(authData);
        attestation.WriteEndMap();
        return new
        {
            id = Base64Url(CredentialId), rawId = Base64Url(CredentialId), type = "public-key",
            response = new { attestationObject = Base64Url(attestation.Encode()), clientDataJSON = Base64Url(clientData), transports = new[] { "internal" } },
            clientExtensionResults = new { },
        };
    }

    public object Assert(JsonElement publicKey, bool userVerified = true)
    {
        var clientData = ClientData("webauthn.get", publicKey.GetProperty("challenge").GetString()!);
        var authData = AuthenticatorData((byte)(userVerified ? 0x05 : 0x01), []);
        var signature = _key.SignData([.. authData, .. SHA256.HashData(clientData)], HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        return new
        {
            id = Base64Url(CredentialId), rawId = Base64Url(CredentialId), type = "public-key",
            response = new
            {
                authenticatorData = Base64Url(authData), clientDataJSON = Base64Url(clientData), signature = Base64Url(signature), userHandle = Base64Url(UserHandle),
            },
            clientExtensionResults = new { },
        };
    }

    private byte[] ClientData(string type, string challenge) =>
        Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { type, challenge, origin = Origin, crossOrigin = false }));

    private byte[] AuthenticatorData(byte flags, byte[] attested)
    {
        var counter = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(counter, Counter);
        return [.. SHA256.HashData(Encoding.UTF8.GetBytes(rpId)), flags, .. counter, .. attested];
    }

    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + (4 - s.Length % 4) % 4, '='));
    }
}

/// <summary>Passkeys over HTTP (ADR 0071) with a software authenticator.</summary>
public sealed class PasskeyTests(UrssafApp app) : IClassFixture<UrssafApp>
{
    private async Task<HttpClient> LoggedInAsync(string email)
    {
        var login = await app.CreateClient().PostAsJsonAsync("/api/v1/identity/sessions", new { login = email, password = AccountJourneyTests.Password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString());
        return client;
    }

    private static async Task<Guid> RegisterAsync(HttpClient user, SoftwareAuthenticator authenticator, string name = "Téléphone")
    {
        var options = await (await user.PostAsync("/api/v1/identity/passkeys/registration-options", null)).Content.ReadFromJsonAsync<JsonElement>();
        var publicKey = options.GetProperty("publicKey");
        Assert.Equal("required", publicKey.GetProperty("authenticatorSelection").GetProperty("userVerification").GetString());
        Assert.Equal("localhost", publicKey.GetProperty("rp").GetProperty("id").GetString());
        var created = await user.PostAsJsonAsync("/api/v1/identity/passkeys",
            new { optionsId = options.GetProperty("optionsId").GetGuid(), name, credential = authenticator.Attest(publicKey) });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("passkeyId").GetGuid();
    }

    private async Task<HttpResponseMessage> LogInAsync(SoftwareAuthenticator authenticator, bool userVerified = true, Guid? reuseOptions = null, JsonElement? reusedKey = null)
    {
        var client = app.CreateClient();
        var options = await (await client.PostAsync("/api/v1/identity/passkeys/assertion-options", null)).Content.ReadFromJsonAsync<JsonElement>();
        var publicKey = reusedKey ?? options.GetProperty("publicKey");
        return await client.PostAsJsonAsync("/api/v1/identity/sessions/passkey",
            new { optionsId = reuseOptions ?? options.GetProperty("optionsId").GetGuid(), credential = authenticator.Assert(publicKey, userVerified) });
    }

    [Fact]
    public async Task Register_then_log_in_with_the_passkey_even_while_the_password_path_is_locked_and_every_login_is_journaled()
    {
        var accountId = await AccountJourneyTests.RegisterAndActivateAsync(app, "73111025000016", "192074410900515", "pk-main@example.test", "06 42 00 00 01");
        var user = await LoggedInAsync("pk-main@example.test");
        var authenticator = new SoftwareAuthenticator();
        await RegisterAsync(user, authenticator, "Mon téléphone");
        await app.DrainAsync();
        Assert.Contains(app.EmailsTo("pk-main@example.test"), m => (m.Subject ?? "").Contains("clé d'accès a été ajoutée"));
        var listed = await user.GetFromJsonAsync<JsonElement>("/api/v1/identity/passkeys");
        Assert.Equal("Mon téléphone", Assert.Single(listed.EnumerateArray()).GetProperty("name").GetString());

        for (var attempt = 1; attempt <= 10; attempt++)
        {
            if (attempt > 1) app.Clock.Advance(TimeSpan.FromSeconds(61));
            await app.CreateClient().PostAsJsonAsync("/api/v1/identity/sessions", new { login = "pk-main@example.test", password = "Wrong-password-1" });
        }

        Assert.Equal(HttpStatusCode.TooManyRequests,
            (await app.CreateClient().PostAsJsonAsync("/api/v1/identity/sessions", new { login = "pk-main@example.test", password = AccountJourneyTests.Password })).StatusCode);

        authenticator.Counter = 1;
        var login = await LogInAsync(authenticator);
        Assert.True(login.StatusCode == HttpStatusCode.OK, await login.Content.ReadAsStringAsync());
        var session = await login.Content.ReadFromJsonAsync<JsonElement>();
        var me = app.CreateClient();
        me.DefaultRequestHeaders.Authorization = new("Bearer", session.GetProperty("accessToken").GetString());
        Assert.Equal(HttpStatusCode.OK, (await me.GetAsync("/api/v1/identity/passkeys")).StatusCode);

        var journal = await app.ScopedAsync(sp => sp.GetRequiredService<IdentityDbContext>().ConnectionJournal.AsNoTracking()
            .Where(e => e.AccountId == new SharedKernel.Identity.AccountId(accountId) && e.Method == "passkey").Select(e => e.Result).ToListAsync());
        Assert.Equal(["success"], journal);
    }

    [Fact]
    public async Task A_replayed_challenge_a_wrong_origin_and_a_missing_user_verification_are_refused()
    {
        await AccountJourneyTests.RegisterAndActivateAsync(app, "73111026800018", "288063108800658", "pk-bad@example.test", "06 42 00 00 02");
        var authenticator = new SoftwareAuthenticator();
        await RegisterAsync(await LoggedInAsync("pk-bad@example.test"), authenticator);

        var client = app.CreateClient();
        var options = await (await client.PostAsync("/api/v1/identity/passkeys/assertion-options", null)).Content.ReadFromJsonAsync<JsonElement>();
        authenticator.Counter = 1;
        Assert.Equal(HttpStatusCode.OK, (await LogInAsync(authenticator, reuseOptions: options.GetProperty("optionsId").GetGuid(), reusedKey: options.GetProperty("publicKey"))).StatusCode);
        authenticator.Counter = 2;
        await Problems.AssertAsync(await LogInAsync(authenticator, reuseOptions: options.GetProperty("optionsId").GetGuid(), reusedKey: options.GetProperty("publicKey")),
            HttpStatusCode.UnprocessableEntity, "identity.passkey.options_invalid");

        authenticator.Counter = 3;
        authenticator.Origin = "https://phishing.example";
        await Problems.AssertAsync(await LogInAsync(authenticator), HttpStatusCode.Unauthorized, "identity.passkey.login_refused");
        authenticator.Origin = "http://localhost:5080";
        await Problems.AssertAsync(await LogInAsync(authenticator, userVerified: false), HttpStatusCode.Unauthorized, "identity.passkey.login_refused");

        // an expired challenge (5 minutes)
        var stale = await (await client.PostAsync("/api/v1/identity/passkeys/assertion-options", null)).Content.ReadFromJsonAsync<JsonElement>();
        app.Clock.Advance(TimeSpan.FromMinutes(6));
        await Problems.AssertAsync(await LogInAsync(authenticator, reuseOptions: stale.GetProperty("optionsId").GetGuid(), reusedKey: stale.GetProperty("publicKey")),
            HttpStatusCode.UnprocessableEntity, "identity.passkey.options_invalid");
    }

    [Fact]
    public async Task A_counter_that_goes_backwards_is_refused_as_a_clone_and_the_owner_is_warned()
    {
        await AccountJourneyTests.RegisterAndActivateAsync(app, "73111027600011", "176097511200796", "pk-clone@example.test", "06 42 00 00 03");
        var authenticator = new SoftwareAuthenticator();
        await RegisterAsync(await LoggedInAsync("pk-clone@example.test"), authenticator);
        authenticator.Counter = 5;
        Assert.Equal(HttpStatusCode.OK, (await LogInAsync(authenticator)).StatusCode);
        authenticator.Counter = 3;
        await Problems.AssertAsync(await LogInAsync(authenticator), HttpStatusCode.Unauthorized, "identity.passkey.cloned");
        await app.DrainAsync();
        Assert.Contains(app.EmailsTo("pk-clone@example.test"), m => (m.Subject ?? "").Contains("copiée"));
    }

    [Fact]
    public async Task A_deleted_passkey_no_longer_logs_in_and_registration_needs_a_recent_login()
    {
        var accountId = await AccountJourneyTests.RegisterAndActivateAsync(app, "73111028400015", "293053306300806", "pk-del@example.test", "06 42 00 00 04");
        var user = await LoggedInAsync("pk-del@example.test");
        var authenticator = new SoftwareAuthenticator();
        var passkeyId = await RegisterAsync(user, authenticator);
        Assert.Equal(HttpStatusCode.NoContent, (await user.DeleteAsync($"/api/v1/identity/passkeys/{passkeyId}")).StatusCode);
        await Problems.AssertAsync(await user.DeleteAsync($"/api/v1/identity/passkeys/{passkeyId}"), HttpStatusCode.NotFound, "identity.passkey.not_found");
        await app.DrainAsync();
        Assert.Contains(app.EmailsTo("pk-del@example.test"), m => (m.Subject ?? "").Contains("supprimée"));
        authenticator.Counter = 1;
        await Problems.AssertAsync(await LogInAsync(authenticator), HttpStatusCode.Unauthorized, "identity.passkey.login_refused");

        var old = app.ClientFor(new SharedKernel.Identity.AccountId(accountId), app.Clock.GetUtcNow().AddMinutes(-20));
        await Problems.AssertAsync(await old.PostAsync("/api/v1/identity/passkeys/registration-options", null), HttpStatusCode.Forbidden, "identity.reauthentication_required");
    }
}
