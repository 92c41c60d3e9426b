using Microsoft.Playwright;

namespace Urssaf.Web.BrowserTests;

/// <summary>
/// FranceConnect in Chromium through the stand-in provider this host runs outside production: the button on
/// /connexion, the demo identity chosen on the stand-in's page, back to the web account's callback page, the dashboard.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class FranceConnectBrowserTests(WebAccountBrowser web)
{
    [Fact]
    public async Task The_franceconnect_button_logs_in_through_the_stand_in_provider()
    {
        const string siret = "81234568400011", nir = "295109912633365", email = "lea.petit@example.test", password = "Colline-Verte#2026";
        web.App.Secrets.AddRange([password, nir]);
        await web.ActiveAccountAsync(siret, nir, email, "0611223344", password);
        await using var context = await web.NewContextAsync();
        var page = await context.NewPageAsync();
        var serverErrors = new List<string>();
        page.Response += (_, r) => { if (r.Status >= 500) serverErrors.Add($"{r.Status} {r.Url}"); };

        await page.GotoAsync("/connexion");
        await page.GetByRole(AriaRole.Link, new() { Name = "S'identifier avec FranceConnect" }).ClickAsync();
        await EntrepreneurBrowserJourneyTests.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "FranceConnect — fournisseur d'identité de démonstration" }));
        await page.Locator("li", new() { Has = page.Locator("code", new() { HasTextString = siret }) }).GetByRole(AriaRole.Link).ClickAsync();
        await EntrepreneurBrowserJourneyTests.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Tableau de bord", Exact = true }));
        Assert.StartsWith("http://localhost:" + web.App.Port + "/tableau-de-bord", page.Url, StringComparison.Ordinal);
        Assert.Empty(serverErrors);
    }
}
