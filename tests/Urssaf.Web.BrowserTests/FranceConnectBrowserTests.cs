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
        await page.GetByRole(AriaRole.Button, new() { Name = "S'identifier avec FranceConnect" }).ClickAsync();
        await EntrepreneurBrowserJourneyTests.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "FranceConnect — fournisseur d'identité de démonstration" }));
        await page.Locator("li", new() { Has = page.Locator("code", new() { HasTextString = siret }) }).GetByRole(AriaRole.Link).ClickAsync();
        await EntrepreneurBrowserJourneyTests.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Tableau de bord", Exact = true }));
        Assert.StartsWith("http://localhost:" + web.App.Port + "/tableau-de-bord", page.Url, StringComparison.Ordinal);

        // logging out of a FranceConnect session also ends it at the provider (end-session with id_token_hint), then back here
        var endSession = new List<string>();
        page.Request += (_, r) => { if (r.Url.Contains("/franceconnect-standin/api/v2/session/end", StringComparison.Ordinal)) endSession.Add(r.Url); };
        await page.GetByRole(AriaRole.Button, new() { Name = "Se déconnecter" }).ClickAsync();
        await EntrepreneurBrowserJourneyTests.Expect(page.GetByText("Vous êtes aussi déconnecté de FranceConnect."));
        var call = Assert.Single(endSession);
        Assert.Contains("id_token_hint=", call, StringComparison.Ordinal);
        Assert.Contains("post_logout_redirect_uri=" + Uri.EscapeDataString("http://localhost:" + web.App.Port + "/deconnexion"), call, StringComparison.Ordinal);
        Assert.StartsWith("http://localhost:" + web.App.Port + "/deconnexion?", page.Url, StringComparison.Ordinal);
        await PageChecks.AccessibleAsync(page, "deconnexion-franceconnect");
        await page.GotoAsync("/tableau-de-bord");
        Assert.StartsWith("http://localhost:" + web.App.Port + "/connexion", page.Url, StringComparison.Ordinal);

        // a state this browser was not given is not taken for FranceConnect's return
        await page.GotoAsync("/deconnexion?state=forged");
        Assert.DoesNotContain("aussi déconnecté de FranceConnect", await page.InnerTextAsync("main"));
        Assert.Empty(serverErrors);
    }

    [Fact]
    public async Task A_login_code_brought_to_another_browser_does_not_log_it_in()
    {
        const string siret = "90104300074219", nir = "183047512312303", email = "noe.martin@example.test", password = "Riviere-Calme#2026";
        web.App.Secrets.AddRange([password, nir]);
        await web.ActiveAccountAsync(siret, nir, email, "0611223355", password);

        // the attacker's own FranceConnect round trip: the API's callback answers 302 to the return page with the login code
        await using var attacker = await web.NewContextAsync();
        var attackerPage = await attacker.NewPageAsync();
        string? loginUrl = null;
        attackerPage.Response += (_, response) =>
        {
            if (response.Status == 302 && response.Headers.TryGetValue("location", out var location) && location.Contains("loginCode=", StringComparison.Ordinal))
                loginUrl = location;
        };
        await attackerPage.GotoAsync("/connexion");
        await attackerPage.GetByRole(AriaRole.Button, new() { Name = "S'identifier avec FranceConnect" }).ClickAsync();
        await EntrepreneurBrowserJourneyTests.Expect(attackerPage.GetByRole(AriaRole.Heading, new() { Name = "FranceConnect — fournisseur d'identité de démonstration" }));
        await attackerPage.Locator("li", new() { Has = attackerPage.Locator("code", new() { HasTextString = siret }) }).GetByRole(AriaRole.Link).ClickAsync();
        await EntrepreneurBrowserJourneyTests.Expect(attackerPage.GetByRole(AriaRole.Heading, new() { Name = "Tableau de bord", Exact = true }));
        Assert.NotNull(loginUrl);

        // the victim's browser is sent to it: no session, a message
        await using var victim = await web.NewContextAsync();
        var victimPage = await victim.NewPageAsync();
        await victimPage.GotoAsync(loginUrl!);
        Assert.Contains("n'a pas été commencée dans ce navigateur", await victimPage.InnerTextAsync("main"));
        await victimPage.GotoAsync("/tableau-de-bord");
        Assert.StartsWith("http://localhost:" + web.App.Port + "/connexion", victimPage.Url, StringComparison.Ordinal);
    }
}
