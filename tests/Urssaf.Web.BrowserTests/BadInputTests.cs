using Microsoft.Playwright;

namespace Urssaf.Web.BrowserTests;

/// <summary>Bad input in every form: a French message next to the field, what was typed kept, never a 500 page.</summary>
[Collection(BrowserCollection.Name)]
public sealed class BadInputTests(WebAccountBrowser web)
{
    [Fact]
    public async Task Every_form_answers_bad_input_in_french_next_to_the_field_and_keeps_the_values()
    {
        const string email = "hugo.petit@example.test", password = "Montagne-Verte#2026";
        web.App.Secrets.AddRange([password, "185057505600215"]);
        await web.ActiveAccountAsync("54769947000019", "185057505600215", email, "0611223344", password);
        await using var context = await web.NewContextAsync();
        var page = await context.NewPageAsync();
        var serverErrors = new List<string>();
        page.Response += (_, r) => { if (r.Status >= 500) serverErrors.Add($"{r.Status} {r.Url}"); };

        // sign-up: empty, then a wrong phone number refused by the API
        await page.GotoAsync("/inscription");
        await page.GetByRole(AriaRole.Button, new() { Name = "Créer mon compte" }).ClickAsync();
        Assert.Contains("9 erreurs empêchent de continuer", await page.Locator("#resume-erreurs").InnerTextAsync());
        Assert.Contains("Saisissez votre SIRET", await page.Locator("#Siret-erreur").InnerTextAsync());
        await PageChecks.AccessibleAsync(page, "inscription-erreurs");
        await page.GetByLabel("SIRET").FillAsync("123");
        await page.GetByLabel("Prénom").FillAsync("Hugo");
        await page.GetByRole(AriaRole.Button, new() { Name = "Créer mon compte" }).ClickAsync();
        Assert.EndsWith("Le SIRET comporte 14 chiffres.", await page.Locator("#Siret-erreur").InnerTextAsync());
        Assert.Equal("123", await page.GetByLabel("SIRET").InputValueAsync());
        Assert.Equal("Hugo", await page.GetByLabel("Prénom").InputValueAsync());
        await page.GetByLabel("SIRET").FillAsync("34335787700012");
        await page.GetByLabel("Numéro de sécurité sociale").FillAsync("185057505600314");
        await page.GetByLabel("Nom de naissance ou d’usage").FillAsync("Roux");
        await page.GetByLabel("Adresse électronique").FillAsync("ines.roux@example.test");
        await page.GetByLabel("Téléphone mobile").FillAsync("12");
        await page.GetByLabel("Mot de passe", new() { Exact = true }).FillAsync("Soleil-Levant#2026");
        await page.GetByLabel("Question secrète").FillAsync("Ville ?");
        await page.GetByLabel("Réponse").FillAsync("Lyon");
        await page.GetByRole(AriaRole.Button, new() { Name = "Créer mon compte" }).ClickAsync();
        Assert.Contains("numéro de mobile", await page.Locator("#Phone-erreur").InnerTextAsync());
        Assert.Equal("ines.roux@example.test", await page.GetByLabel("Adresse électronique").InputValueAsync());

        // activation: a spent link, a code that is not six digits
        await page.GotoAsync("/activation?token=not-a-real-token");
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirmer mon adresse électronique" }).ClickAsync();
        Assert.Contains("n'est plus valable", await page.Locator("#resume-erreurs").InnerTextAsync());
        await page.GotoAsync($"/activation/sms?inscription={Guid.NewGuid()}");
        await page.GetByLabel("Code à 6 chiffres").FillAsync("12ab");
        await page.GetByRole(AriaRole.Button, new() { Name = "Activer mon compte" }).ClickAsync();
        Assert.Contains("6 chiffres", await page.Locator("#Code-erreur").InnerTextAsync());
        Assert.Equal("12ab", await page.GetByLabel("Code à 6 chiffres").InputValueAsync());

        // FranceConnect's return: an error, and a code the API does not know
        await page.GotoAsync("/connexion/franceconnect?error=access_denied");
        Assert.Contains("Vous avez annulé la connexion avec FranceConnect.", await page.InnerTextAsync("main"));
        await PageChecks.AccessibleAsync(page, "franceconnect-erreur");
        await page.GotoAsync("/connexion/franceconnect?loginCode=unknown");
        Assert.Contains("Recommencez la connexion", await page.InnerTextAsync("main"));

        // login: empty, then a wrong password (the login typed is kept)
        await page.GotoAsync("/connexion");
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter", Exact = true }).ClickAsync();
        Assert.Contains("Saisissez votre mot de passe", await page.Locator("#Password-erreur").InnerTextAsync());
        await page.GetByLabel("Adresse électronique, numéro de sécurité sociale ou SIRET").FillAsync(email);
        await page.GetByLabel("Mot de passe", new() { Exact = true }).FillAsync("Pas-le-bon#2026");
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter", Exact = true }).ClickAsync();
        Assert.Contains("Identifiant ou mot de passe incorrect", await page.Locator("main").InnerTextAsync());
        Assert.Equal(email, await page.GetByLabel("Adresse électronique, numéro de sécurité sociale ou SIRET").InputValueAsync());
        await page.GetByLabel("Mot de passe", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter", Exact = true }).ClickAsync();
        await EntrepreneurBrowserJourneyTests.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Tableau de bord", Exact = true }));

        // declaration: letters for a turnover, a line without category
        await page.GotoAsync("/declarations/2026-Q1");
        await EntrepreneurBrowserJourneyTests.FillLineAsync(page, 0, "liberal_bnc", "douze mille", null);
        await page.Locator("[id='Turnover[1]']").FillAsync("100");
        await page.GetByRole(AriaRole.Button, new() { Name = "Estimer mes cotisations" }).ClickAsync();
        Assert.Contains("euros entiers", await page.Locator("[id='Turnover[0]-erreur']").InnerTextAsync());
        Assert.Contains("Choisissez la catégorie", await page.Locator("[id='Category[1]-erreur']").InnerTextAsync());
        Assert.Equal("douze mille", await page.Locator("[id='Turnover[0]']").InputValueAsync());
        await PageChecks.AccessibleAsync(page, "declaration-erreurs");
        // the API's refusal (a split is required across the rate change) lands in French too
        await EntrepreneurBrowserJourneyTests.FillLineAsync(page, 0, "liberal_bnc", "1000", null);
        await page.Locator("[id='Turnover[1]']").FillAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "Estimer mes cotisations" }).ClickAsync();
        Assert.Contains("changement de taux", await page.Locator("#resume-erreurs").InnerTextAsync());

