using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Urssaf.TestKit;

namespace Urssaf.Web.BrowserTests;

/// <summary>
/// The pages no other browser test opened: every step of the password recovery (/recuperation/*, /recovery), the
/// "this was not me" link (/contact-changes/cancel) and the logout page (/deconnexion), each checked with axe at both
/// widths; and one journey with the keyboard alone.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class RecoveryCancelAndKeyboardBrowserTests(WebAccountBrowser web)
{
    [Fact]
    public async Task Password_recovery_runs_through_every_step_in_the_browser_then_logout_stays_local()
    {
        const string siret = "95678123100017", nir = "295107505678137", email = "recup.web@example.test", phone = "0677001122", password = "Falaise-Grise#2026";
        web.App.Secrets.AddRange([password, nir]);
        await web.ActiveAccountAsync(siret, nir, email, phone, password);
        await using var context = await web.NewContextAsync();
        var page = await context.NewPageAsync();
        var serverErrors = new List<string>();
        var providerCalls = new List<string>();
        page.Response += (_, r) => { if (r.Status >= 500) serverErrors.Add($"{r.Status} {r.Url}"); };
        page.Request += (_, r) => { if (r.Url.Contains("/franceconnect-standin/", StringComparison.Ordinal)) providerCalls.Add(r.Url); };

        await page.GotoAsync("/connexion");
        await page.GetByRole(AriaRole.Link, new() { Name = "Mot de passe oublié ?" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Mot de passe oublié" }));
        await PageChecks.AccessibleAsync(page, "recuperation");
        await page.GetByRole(AriaRole.Button, new() { Name = "Réinitialiser mon mot de passe" }).ClickAsync(); // empty: a French message by the field
        Assert.Contains("Saisissez votre adresse électronique", await page.InnerTextAsync("main"));
        await PageChecks.AccessibleAsync(page, "recuperation-erreur");
        await page.GetByLabel("Adresse électronique, numéro de sécurité sociale ou SIRET").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Réinitialiser mon mot de passe" }).ClickAsync();
        await Expect(page.GetByText("Étape 1 sur 3 : si un compte correspond"));
        Assert.EndsWith("/recuperation/courriel", page.Url, StringComparison.Ordinal);
        await PageChecks.AccessibleAsync(page, "recuperation-courriel");

        // the e-mail's link, opened in this browser
        await web.App.DrainAsync();
        var token = Delivered.ActivationToken(web.App.EmailsTo(email).Last());
        await page.GotoAsync("/recovery?token=" + Uri.EscapeDataString(token));
        await Expect(page.GetByText("Étape 1 sur 3 : confirmez que vous avez reçu ce courriel."));
        await PageChecks.AccessibleAsync(page, "recovery");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continuer la réinitialisation" }).ClickAsync();
        await Expect(page.GetByText("Étape 2 sur 3"));
        await PageChecks.AccessibleAsync(page, "recuperation-code");
        await web.App.DrainAsync();
        var code = Delivered.SixDigitCode(web.App.SmsTo("+33" + phone[1..]).Last(s => s.Text.Contains("récupération")).Text);
        await page.GetByLabel("Code à 6 chiffres").FillAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "Continuer" }).ClickAsync();
        await Expect(page.GetByText("Étape 3 sur 3"));
        await PageChecks.AccessibleAsync(page, "recuperation-question");
        await page.GetByLabel("Ville ?").FillAsync("Lyon"); // wrong answer: said next to the field, nothing sent
        await page.GetByRole(AriaRole.Button, new() { Name = "Recevoir un mot de passe temporaire" }).ClickAsync();
        var wrong = await page.InnerTextAsync("main");
        Assert.Contains("Une erreur empêche", wrong); // the error summary, linked to the field
        Assert.Contains("Cette réponse n'est pas la bonne.", wrong); // not "no longer valid": the request still stands
        Assert.DoesNotContain("plus valable", wrong);
        await PageChecks.AccessibleAsync(page, "recuperation-question-erreur");
        await page.GetByLabel("Ville ?").FillAsync("Besançon");
        await page.GetByRole(AriaRole.Button, new() { Name = "Recevoir un mot de passe temporaire" }).ClickAsync();
        await Expect(page.GetByText("Un mot de passe temporaire (valable 15 minutes)"));
        await PageChecks.AccessibleAsync(page, "recuperation-envoye");

        // the two halves, then the forced change
        await web.App.DrainAsync();
        var temporary = Half().Match(web.App.SmsTo("+33" + phone[1..]).Last().Text).Groups[1].Value
                        + Half().Match(web.App.EmailsTo(email).Last(m => (m.Subject ?? "").Contains("temporaire")).TextBody ?? "").Groups[1].Value;
        Assert.Equal(16, temporary.Length);
        web.App.Secrets.Add(temporary);
        await page.GotoAsync("/connexion");
        await page.GetByLabel("Adresse électronique, numéro de sécurité sociale ou SIRET").FillAsync(email);
        await page.GetByLabel("Mot de passe", new() { Exact = true }).FillAsync(temporary);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter", Exact = true }).ClickAsync();
        await Expect(page.GetByLabel("Nouveau mot de passe"));
        const string chosen = "Sentier-Bleu#2026-web";
        web.App.Secrets.Add(chosen);
        await page.GetByLabel("Mot de passe actuel (ou mot de passe temporaire)").FillAsync(temporary);
        await page.GetByLabel("Nouveau mot de passe").FillAsync(chosen);
        await page.GetByRole(AriaRole.Button, new() { Name = "Changer mon mot de passe" }).ClickAsync();
        await Expect(page.GetByText("Votre mot de passe est changé."));
        // the change ends every session of the account (the temporary one too): log in again with the new password
        await page.GotoAsync("/connexion");
        await page.GetByLabel("Adresse électronique, numéro de sécurité sociale ou SIRET").FillAsync(email);
        await page.GetByLabel("Mot de passe", new() { Exact = true }).FillAsync(chosen);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter", Exact = true }).ClickAsync();
        await page.GotoAsync("/tableau-de-bord");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Tableau de bord", Exact = true }));

        // a password session logs out here only: no trip to FranceConnect
        await page.GetByRole(AriaRole.Button, new() { Name = "Se déconnecter" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Vous êtes déconnecté" }));
        Assert.DoesNotContain("FranceConnect", await page.InnerTextAsync("main"));
        await PageChecks.AccessibleAsync(page, "deconnexion");
        Assert.Empty(providerCalls);
        await page.GotoAsync("/tableau-de-bord");
        Assert.Contains("/connexion", page.Url, StringComparison.Ordinal);
        Assert.Empty(serverErrors);
    }

    [Fact]
    public async Task The_this_was_not_me_link_undoes_a_contact_change()
    {
        const string siret = "95678124900019", nir = "295107505678236", email = "ancien.web@example.test", password = "Marais-Calme#2026";
        web.App.Secrets.AddRange([password, nir]);
        await web.ActiveAccountAsync(siret, nir, email, "0677003344", password);
        var api = await AccountSetup.LoggedInAsync(web, email, password);
        var requested = await api.PostAsJsonAsync("/api/v1/identity/me/contact-changes", new { kind = "email", email = "nouveau.web@example.test" });
        requested.EnsureSuccessStatusCode();
        var changeId = (await requested.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("changeId").GetGuid();
        await web.App.DrainAsync();
        var code = Delivered.SixDigitCode(web.App.EmailsTo("nouveau.web@example.test").Last().TextBody ?? "");
        (await api.PostAsJsonAsync($"/api/v1/identity/me/contact-changes/{changeId}/confirmation", new { code })).EnsureSuccessStatusCode();
        await web.App.DrainAsync();
        var token = Delivered.ActivationToken(web.App.EmailsTo(email).Last(m => (m.Subject ?? "").Contains("a été modifiée")));

        await using var context = await web.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/contact-changes/cancel?token=" + Uri.EscapeDataString(token));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Annuler une modification de vos coordonnées" }));
        await PageChecks.AccessibleAsync(page, "contact-changes-cancel");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ce n'était pas moi : annuler la modification" }).ClickAsync();
        await Expect(page.GetByText("L'ancienne coordonnée est rétablie"));
        await PageChecks.AccessibleAsync(page, "contact-changes-cancel-fait");

        // the link serves once: a second use says so in French, next to nothing broken
        await page.GotoAsync("/contact-changes/cancel?token=" + Uri.EscapeDataString(token));
        await page.GetByRole(AriaRole.Button, new() { Name = "Ce n'était pas moi : annuler la modification" }).ClickAsync();
        Assert.Contains("Ce lien n'est plus valable", await page.InnerTextAsync("main"));
        await PageChecks.AccessibleAsync(page, "contact-changes-cancel-erreur");
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/identity/me")).StatusCode); // every session ended
    }

    [Fact]
    public async Task The_keyboard_alone_logs_in_and_opens_a_declaration_with_focus_always_visible()
    {
        const string siret = "95678125600014", nir = "295107505678335", email = "clavier.web@example.test", password = "Chemin-Creux#2026";
        web.App.Secrets.AddRange([password, nir]);
        await web.ActiveAccountAsync(siret, nir, email, "0677005566", password);
        await using var context = await web.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync("/connexion");
        await TabToAsync(page, "Adresse électronique, numéro de sécurité sociale ou SIRET");
        await page.Keyboard.TypeAsync(email);
        await TabToAsync(page, "Mot de passe");
        await page.Keyboard.TypeAsync(password);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**/tableau-de-bord", new() { Timeout = 60_000 }); // loaded before the next Tab (a loaded machine: a login hashes a password)
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Tableau de bord", Exact = true }));

        // each page loaded before the next key: the dashboard's own "Dernières déclarations" heading must not stand for the list's
        await TabToAsync(page, "Déclarations");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**/declarations", new() { Timeout = 60_000 });
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Mes déclarations", Exact = true }));
        await TabToAsync(page, "Déclarer");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(new Regex(@"/declarations/\d{4}-"), new() { Timeout = 60_000 });
        await TabToAsync(page, "Chiffre d'affaires", exact: false);
    }

    /// <summary>Presses Tab until the focused element's name starts with <paramref name="name"/>; every stop on the way must show its focus.</summary>
    private static async Task TabToAsync(IPage page, string name, bool exact = true, int limit = 60)
    {
        var seen = new List<string>();
        for (var i = 0; i < limit; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var focused = await page.EvaluateAsync<JsonElement>("""
                () => {
                  const e = document.activeElement;
                  if (!e || e === document.body) return { name: '', visible: true };
                  const s = getComputedStyle(e);
                  const label = e.labels && e.labels.length ? e.labels[0].innerText : (e.getAttribute('aria-label') || e.innerText || e.value || '');
                  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
                  const shadow = s.boxShadow && s.boxShadow !== 'none';
                  return { name: label.trim(), visible: outline || shadow };
                }
                """);
            var current = focused.GetProperty("name").GetString() ?? "";
            seen.Add(current);
            Assert.True(focused.GetProperty("visible").GetBoolean(), $"No visible focus on '{current}' ({page.Url}).");
            if (exact ? current.StartsWith(name, StringComparison.Ordinal) : current.Contains(name, StringComparison.OrdinalIgnoreCase)) return;
        }

        Assert.Fail($"'{name}' not reached with Tab on {page.Url}; focused: {string.Join(" → ", seen)}");
    }

    private static Task Expect(ILocator locator) => locator.First.WaitForAsync(new() { Timeout = 60_000 }); // a loaded machine: a login hashes a password

    [GeneratedRegex(@"temporaire : (\S{8})")]
    private static partial Regex Half();
}
