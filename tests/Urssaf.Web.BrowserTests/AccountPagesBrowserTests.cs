using System.Net.Http.Json;
using System.Text;
using Microsoft.Playwright;
using Urssaf.TestKit;

namespace Urssaf.Web.BrowserTests;

/// <summary>
/// The declaration's history and its safe correction (a version changed in another tab is shown, never overwritten), the
/// live estimate, the late correction asked of an adviser, the regulatory notices on the dashboard, the annual summary and
/// the year's CSV files, the change of e-mail and the delegations to third parties: each page as a person uses it, checked
/// by axe-core at 375 and 1280 px, with its bad input.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AccountPagesBrowserTests(WebAccountBrowser web)
{
    private const string Nbsp = "\u00A0";

    private async Task<(IBrowserContext Context, IPage Page, List<string> ServerErrors)> LoggedInAsync(string siret, string nir, string email, string phone,
        string password, string activityStart = "2025-10-15")
    {
        web.App.Secrets.AddRange([password, nir]);
        await web.ActiveAccountAsync(siret, nir, email, phone, password, activityStart);
        var context = await web.NewContextAsync();
        var page = await context.NewPageAsync();
        var serverErrors = new List<string>();
        page.Response += (_, r) => { if (r.Status >= 500) serverErrors.Add($"{r.Status} {r.Url}"); };
        await page.GotoAsync("/connexion");
        await page.GetByLabel("Adresse électronique, numéro de sécurité sociale ou SIRET").FillAsync(email);
        await page.GetByLabel("Mot de passe", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Tableau de bord", Exact = true }));
        return (context, page, serverErrors);
    }

    [Fact]
    public async Task A_correction_shows_the_live_estimate_keeps_every_version_and_never_overwrites_a_version_changed_in_another_tab()
    {
        var (context, page, serverErrors) = await LoggedInAsync("91234567500017", "295109912644451", "lea.garnier@example.test", "0622334455", "Riviere-Calme#2026");
        await using var _ = context;

        // the live estimate while typing (script), then the filing after the estimate
        await page.GotoAsync("/declarations/2026-Q1");
        await EntrepreneurBrowserJourneyTests.FillLineAsync(page, 0, "liberal_bnc", "0", "2025-Q4");
        await EntrepreneurBrowserJourneyTests.FillLineAsync(page, 1, "liberal_bnc", "douze", "2026-Q1");
        await Expect(page.Locator("#estimation-directe", new() { HasTextString = "euros entiers" }));
        await page.Locator("[id='Turnover[1]']").FillAsync("12500");
        await Expect(page.Locator("#estimation-directe", new() { HasTextString = $"Estimation : 3{Nbsp}500,00{Nbsp}€ de cotisations" }));
        await PageChecks.AccessibleAsync(page, "declaration-estimation-directe");
        await page.GetByRole(AriaRole.Button, new() { Name = "Estimer mes cotisations" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirmer et déposer ma déclaration" }).ClickAsync();
        await Expect(page.GetByText($"Votre déclaration du 1er trimestre 2026 est enregistrée : 3{Nbsp}500,00{Nbsp}€ de cotisations."));
        Assert.Contains($"25,6{Nbsp}%", await page.Locator("section[aria-labelledby='titre-recu'] table").InnerTextAsync()); // the rate in percent
        var history = page.Locator("section[aria-labelledby='titre-historique'] tbody tr");
        Assert.Equal(1, await history.CountAsync());
        Assert.Contains("Dépôt", await history.First.InnerTextAsync());
        await PageChecks.AccessibleAsync(page, "declaration-historique");

        // two tabs open the correction; the second saves first
        await page.GetByRole(AriaRole.Link, new() { Name = "Corriger (jusqu'au 30 avril 2026)" }).ClickAsync();
        Assert.Equal("12500", await page.Locator("[id='Turnover[1]']").InputValueAsync());
        var other = await context.NewPageAsync();
        await other.GotoAsync("/declarations/2026-Q1?corriger=true");
        await other.Locator("[id='Turnover[1]']").FillAsync("14000");
        await other.GetByRole(AriaRole.Button, new() { Name = "Estimer mes cotisations" }).ClickAsync();
        await other.GetByRole(AriaRole.Button, new() { Name = "Confirmer et déposer ma déclaration" }).ClickAsync();
        await Expect(other.GetByText("Votre déclaration du 1er trimestre 2026 est enregistrée"));

        // the first tab's correction is refused in French, the saved version is shown, what was typed is kept
        await page.Locator("[id='Turnover[1]']").FillAsync("13000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Estimer mes cotisations" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirmer et déposer ma déclaration" }).ClickAsync();
        Assert.Contains("a été modifiée depuis que vous l'avez ouverte", await page.Locator("#resume-erreurs").InnerTextAsync());
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Version enregistrée actuellement" }));
        Assert.Contains($"14{Nbsp}000,00{Nbsp}€", await page.Locator("section[aria-labelledby='titre-recu'] table").InnerTextAsync());
        Assert.Equal("13000", await page.Locator("[id='Turnover[1]']").InputValueAsync());
        await PageChecks.AccessibleAsync(page, "declaration-version-changee");

        // having seen it, the person confirms again: a third version, every one kept
        await page.GetByRole(AriaRole.Button, new() { Name = "Estimer mes cotisations" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirmer et déposer ma déclaration" }).ClickAsync();
        await Expect(page.GetByText("Votre déclaration du 1er trimestre 2026 est enregistrée"));
        var kinds = await page.Locator("section[aria-labelledby='titre-historique'] tbody tr td:nth-child(2)").AllInnerTextsAsync();
        Assert.Equal(["Dépôt", "Correction", "Correction"], kinds);
        Assert.Contains($"13{Nbsp}000,00{Nbsp}€", await page.Locator("section[aria-labelledby='titre-historique'] tbody tr").Last.InnerTextAsync());
        Assert.Empty(serverErrors);
    }

    [Fact]
    public async Task After_the_due_date_a_correction_is_asked_of_an_adviser_with_a_reason()
    {
        // activity from 15 February 2025: the first declaration (to 30 June 2025) was due on 31 July 2025
        var (context, page, serverErrors) = await LoggedInAsync("92345678400019", "295109912655537", "noe.lambert@example.test", "0633445566",
            "Falaise-Grise#2026", activityStart: "2025-02-15");
        await using var _ = context;
        await page.GotoAsync("/declarations/2025-Q2");
        await EntrepreneurBrowserJourneyTests.FillLineAsync(page, 0, "liberal_bnc", "8000", null);
        await page.GetByRole(AriaRole.Button, new() { Name = "Estimer mes cotisations" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirmer et déposer ma déclaration" }).ClickAsync();
        await Expect(page.GetByText("Votre déclaration du 2e trimestre 2025 est enregistrée"));

        await page.GetByRole(AriaRole.Link, new() { Name = "Corriger (jusqu'au 31 juillet 2025)" }).ClickAsync();
        await page.Locator("[id='Turnover[0]']").FillAsync("9000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Estimer mes cotisations" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirmer et déposer ma déclaration" }).ClickAsync();
        Assert.Contains("La date limite est passée", await page.Locator("#resume-erreurs").InnerTextAsync());
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Demander une correction tardive" }));
        await PageChecks.AccessibleAsync(page, "declaration-correction-tardive");

        // without a reason: a French message next to the field
        await page.GetByRole(AriaRole.Button, new() { Name = "Envoyer ma demande à un conseiller" }).ClickAsync();
        Assert.Contains("Expliquez pourquoi", await page.Locator("#Reason-erreur").InnerTextAsync());
        await page.GetByLabel("Pourquoi faut-il corriger cette déclaration ?").FillAsync("Une facture de juin a été oubliée.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Envoyer ma demande à un conseiller" }).ClickAsync();
        await Expect(page.GetByText("Votre demande de correction de la déclaration du 2e trimestre 2025 est transmise à un conseiller."));
        Assert.Empty(serverErrors);
    }

    [Fact]
    public async Task The_dashboard_shows_each_notice_and_documents_gives_the_annual_summary_and_the_year_s_csv_files()
    {
        var published = await web.App.OperatorClient().PostAsJsonAsync("/api/v1/operator/regulatory-notices", new
        {
            title = "Nouveau plafond de chiffre d'affaires", text = "Le plafond du régime micro est relevé pour les prestations de services.",
            effectiveOn = "2026-07-01", audience = Everyone, link = "https://www.urssaf.fr/accueil/actualites.html",
        });
        published.EnsureSuccessStatusCode();
        var refused = await web.App.OperatorClient().PostAsJsonAsync("/api/v1/operator/regulatory-notices", new
        {
            title = "Lien non sûr", text = "Texte.", effectiveOn = "2026-07-01", audience = Everyone, link = "javascript:alert(1)",
        });
        Assert.Equal(400, (int)refused.StatusCode);
        Assert.Contains("notifications.notice.link_invalid", await refused.Content.ReadAsStringAsync());

        var (context, page, serverErrors) = await LoggedInAsync("93456789200013", "295109912666623", "ines.morel@example.test", "0644556677", "Prairie-Haute#2026");
        await using var _ = context;
        var notice = page.Locator("section[aria-labelledby='w-regulatory_notices'] article", new() { HasTextString = "Nouveau plafond de chiffre d'affaires" });
        Assert.Contains("Applicable à partir du 1er juillet 2026", await notice.InnerTextAsync());
        Assert.Contains("Le plafond du régime micro est relevé", await notice.InnerTextAsync());
        Assert.Equal("https://www.urssaf.fr/accueil/actualites.html", await notice.GetByRole(AriaRole.Link).GetAttributeAsync("href"));
        await PageChecks.AccessibleAsync(page, "tableau-de-bord-avis");

        // the annual summary (PDF read back), then the declarations of the year as CSV
        await page.GotoAsync("/documents");
        await page.GetByLabel("Année du récapitulatif").FillAsync("2O26");
        await page.GetByRole(AriaRole.Button, new() { Name = "Produire le récapitulatif annuel (PDF)" }).ClickAsync();
        Assert.Contains("quatre chiffres", await page.Locator("#annee-recapitulatif-erreur").InnerTextAsync());
        Assert.Equal("2O26", await page.GetByLabel("Année du récapitulatif").InputValueAsync());
        await page.GetByLabel("Année du récapitulatif").FillAsync("2026");
        await page.GetByRole(AriaRole.Button, new() { Name = "Produire le récapitulatif annuel (PDF)" }).ClickAsync();
        await Expect(page.GetByText("Votre récapitulatif annuel 2026 est prêt"));
        await PageChecks.AccessibleAsync(page, "documents-recapitulatif");
        var pdf = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "PDF : Récapitulatif annuel" }).First.ClickAsync());
        var bytes = await File.ReadAllBytesAsync((await pdf.PathAsync())!);
        using (var document = UglyToad.PdfPig.PdfDocument.Open(bytes))
            Assert.Contains("2026", string.Concat(document.GetPages().Select(p => p.Text)));

        await page.GetByLabel("Fichier", new() { Exact = true }).SelectOptionAsync("declarations");
        await page.GetByLabel("Année", new() { Exact = true }).FillAsync("2026");
        var csv = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Télécharger le fichier CSV" }).ClickAsync());
        Assert.Equal("declarations-2026.csv", csv.SuggestedFilename);
        Assert.StartsWith("periode;debut;fin;echeance", Encoding.UTF8.GetString(await File.ReadAllBytesAsync((await csv.PathAsync())!)).TrimStart('\uFEFF'));
        await page.GetByLabel("Fichier", new() { Exact = true }).SelectOptionAsync("paiements");
        var payments = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Télécharger le fichier CSV" }).ClickAsync());
        Assert.Equal("paiements-2026.csv", payments.SuggestedFilename);

        // a year that is not one: the page again, the message next to the field
        await page.GotoAsync("/documents?handler=Export&fichier=recapitulatif&annee=99");
        Assert.Contains("quatre chiffres", await page.Locator("#annee-erreur").InnerTextAsync());
        Assert.Equal("99", await page.GetByLabel("Année", new() { Exact = true }).InputValueAsync());
        Assert.Empty(serverErrors);
    }

    [Fact]
    public async Task Settings_change_the_e_mail_with_the_code_and_give_then_take_back_an_access_to_a_third_party()
    {
        var thirdParty = await web.App.OperatorClient().PostAsJsonAsync("/api/v1/operator/third-parties",
            new { name = "Cabinet Comptable des Tilleuls", siren = "956789127", allowedScopes = new[] { "declarations.read", "documents.read" } });
        thirdParty.EnsureSuccessStatusCode();
        var (context, page, serverErrors) = await LoggedInAsync("94567891000015", "295109912677709", "jules.perrin@example.test", "0655667788", "Colline-Douce#2026");
        await using var _ = context;

        // e-mail: a malformed address, then the new one and the code it receives (a wrong one first)
        await page.GotoAsync("/parametres");
        await page.GetByRole(AriaRole.Link, new() { Name = "Changer mon adresse électronique ou mon numéro de mobile" }).ClickAsync();
        await PageChecks.AccessibleAsync(page, "parametres-coordonnees");
        await page.GetByLabel("Nouvelle adresse électronique").FillAsync("jules.perrin@");
        await page.GetByRole(AriaRole.Button, new() { Name = "Recevoir un code à cette adresse" }).ClickAsync();
        Assert.Contains("adresse électronique valide", await page.Locator("#Email-erreur").InnerTextAsync());
        Assert.Equal("jules.perrin@", await page.GetByLabel("Nouvelle adresse électronique").InputValueAsync());
        await page.GetByLabel("Nouvelle adresse électronique").FillAsync("jules.perrin@nouveau.example.test");
        await page.GetByRole(AriaRole.Button, new() { Name = "Recevoir un code à cette adresse" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Confirmer votre nouvelle adresse électronique" }));
        await web.App.DrainAsync();
        var code = Delivered.SixDigitCode(web.App.EmailsTo("jules.perrin@nouveau.example.test").Last().TextBody!);
        web.App.Secrets.Add(code);
        await page.GetByLabel("Code à 6 chiffres").FillAsync("12a");
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirmer le changement" }).ClickAsync();
        Assert.Contains("6 chiffres", await page.Locator("#Code-erreur").InnerTextAsync());
        await PageChecks.AccessibleAsync(page, "parametres-coordonnees-code");
        await page.GetByLabel("Code à 6 chiffres").FillAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirmer le changement" }).ClickAsync();
        await Expect(page.GetByText("Votre adresse électronique est modifiée."));

        // delegations: no scope ticked, then a scope the firm may not receive, then a real grant, then taking it back
        await page.GetByRole(AriaRole.Link, new() { Name = "Gérer les accès donnés à des tiers" }).ClickAsync();
        await page.GetByLabel("Cabinet comptable ou logiciel").SelectOptionAsync("956789127");
        await page.GetByRole(AriaRole.Button, new() { Name = "Donner cet accès" }).ClickAsync();
        Assert.Contains("Cochez au moins une autorisation", await page.Locator("#Scopes-erreur").InnerTextAsync());
        Assert.Equal("956789127", await page.GetByLabel("Cabinet comptable ou logiciel").InputValueAsync());
        await page.GetByLabel("Payer vos cotisations").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Donner cet accès" }).ClickAsync();
        Assert.Contains("ne peut pas recevoir", await page.Locator("#Scopes-erreur").InnerTextAsync());
        await PageChecks.AccessibleAsync(page, "parametres-delegations-erreurs");
        await page.GetByLabel("Payer vos cotisations").UncheckAsync();
        await page.GetByLabel("Consulter vos déclarations").CheckAsync();
        await page.GetByLabel("Jusqu'au (facultatif)").FillAsync("31/12/2026");
        await page.GetByRole(AriaRole.Button, new() { Name = "Donner cet accès" }).ClickAsync();
        await Expect(page.GetByText("Cabinet Comptable des Tilleuls a désormais accès à votre compte : Consulter vos déclarations."));
        var row = page.Locator("section[aria-labelledby='titre-acces'] tbody tr");
        Assert.Contains("Actif, jusqu'au 31 décembre 2026", await row.InnerTextAsync());
        await PageChecks.AccessibleAsync(page, "parametres-delegations");
        await page.GetByRole(AriaRole.Link, new() { Name = "Voir ses actions : Cabinet Comptable des Tilleuls" }).ClickAsync();
        await Expect(page.GetByText("Ce tiers n'a encore rien fait pour vous."));
        await page.GetByRole(AriaRole.Button, new() { Name = "Retirer l'accès de Cabinet Comptable des Tilleuls" }).ClickAsync();
        await Expect(page.GetByText("L'accès est retiré"));
        Assert.Contains("Retiré", await row.InnerTextAsync());
        Assert.Empty(serverErrors);
    }

    private static readonly object Everyone = new { all = true, categories = Array.Empty<string>(), departments = Array.Empty<string>(), frequencies = Array.Empty<string>() };

    private static Task Expect(ILocator locator) => EntrepreneurBrowserJourneyTests.Expect(locator);
}