        // a mandate with a wrong IBAN
        await page.GotoAsync("/paiements");
        await page.GetByLabel("IBAN").FillAsync("FR00 1234");
        await page.GetByLabel("Titulaire du compte").FillAsync("Hugo Petit");
        await page.GetByRole(AriaRole.Button, new() { Name = "Signer le mandat" }).ClickAsync();
        Assert.Contains("IBAN n'est pas valide", await page.Locator("#Iban-erreur").InnerTextAsync());
        Assert.Equal("Hugo Petit", await page.GetByLabel("Titulaire du compte").InputValueAsync());
        await PageChecks.AccessibleAsync(page, "paiements-erreurs");

        // the library's search with a period in words
        await page.GotoAsync("/documents");
        await page.GetByLabel("Période (facultatif)").FillAsync("avril");
        await page.GetByRole(AriaRole.Button, new() { Name = "Rechercher" }).ClickAsync();
        Assert.Contains("2026-04", await page.Locator("#periode-erreur").InnerTextAsync());
        Assert.Equal("avril", await page.GetByLabel("Période (facultatif)").InputValueAsync());

        // password change: empty, then a wrong current password
        await page.GotoAsync("/parametres/mot-de-passe");
        await page.GetByRole(AriaRole.Button, new() { Name = "Changer mon mot de passe" }).ClickAsync();
        Assert.Contains("Saisissez votre mot de passe actuel", await page.Locator("#CurrentPassword-erreur").InnerTextAsync());
        await page.GetByLabel("Mot de passe actuel (ou mot de passe temporaire)").FillAsync("Pas-le-bon#2026");
        await page.GetByLabel("Nouveau mot de passe").FillAsync("Autre-Chemin#2027");
        await page.GetByRole(AriaRole.Button, new() { Name = "Changer mon mot de passe" }).ClickAsync();
        Assert.Contains("n'est pas le bon", await page.Locator("#CurrentPassword-erreur").InnerTextAsync());
        await PageChecks.AccessibleAsync(page, "mot-de-passe-erreurs");

        // an unknown page: a French 404, and a form posted without its anti-forgery token is refused, not a 500
        var missing = await page.GotoAsync("/page-inexistante");
        Assert.Equal(404, missing!.Status);
        Assert.Contains("Page introuvable", await page.InnerTextAsync("h1"));
        var forged = await context.APIRequest.PostAsync("/connexion", new() { Form = context.APIRequest.CreateFormData().Set("Login", "x").Set("Password", "y") });
        Assert.Equal(400, forged.Status);
        Assert.Empty(serverErrors);
    }
}
