using System.IO.Compression;
using Microsoft.Playwright;
using static Urssaf.Web.BrowserTests.EntrepreneurBrowserJourneyTests;

namespace Urssaf.Web.BrowserTests;

/// <summary>Personal data in Chromium: a copy asked for, prepared, downloaded and opened; then the account closed, with what is kept and why.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PersonalDataBrowserTests(WebAccountBrowser web)
{
    [Fact]
    public async Task An_entrepreneur_downloads_a_copy_of_her_data_then_closes_her_account_and_is_told_what_is_kept()
    {
        const string email = "rose.donnees@example.test", password = "Vallon-Ombre#2026";
        web.App.Secrets.AddRange([password, "295107505670417"]);
        await web.ActiveAccountAsync("99887766600011", "295107505670417", email, "0655667788", password);
        await using var context = await web.NewContextAsync();
        var page = await context.NewPageAsync();
        var serverErrors = new List<string>();
        page.Response += (_, r) => { if (r.Status >= 500) serverErrors.Add($"{r.Status} {r.Url}"); };
        await AccountSetup.LogInAsync(page, email, password);

        // the copy: asked for, prepared in the background, downloaded as a ZIP with its index
        await page.GetByRole(AriaRole.Link, new() { Name = "Paramètres" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Mes données personnelles : en obtenir une copie, clôturer mon compte" }).ClickAsync();
        await PageChecks.AccessibleAsync(page, "donnees");
        await page.GetByRole(AriaRole.Button, new() { Name = "Demander une copie de mes données" }).ClickAsync();
        await Expect(page.GetByText("Votre copie est en préparation."));
        await web.App.RunDailyJobAsync("identity-data-exports");
        await page.GetByRole(AriaRole.Link, new() { Name = "Actualiser" }).ClickAsync();
        await Expect(page.GetByText("Votre copie est prête"));
        await PageChecks.AccessibleAsync(page, "donnees-copie-prete");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Télécharger ma copie" }).ClickAsync());
        Assert.EndsWith(".zip", download.SuggestedFilename, StringComparison.Ordinal);
        using (var zip = ZipFile.OpenRead((await download.PathAsync())!))
            Assert.Contains(zip.Entries, e => e.FullName == "index.json");

        // closure: nothing confirmed, then a wrong password, then closed
        await page.GetByRole(AriaRole.Link, new() { Name = "Clôturer mon compte" }).ClickAsync();
        Assert.Contains("La clôture est définitive", await page.InnerTextAsync("main"));
        await PageChecks.AccessibleAsync(page, "cloture");
        await page.GetByRole(AriaRole.Button, new() { Name = "Clôturer définitivement mon compte" }).ClickAsync();
        Assert.Contains("Saisissez votre mot de passe.", await page.Locator("#MotDePasse-erreur").InnerTextAsync());
        Assert.Contains("Cochez la case pour confirmer la clôture.", await page.Locator("#Confirmation-erreur").InnerTextAsync());
        await PageChecks.AccessibleAsync(page, "cloture-erreurs");
        await page.GetByLabel("Mot de passe").FillAsync("Pas-le-bon#2026");
        await page.GetByLabel("Je comprends que la clôture est définitive").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Clôturer définitivement mon compte" }).ClickAsync();
        Assert.Contains("Ce mot de passe n'est pas le bon.", await page.Locator("#resume-erreurs").InnerTextAsync());
        Assert.True(await page.GetByLabel("Je comprends que la clôture est définitive").IsCheckedAsync());
        await page.GetByLabel("Mot de passe").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Clôturer définitivement mon compte" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Votre compte est clôturé" }));
        var kept = await page.Locator("section[aria-labelledby='titre-conserve'] table").InnerTextAsync();
        Assert.Matches(@"vos déclarations et vos cotisations\t\d+ \w+ 2032\tCSS L\.244-3", kept); // 6 years after the closure
        Assert.Contains("votre numéro de mobile", await page.InnerTextAsync("section[aria-labelledby='titre-efface']"));
        await PageChecks.AccessibleAsync(page, "cloture-faite");

        // the web session went with the account
        await page.GotoAsync("/tableau-de-bord");
        Assert.Contains("/connexion", page.Url, StringComparison.Ordinal);
        Assert.Empty(serverErrors);
    }
}
