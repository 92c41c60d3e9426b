using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Urssaf.Modules.Identity.Persistence;
using Urssaf.SharedKernel.Identity;
using Urssaf.TestKit;

namespace Urssaf.Modules.Identity.Tests.Integration;

/// <summary>Changing a contact point, undoing it from the old channel, and getting back in after losing one (ADR 0022).</summary>
public sealed partial class ContactChangeTests(UrssafApp app) : IClassFixture<UrssafApp>
{
    private const string Password = AccountJourneyTests.Password;

    private async Task<HttpClient> LogInAsync(string login)
    {
        var tokens = await (await app.CreateClient().PostAsJsonAsync("/api/v1/identity/sessions", new { login, password = Password }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.GetProperty("accessToken").GetString());
        return client;
    }

    [Fact]
    public async Task A_new_email_is_proved_by_a_code_and_the_old_address_can_undo_it_ending_every_session()
    {
        await AccountJourneyTests.RegisterAndActivateAsync(app, "53413173576225", "259078405007568", "old-mail@example.test", "06 41 41 41 41");
        var client = await LogInAsync("old-mail@example.test");

        var requested = await client.PostAsJsonAsync("/api/v1/identity/me/contact-changes", new { kind = "email", email = "New-Mail@Example.test" });
        Assert.Equal(HttpStatusCode.Accepted, requested.StatusCode);
        var changeId = (await requested.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("changeId").GetGuid();
        await app.DrainAsync();
        var code = Delivered.SixDigitCode(Assert.Single(app.EmailsTo("new-mail@example.test")).TextBody ?? "");
        Assert.Equal("old-mail@example.test", (await client.GetFromJsonAsync<JsonElement>("/api/v1/identity/me")).GetProperty("email").GetString());

        var confirmed = await client.PostAsJsonAsync($"/api/v1/identity/me/contact-changes/{changeId}/confirmation", new { code });
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Equal("new-mail@example.test", (await client.GetFromJsonAsync<JsonElement>("/api/v1/identity/me")).GetProperty("email").GetString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity,
            (await client.PostAsJsonAsync($"/api/v1/identity/me/contact-changes/{changeId}/confirmation", new { code })).StatusCode); // single use
        await app.DrainAsync();
        var notice = app.EmailsTo("old-mail@example.test").Last();
        Assert.Contains("a été modifiée", notice.Subject);
        Assert.Equal(HttpStatusCode.OK, (await LogIn("new-mail@example.test")).StatusCode);

        // "this was not me", from the old address
        var token = Delivered.ActivationToken(notice);
        var undone = await app.CreateClient().PostAsJsonAsync("/api/v1/identity/contact-changes/cancellations", new { token });
        Assert.Equal(HttpStatusCode.OK, undone.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/identity/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await LogIn("new-mail@example.test")).StatusCode);
        // the password was known to whoever made the change: it no longer works, a recovery on the restored channels does
        Assert.Equal(HttpStatusCode.Unauthorized, (await LogIn("old-mail@example.test")).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await app.CreateClient().PostAsJsonAsync("/api/v1/identity/recoveries", new { login = "old-mail@example.test" })).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity,
            (await app.CreateClient().PostAsJsonAsync("/api/v1/identity/contact-changes/cancellations", new { token })).StatusCode);
        await app.DrainAsync();
        Assert.Contains(app.EmailsTo("old-mail@example.test"), m => (m.Subject ?? "").Contains("annulé"));
    }

