using Microsoft.Playwright;

namespace Urssaf.Web.BrowserTests;

/// <summary>
/// Passkeys in Chromium with its virtual authenticator (CDP WebAuthn domain): add one in the settings after a password
/// login, log out, log in with it alone, delete it. The relying party is localhost and the origin the test's own address.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PasskeyBrowserTests(WebAccountBrowser web)
{
    [Fact]
    public async Task A_passkey_added_in_the_settings_logs_in_without_the_password()
    {
        const string email = "louis.bernard@example.test", password = "Falaise-Grise#2026";
        web.App.Secrets.AddRange([password, "195109912622232"]);
        await web.ActiveAccountAsync("81234567600017", "195109912622232", email, "0687654321", password);
        await using var context = await web.NewContextAsync();
        var page = await context.NewPageAsync();
        var serverErrors = new List<string>();
        page.Response += (_, r) => { if (r.Status >= 500) serverErrors.Add($"{r.Status} {r.Url}"); };
        var cdp = await context.NewCDPSessionAsync(page);
        await cdp.SendAsync("WebAuthn.enable");
        await cdp.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
        {
            ["options"] = new Dictionary<string, object>
            {
                ["protocol"] = "ctap2", ["transport"] = "internal", ["hasResidentKey"] = true, ["hasUserVerification"] = true, ["isUserVerified"] = true,
            },
        });

        await page.GotoAsync("/connexion");
        Assert.StartsWith("http://localhost:", page.Url, StringComparison.Ordinal); // the RP ID must match the host
        await EntrepreneurBrowserJourneyTests.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Se connecter avec une clé d'accès (passkey)" }));
        await PageChecks.AccessibleAsync(page, "connexion-cle-acces");
        await page.GetByLabel("Adresse électronique, numéro de sécurité sociale ou SIRET").FillAsync(email);
        await page.GetByLabel("Mot de passe", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter", Exact = true }).ClickAsync();
        await EntrepreneurBrowserJourneyTests.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Tableau de bord", Exact = true }));

        // settings: name it, add it (the virtual authenticator answers), see it listed
        await page.GotoAsync("/parametres");
        Assert.Contains("Vous n'avez pas encore de clé d'accès.", await page.InnerTextAsync("main"));
        await page.GetByLabel("Nom de la nouvelle clé d'accès").FillAsync("Mon ordinateur");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ajouter une clé d'accès" }).ClickAsync();
        await EntrepreneurBrowserJourneyTests.Expect(page.GetByText("La clé d'accès « Mon ordinateur » est enregistrée"));
        Assert.Contains("Mon ordinateur – ajoutée le", await page.InnerTextAsync("main"));
        await PageChecks.AccessibleAsync(page, "parametres-cles-acces");

        // log out, then log in with the passkey alone
        await page.GetByRole(AriaRole.Button, new() { Name = "Se déconnecter" }).ClickAsync();
        await page.GotoAsync("/connexion");
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter avec une clé d'accès (passkey)" }).ClickAsync();
        await EntrepreneurBrowserJourneyTests.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Tableau de bord", Exact = true }));

        // delete it in the settings
        await page.GotoAsync("/parametres");
        await page.GetByRole(AriaRole.Button, new() { Name = "Supprimer la clé d'accès Mon ordinateur" }).ClickAsync();
        await EntrepreneurBrowserJourneyTests.Expect(page.GetByText("La clé d'accès est supprimée."));
        Assert.Contains("Vous n'avez pas encore de clé d'accès.", await page.InnerTextAsync("main"));
        Assert.Empty(serverErrors);
    }
}
