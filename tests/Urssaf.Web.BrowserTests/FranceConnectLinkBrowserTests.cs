using Microsoft.Playwright;
using static Urssaf.Web.BrowserTests.EntrepreneurBrowserJourneyTests;

namespace Urssaf.Web.BrowserTests;

/// <summary>
/// Linking FranceConnect in the settings: an identity no account matches (the stand-in's unknown person) is linked after a
/// password login, then logs in alone, then is unlinked (and unlinking again is refused in French).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class FranceConnectLinkBrowserTests(WebAccountBrowser web)
{
    [Fact]
    public async Task An_unmatched_franceconnect_identity_is_linked_after_a_password_login_then_unlinked()
    {
        const string email = "sacha.lien@example.test", password = "Plateau-Haut#2026";
        web.App.Secrets.AddRange([password, "295107505670516"]);
        await web.ActiveAccountAsync("55443322700010", "295107505670516", email, "0666778899", password);
        await using var context = await web.NewContextAsync();
        var page = await context.NewPageAsync();
        var serverErrors = new List<string>();
        page.Response += (_, r) => { if (r.Status >= 500) serverErrors.Add($"{r.Status} {r.Url}"); };

        // FranceConnect knows the person, no account matches: she logs in with her password and links it
        await FranceConnectAsUnknownAsync(page);
        Assert.Contains("Aucun compte n'est encore relié à cette identité FranceConnect", await page.InnerTextAsync("main"));
        await PageChecks.AccessibleAsync(page, "franceconnect-a-relier");
        await page.GetByRole(AriaRole.Link, new() { Name = "Me connecter pour relier FranceConnect" }).ClickAsync();
        await page.GetByLabel("Adresse électronique, numéro de sécurité sociale ou SIRET").FillAsync(email);
        await page.GetByLabel("Mot de passe", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Relier mon compte à FranceConnect" }));
        await PageChecks.AccessibleAsync(page, "parametres-franceconnect");
        await page.GetByRole(AriaRole.Button, new() { Name = "Relier mon compte à FranceConnect" }).ClickAsync();
        await Expect(page.GetByText("Votre compte est relié à FranceConnect : vous pourrez vous connecter avec."));
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Relier mon compte à FranceConnect" }).CountAsync());

        // logged out, FranceConnect alone opens this account
        await page.GetByRole(AriaRole.Button, new() { Name = "Se déconnecter" }).ClickAsync();
        await FranceConnectAsUnknownAsync(page);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Tableau de bord", Exact = true }));

        // unlinked; a second time is refused in French
        await page.GotoAsync("/parametres");
        await page.GetByRole(AriaRole.Button, new() { Name = "Délier FranceConnect" }).ClickAsync();
        await Expect(page.GetByText("FranceConnect n'est plus relié à votre compte : vous ne pourrez plus"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Délier FranceConnect" }).ClickAsync();
        await Expect(page.Locator(".succes", new() { HasTextString = "Votre compte n'est pas relié à FranceConnect." }));
        Assert.Empty(serverErrors);
    }

    private static async Task FranceConnectAsUnknownAsync(IPage page)
    {
        await page.GotoAsync("/connexion");
        await page.GetByRole(AriaRole.Button, new() { Name = "S'identifier avec FranceConnect" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "FranceConnect — fournisseur d'identité de démonstration" }));
        await page.Locator("li", new() { Has = page.Locator("code", new() { HasTextString = "demo-dubois" }) }).GetByRole(AriaRole.Link).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
    }
}