    [Fact]
    public async Task A_change_needs_a_recent_login()
    {
        var account = await AccountJourneyTests.RegisterAndActivateAsync(app, "42452758872793", "173100893252041", "stale@example.test", "06 42 42 42 42");
        var stale = app.ClientFor(new AccountId(account), app.Clock.GetUtcNow().AddMinutes(-20));
        var response = await stale.PostAsJsonAsync("/api/v1/identity/me/contact-changes", new { kind = "phone", phone = "07 42 42 42 42" });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("identity.reauthentication_required", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await app.ClientFor(new AccountId(account))
            .PostAsJsonAsync("/api/v1/identity/me/contact-changes", new { kind = "phone", phone = "01 42 42 42 42" })).StatusCode);
    }

    [Fact]
    public async Task A_new_mobile_gets_the_code_the_old_one_the_undo_link_and_a_new_secret_question_is_proved_on_the_mobile()
    {
        await AccountJourneyTests.RegisterAndActivateAsync(app, "25797709075826", "152025642907252", "phone-change@example.test", "06 43 43 43 43");
        var client = await LogInAsync("phone-change@example.test");
        var changeId = (await (await client.PostAsJsonAsync("/api/v1/identity/me/contact-changes", new { kind = "phone", phone = "0692 43 43 43" }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("changeId").GetGuid();
        await app.DrainAsync();
        var code = Delivered.SixDigitCode(Assert.Single(app.SmsTo("+262692434343")).Text);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/api/v1/identity/me/contact-changes/{changeId}/confirmation", new { code })).StatusCode);
        await app.DrainAsync();
        Assert.Contains("Annulez", app.SmsTo("+33643434343").Last().Text);
        Assert.Equal("+262 6 •• •• •• 43", (await client.GetFromJsonAsync<JsonElement>("/api/v1/identity/me")).GetProperty("mobilePhone").GetString());
        Assert.Contains(app.EmailsTo("phone-change@example.test"), m => (m.Subject ?? "").Contains("numéro de téléphone mobile"));

        // one change a week
        var tooSoon = await client.PostAsJsonAsync("/api/v1/identity/me/contact-changes", new { kind = "email", email = "soon@example.test" });
        Assert.Equal("identity.contact_change.too_soon", (await tooSoon.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        app.Clock.Advance(ContactChangeWeek);
        client = await LogInAsync("phone-change@example.test");

        var question = (await (await client.PostAsJsonAsync("/api/v1/identity/me/contact-changes",
            new { kind = "secret_question", secretQuestion = "Ville de mes grands-parents ?", secretAnswer = "Saint-Denis" }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("changeId").GetGuid();
        await app.DrainAsync();
        var questionCode = Delivered.SixDigitCode(app.SmsTo("+262692434343").Last().Text);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/api/v1/identity/me/contact-changes/{question}/confirmation", new { code = questionCode })).StatusCode);
        await app.DrainAsync();
        Assert.Contains(app.EmailsTo("phone-change@example.test"), m => (m.Subject ?? "").Contains("question secrète"));
        var stored = await app.ScopedAsync(sp => sp.GetRequiredService<IdentityDbContext>().Accounts.SingleAsync(a => a.Email == "phone-change@example.test"));
        Assert.Equal("Ville de mes grands-parents ?", stored.SecretQuestion);
    }

    [Fact]
    public async Task Fifty_parallel_wrong_codes_use_the_five_tries()
    {
        await AccountJourneyTests.RegisterAndActivateAsync(app, "49469381552199", "155095506184727", "codes@example.test", "06 44 44 44 44");
        var client = await LogInAsync("codes@example.test");
        var changeId = (await (await client.PostAsJsonAsync("/api/v1/identity/me/contact-changes", new { kind = "email", email = "codes2@example.test" }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("changeId").GetGuid();
        await app.DrainAsync();
        var code = Delivered.SixDigitCode(Assert.Single(app.EmailsTo("codes2@example.test")).TextBody ?? "");
        var wrong = code == "000000" ? "111111" : "000000";
        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ =>
            client.PostAsJsonAsync($"/api/v1/identity/me/contact-changes/{changeId}/confirmation", new { code = wrong })));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.UnprocessableEntity, a.StatusCode));
        Assert.Equal(5, await app.ScopedAsync(sp => sp.GetRequiredService<IdentityDbContext>().ContactChanges.Where(c => c.Id == changeId).Select(c => c.CodeTries).SingleAsync()));
        Assert.Equal(HttpStatusCode.UnprocessableEntity,
            (await client.PostAsJsonAsync($"/api/v1/identity/me/contact-changes/{changeId}/confirmation", new { code })).StatusCode);
    }

    [Fact]
    public async Task Someone_who_lost_their_phone_proves_who_they_are_and_an_adviser_approves_the_new_one()
    {
        const string siret = "57511119014056", nir = "164118159797175";
        await AccountJourneyTests.RegisterAndActivateAsync(app, siret, nir, "lost-phone@example.test", "06 45 45 45 45");
        var session = await LogInAsync("lost-phone@example.test");
        object Proof(string birthDate, string answer = "Félix") => new
        {
            login = "lost-phone@example.test", nir, birthDate, secretAnswer = answer, lost = "phone", newPhone = "07 45 45 45 45",
        };

        // a wrong birth date or answer: the same answer, no code, and it counts
        var wrong = await app.CreateClient().PostAsJsonAsync("/api/v1/identity/channel-recoveries", Proof("1990-01-01"));
        Assert.Equal(HttpStatusCode.Accepted, wrong.StatusCode);
        await app.DrainAsync();
        Assert.DoesNotContain(app.EmailsTo("lost-phone@example.test"), m => (m.Subject ?? "").Contains("retrouver"));

        app.Clock.Advance(TimeSpan.FromSeconds(2));
        var started = await app.CreateClient().PostAsJsonAsync("/api/v1/identity/channel-recoveries", Proof("1995-10-12", "  felix "));
        var requestId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("requestId").GetGuid();
        await app.DrainAsync();
        var code = Delivered.SixDigitCode(app.EmailsTo("lost-phone@example.test").Single(m => (m.Subject ?? "").Contains("retrouver")).TextBody ?? "");
        var proved = await app.CreateClient().PostAsJsonAsync($"/api/v1/identity/channel-recoveries/{requestId}/confirmation", new { code });
        Assert.Equal("under_review", (await proved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        await app.DrainAsync();
        Assert.Contains("en cours d'examen", app.SmsTo("+33645454545").Last().Text); // the phone said to be lost is told

        var queue = await app.OperatorClient().GetAsync("/api/v1/operator/channel-recoveries");
        Assert.Equal("1", queue.Headers.GetValues("X-Total-Count").Single());
        var item = (await queue.Content.ReadFromJsonAsync<JsonElement>())[0];
        Assert.Equal(siret, item.GetProperty("siret").GetString());
        Assert.Equal("+33745454545", item.GetProperty("newValue").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync("/api/v1/operator/channel-recoveries")).StatusCode);

        var decided = await app.OperatorClient().PostAsJsonAsync($"/api/v1/operator/channel-recoveries/{requestId}/decision", new { decision = "approve" });
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict,
            (await app.OperatorClient().PostAsJsonAsync($"/api/v1/operator/channel-recoveries/{requestId}/decision", new { decision = "refuse" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await session.GetAsync("/api/v1/identity/me")).StatusCode); // every session ended
        await app.DrainAsync();
        Assert.Contains(app.EmailsTo("lost-phone@example.test"), m => (m.Subject ?? "").Contains("après examen"));
        var stored = await app.ScopedAsync(sp => sp.GetRequiredService<IdentityDbContext>().Accounts.SingleAsync(a => a.Siret == siret));
        Assert.Equal("+33745454545", stored.MobilePhone);
    }

    [Fact]
    public async Task A_refused_lost_channel_request_changes_nothing_and_the_person_is_told()
    {
        const string siret = "90104300074219", nir = "186105105122737";
        await AccountJourneyTests.RegisterAndActivateAsync(app, siret, nir, "lost-mail@example.test", "06 46 46 46 46");
        var started = await app.CreateClient().PostAsJsonAsync("/api/v1/identity/channel-recoveries", new
        {
            login = siret, nir, birthDate = "1995-10-12", secretAnswer = "Félix", lost = "email", newEmail = "found@example.test",
        });
        var requestId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("requestId").GetGuid();
        await app.DrainAsync();
        var code = Delivered.SixDigitCode(app.SmsTo("+33646464646").Last().Text);
        await app.CreateClient().PostAsJsonAsync($"/api/v1/identity/channel-recoveries/{requestId}/confirmation", new { code });
        Assert.Equal(HttpStatusCode.OK, (await app.OperatorClient().PostAsJsonAsync($"/api/v1/operator/channel-recoveries/{requestId}/decision",
            new { decision = "refuse", note = "Pièce d'identité demandée par courrier" })).StatusCode);
        await app.DrainAsync();
        Assert.Contains("pas été acceptée", app.SmsTo("+33646464646").Last().Text);
        Assert.Equal(HttpStatusCode.OK, (await LogIn("lost-mail@example.test")).StatusCode);
    }

    private static readonly TimeSpan ContactChangeWeek = TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1);

    [Fact]
    public async Task The_first_undo_link_restores_the_original_address_even_after_a_second_change()
    {
        await AccountJourneyTests.RegisterAndActivateAsync(app, "12291435181293", "156107465519366", "chain-a@example.test", "06 47 47 47 47");
        async Task ChangeEmailAsync(string to)
        {
            var client = await LogInAsync(to == "chain-x@example.test" ? "chain-a@example.test" : "chain-x@example.test");
            var changeId = (await (await client.PostAsJsonAsync("/api/v1/identity/me/contact-changes", new { kind = "email", email = to }))
                .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("changeId").GetGuid();
            await app.DrainAsync();
            var code = Delivered.SixDigitCode(app.EmailsTo(to).Last().TextBody ?? "");
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/api/v1/identity/me/contact-changes/{changeId}/confirmation", new { code })).StatusCode);
            await app.DrainAsync();
        }

        await ChangeEmailAsync("chain-x@example.test");
        var firstLink = Delivered.ActivationToken(app.EmailsTo("chain-a@example.test").Last());
        Assert.Contains("Annulez", app.SmsTo("+33647474747").Last().Text);   // the mobile is told too
        app.Clock.Advance(ContactChangeWeek);
        await ChangeEmailAsync("chain-y@example.test");                      // its notice goes to X, not to A

        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().PostAsJsonAsync("/api/v1/identity/contact-changes/cancellations", new { token = firstLink })).StatusCode);
        var stored = await app.ScopedAsync(sp => sp.GetRequiredService<IdentityDbContext>().Accounts.SingleAsync(a => a.Siret == "12291435181293"));
        Assert.Equal("chain-a@example.test", stored.Email);
        var secondLink = Delivered.ActivationToken(app.EmailsTo("chain-x@example.test").Last(m => (m.Subject ?? "").Contains("modifiée")));
        Assert.Equal(HttpStatusCode.UnprocessableEntity,
            (await app.CreateClient().PostAsJsonAsync("/api/v1/identity/contact-changes/cancellations", new { token = secondLink })).StatusCode);
    }

    private Task<HttpResponseMessage> LogIn(string login) =>
        app.CreateClient().PostAsJsonAsync("/api/v1/identity/sessions", new { login, password = Password });
}
