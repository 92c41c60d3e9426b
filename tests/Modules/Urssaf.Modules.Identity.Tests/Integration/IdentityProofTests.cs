using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Urssaf.Modules.Identity.Persistence;
using Urssaf.Modules.Identity.Security;
using Urssaf.TestKit;

namespace Urssaf.Modules.Identity.Tests.Integration;

/// <summary>Only the entrepreneur the formalities centre named can open the account (ADR 0022).</summary>
public sealed class IdentityProofTests(UrssafApp app) : IClassFixture<UrssafApp>
{
    private const string OwnerNir = "295109912611193", StrangerNir = "155095506184727";

    private async Task FormalityAsync(string siret, string nir = OwnerNir, string birthName = "Martin", string? usageName = null)
    {
        var response = await app.OperatorClient().PostAsJsonAsync("/api/v1/operator/formalities", TestData.Formality(siret, nir, birthName, usageName));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<HttpResponseMessage> RegisterAsync(string siret, string nir, string email, string lastName = "Martin", string phone = "06 12 34 56 78")
    {
        var body = JsonSerializer.SerializeToNode(AccountJourneyTests.Registration(siret, nir, email, phone))!.AsObject();
        body["lastName"] = lastName;
        var response = await app.CreateClient().PostAsJsonAsync("/api/v1/identity/registrations", body);
        await app.DrainAsync();
        return response;
    }

    private Task<int> AccountsWith(string siret) =>
        app.ScopedAsync(sp => sp.GetRequiredService<IdentityDbContext>().Accounts.CountAsync(a => a.Siret == siret));

    [Fact]
    public async Task A_stranger_with_a_valid_SIRET_and_someone_elses_NIR_gets_nothing_activatable_and_the_owner_can_still_register()
    {
        const string siret = "53413173576225";
        await FormalityAsync(siret);

        var stranger = await RegisterAsync(siret, StrangerNir, "stranger@example.test", phone: "06 66 66 66 66");
        Assert.Equal(HttpStatusCode.Accepted, stranger.StatusCode);
        Assert.True((await stranger.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("registrationId", out _));
        Assert.Equal(0, await AccountsWith(siret));
        Assert.Empty(app.SmsTo("+33666666666"));                               // no activation code
        var notice = Assert.Single(app.EmailsTo("stranger@example.test"));     // told, without a link
        Assert.Contains("n'a pas pu aboutir", notice.Subject);
        Assert.DoesNotContain("token=", notice.TextBody);

        // the right NIR with another person's name is not enough either
        Assert.Equal(HttpStatusCode.Accepted, (await RegisterAsync(siret, OwnerNir, "stranger2@example.test", lastName: "Durand")).StatusCode);
        Assert.Equal(0, await AccountsWith(siret));

        // the owner, NIR typed with spaces and the name in capitals without accents, registers afterwards
        var owner = await RegisterAsync(siret, "2 95 10 99 126 111 93", "owner-proof@example.test", lastName: "MARTIN");
        Assert.Equal(HttpStatusCode.Accepted, owner.StatusCode);
        Assert.Equal(1, await AccountsWith(siret));
        Assert.Contains("token=", Assert.Single(app.EmailsTo("owner-proof@example.test")).TextBody);
    }

    [Fact]
    public async Task The_usage_name_is_accepted_ignoring_accents_case_and_hyphens()
    {
        const string siret = "42452758872793", nir = "259078405007568";
        await FormalityAsync(siret, nir, birthName: "Martin", usageName: "Lefèvre-Durand");
        Assert.Equal(HttpStatusCode.Accepted, (await RegisterAsync(siret, nir, "usage@example.test", lastName: "lefevre durand")).StatusCode);
        Assert.Equal(1, await AccountsWith(siret));
    }

    [Fact]
    public async Task A_formality_without_identity_is_refused_with_a_clear_code_until_the_feed_sends_it()
    {
        const string siret = "25797709075826";
        var missing = await app.OperatorClient().PostAsJsonAsync("/api/v1/operator/formalities", new
        {
            siret, legalName = "Claire Martin", apeCode = "6201Z", activityStartDate = "2026-01-15", activityNature = "liberal",
            primaryCategory = "liberal_bnc", department = "75", declarationFrequency = "quarterly", incomeTaxWithholding = false, acre = false,
            address = "1 rue X 75001 Paris",
        });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal("identity.formality.entrepreneur_required", (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());

        // a formality received before the feed carried the identity
        await FormalityAsync(siret, "173100893252041");
        await app.ScopedAsync(sp => sp.GetRequiredService<IdentityDbContext>().Formalities.Where(f => f.Siret == siret)
            .ExecuteUpdateAsync(u => u.SetProperty(f => f.EntrepreneurNirLookup, (string?)null)));
        var refused = await RegisterAsync(siret, "173100893252041", "early@example.test");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal("identity.formality.identity_missing", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());

        // the feed sends it (an update may omit it afterwards: it is kept), and the masked NIR is what the operator sees
        await FormalityAsync(siret, "173100893252041");
        var read = await app.OperatorClient().GetFromJsonAsync<JsonElement>($"/api/v1/operator/formalities/{siret}");
        Assert.Equal("1 73 •• •• ••• ••• ••", read.GetProperty("entrepreneur").GetProperty("nir").GetString());
        Assert.DoesNotContain("173100893252041", read.ToString());
        Assert.Equal(HttpStatusCode.Accepted, (await RegisterAsync(siret, "173100893252041", "early@example.test")).StatusCode);
        Assert.Equal(1, await AccountsWith(siret));
    }

    [Fact]
    public async Task A_registration_not_activated_within_24_hours_frees_the_SIRET_and_a_matching_one_replaces_a_pending_one()
    {
        const string siret = "49469381552199";
        await FormalityAsync(siret, "152025642907252");
        Assert.Equal(HttpStatusCode.Accepted, (await RegisterAsync(siret, "152025642907252", "typo@exmaple.test")).StatusCode);
        var firstLink = Delivered.ActivationToken(Assert.Single(app.EmailsTo("typo@exmaple.test")));

        // the owner corrects the mistyped address at once: the pending registration is replaced, its link dies
        Assert.Equal(HttpStatusCode.Accepted, (await RegisterAsync(siret, "152025642907252", "fixed@example.test")).StatusCode);
        Assert.Equal(1, await AccountsWith(siret));
        Assert.Equal(HttpStatusCode.UnprocessableEntity,
            (await app.CreateClient().PostAsJsonAsync("/api/v1/identity/activations/email", new { token = firstLink })).StatusCode);

        // a stranger cannot replace it; after 24 h without activation the link is dead and the SIRET free again
        Assert.Equal(HttpStatusCode.Accepted, (await RegisterAsync(siret, StrangerNir, "stranger3@example.test")).StatusCode);
        Assert.Single(app.EmailsTo("fixed@example.test"), m => (m.Subject ?? "").Contains("Activez"));
        app.Clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1));
        var late = Delivered.ActivationToken(app.EmailsTo("fixed@example.test").Single(m => (m.Subject ?? "").Contains("Activez")));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await app.CreateClient().PostAsJsonAsync("/api/v1/identity/activations/email", new { token = late })).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await RegisterAsync(siret, "152025642907252", "again@example.test")).StatusCode);
        var account = await app.ScopedAsync(sp => sp.GetRequiredService<IdentityDbContext>().Accounts.SingleAsync(a => a.Siret == siret));
        Assert.Equal("again@example.test", account.Email);
    }

    [Fact]
    public async Task Registration_does_the_same_hashing_and_writing_whether_it_creates_an_account_or_not()
    {
        const string siret = "12291435181293", taken = "84352651836821";
        await FormalityAsync(siret, nir: "185057512345673");
        await AccountJourneyTests.RegisterAndActivateAsync(app, taken, "253072B07300470", "taken-proof@example.test", "07 22 33 44 55");
        var counter = app.Services.GetRequiredService<WriteCounter>();
        var hashing = app.Services.GetRequiredService<PasswordHashing>();

        async Task<(long Hashes, int Saves)> WorkOf(Func<Task> register)
        {
            var (hashes, saves) = (hashing.SlowHashes, counter.Saves);
            await register();
            return (hashing.SlowHashes - hashes, counter.Saves - saves);
        }

        var client = app.CreateClient();
        Task Post(string s, string nir, string email) => client.PostAsJsonAsync("/api/v1/identity/registrations", AccountJourneyTests.Registration(s, nir, email));
        var mismatch = await WorkOf(() => Post(siret, StrangerNir, "work-1@example.test"));
        var existing = await WorkOf(() => Post(taken, "253072B07300470", "work-2@example.test"));
        var created = await WorkOf(() => Post(siret, "185057512345673", "work-3@example.test"));
        Assert.Equal((3L, 1), created);
        Assert.Equal(created, mismatch);
        Assert.Equal(created, existing);
    }

    [Fact]
    public async Task Starting_a_recovery_does_the_same_hashing_and_writing_for_a_known_and_an_unknown_login()
    {
        await AccountJourneyTests.RegisterAndActivateAsync(app, "90104300074219", "299047500011158", "work-recovery@example.test", "06 44 33 22 11");
        var counter = app.Services.GetRequiredService<WriteCounter>();
        var hashing = app.Services.GetRequiredService<PasswordHashing>();

        async Task<(long Hashes, int Saves)> WorkOf(string login)
        {
            var (hashes, saves) = (hashing.SlowHashes, counter.Saves);
            Assert.Equal(HttpStatusCode.Accepted, (await app.CreateClient().PostAsJsonAsync("/api/v1/identity/recoveries", new { login })).StatusCode);
            return (hashing.SlowHashes - hashes, counter.Saves - saves);
        }

        var known = await WorkOf("work-recovery@example.test");
        Assert.Equal((1L, 2), known); // the save, then its journal entry (ADR 112), for a known and an unknown login alike
        Assert.Equal(known, await WorkOf("nobody-here@example.test"));
        Assert.Equal(known, await WorkOf("90104300074219"));   // login by SIRET
    }
}
