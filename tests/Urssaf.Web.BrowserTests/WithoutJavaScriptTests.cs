using Microsoft.Playwright;

namespace Urssaf.Web.BrowserTests;

/// <summary>Progressive enhancement: with JavaScript off, login, the same filing and reordering the dashboard work by forms alone.</summary>
[Collection(BrowserCollection.Name)]
public sealed class WithoutJavaScriptTests(WebAccountBrowser web)
{
    [Fact]
    public async Task The_same_filing_and_the_dashboard_layout_work_with_javascript_disabled()
    {
        const string email = "paul.durand@example.test", password = "Riviere-Calme#2026";
        web.App.Secrets.AddRange([password, "195109912611146"]);
        await web.ActiveAccountAsync("40483304800022", "195109912611146", email, "0698765432", password);
        await using var context = await web.NewContextAsync(javaScript: false, width: 375);
        var page = await context.NewPageAsync();

        await page.GotoAsync("/connexion");
        // the passkey needs script: the button stays hidden and the page says so
        Assert.Contains("La connexion avec une clé d'accès demande JavaScript", await page.InnerTextAsync("main"));
        Assert.False(await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter avec une clé d'accès (passkey)" }).IsVisibleAsync());
        await page.GetByLabel("Adresse électronique, numéro de sécurité sociale ou SIRET").FillAsync("40483304800022"); // by SIRET
        await page.GetByLabel("Mot de passe", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter", Exact = true }).ClickAsync();
        await EntrepreneurBrowserJourneyTests.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Tableau de bord", Exact = true }));

        await page.GotoAsync("/declarations/2026-Q1");
        await EntrepreneurBrowserJourneyTests.FillLineAsync(page, 0, "liberal_bnc", "0", "2025-Q4");
        await EntrepreneurBrowserJourneyTests.FillLineAsync(page, 1, "liberal_bnc", "12500", "2026-Q1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Estimer mes cotisations" }).ClickAsync();
        Assert.Equal("3\u00A0500,00\u00A0€", await page.Locator("#total").InnerTextAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirmer et déposer ma déclaration" }).ClickAsync();
        await EntrepreneurBrowserJourneyTests.Expect(page.GetByText("Votre déclaration du 1er trimestre 2026 est enregistrée"));
        Assert.Contains("Déposée le", await page.InnerTextAsync("main"));

        // widgets: move the first one down, hide one, show it again (saved through the layout API)
        await page.GotoAsync("/tableau-de-bord");
        var before = await WidgetTitlesAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = $"Descendre « {before[0]} »" }).ClickAsync();
        var moved = await WidgetTitlesAsync(page);
        Assert.Equal([before[1], before[0]], moved.Take(2));
        await page.GetByRole(AriaRole.Button, new() { Name = $"Masquer « {before[2]} »" }).ClickAsync();
        Assert.DoesNotContain(before[2], await WidgetTitlesAsync(page));
        await page.GetByRole(AriaRole.Button, new() { Name = $"Afficher « {before[2]} »" }).ClickAsync();
        Assert.Equal(before[2], (await WidgetTitlesAsync(page)).Last());
    }

    private static async Task<List<string>> WidgetTitlesAsync(IPage page) =>
        [.. (await page.Locator("section.widget[aria-labelledby^='w-'] h2").AllInnerTextsAsync()).Select(t => t.Trim())];
}
