using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Urssaf.TestKit;

namespace Urssaf.Web.BrowserTests;

/// <summary>
/// A person's way through the web account in Chromium: sign-up with the link and the code read from the delivered
/// mail and SMS, login, dashboard, filing after the estimate, SEPA debit, history, attestation PDF, a preference,
/// logout; every page checked by axe-core at 375 and 1280 px.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class EntrepreneurBrowserJourneyTests(WebAccountBrowser web)
{
    private const string Siret = "73282932000074", Nir = "295109912611193", Email = "claire.martin@example.test", Password = "Horizon-Bleu#2026";

    [Fact]
    public async Task A_new_entrepreneur_signs_up_files_pays_gets_her_attestation_and_logs_out_in_the_browser()
    {
        web.App.Secrets.AddRange([Password, Nir, "Besançon"]);
        await web.FormalityAsync(Siret, Nir);
        await using var context = await web.NewContextAsync();
        var page = await context.NewPageAsync();
        var serverErrors = new List<string>();
        page.Response += (_, r) => { if (r.Status >= 500) serverErrors.Add($"{r.Status} {r.Url}"); };

        // home, then sign-up
        await page.GotoAsync("/");
        await PageChecks.AccessibleAsync(page, "accueil");
        await page.GetByRole(AriaRole.Link, new() { Name = "Créer mon compte" }).ClickAsync();
        await PageChecks.AccessibleAsync(page, "inscription");
        await page.GetByLabel("SIRET").FillAsync("732 829 320 00074");
        await page.GetByLabel("Numéro de sécurité sociale").FillAsync(Nir);
        await page.GetByLabel("Prénom").FillAsync("Claire");
        await page.GetByLabel("Nom de naissance ou d’usage").FillAsync("Martin");
        await page.GetByLabel("Adresse électronique").FillAsync(Email);
        await page.GetByLabel("Téléphone mobile").FillAsync("06 12 34 56 78");
        await page.GetByLabel("Mot de passe", new() { Exact = true }).FillAsync(Password);
        Assert.Equal("true", await page.Locator("#regles-mdp li[data-regle='court']").GetAttributeAsync("data-ok")); // the policy, live
        await page.GetByLabel("Question secrète").FillAsync("Ville de naissance ?");
        await page.GetByLabel("Réponse").FillAsync("Besançon");
        await page.GetByRole(AriaRole.Button, new() { Name = "Créer mon compte" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Vérifiez votre messagerie" }));
        await web.App.DrainAsync();

        // the link of the activation e-mail, opened as it is written (its host is the configured public base)
        var mail = Assert.Single(web.App.EmailsTo(Email));
        var link = new Uri(LinkPattern().Match(mail.TextBody!).Value);
        web.App.Secrets.Add(Delivered.ActivationToken(mail));
        Assert.Equal("/activation", link.AbsolutePath);
        await page.GotoAsync(link.PathAndQuery);
        await PageChecks.AccessibleAsync(page, "activation");
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirmer mon adresse électronique" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Saisir le code reçu par SMS" }));
        await PageChecks.AccessibleAsync(page, "activation-sms");
        var code = Delivered.SixDigitCode(Assert.Single(web.App.SmsTo("+33612345678")).Text);
        web.App.Secrets.Add(code);
        await page.GetByLabel("Code à 6 chiffres").FillAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "Activer mon compte" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Votre compte est activé" }));
        await web.App.DrainAsync();

        // login, then the dashboard
        await page.GetByRole(AriaRole.Link, new() { Name = "Se connecter" }).ClickAsync();
        await PageChecks.AccessibleAsync(page, "connexion");
        await page.GetByLabel("Adresse électronique, numéro de sécurité sociale ou SIRET").FillAsync(Email);
        await page.GetByLabel("Mot de passe", new() { Exact = true }).FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Tableau de bord", Exact = true }));
        Assert.Contains("Déclarer 1er trimestre 2026", await page.InnerTextAsync("main"));
        Assert.Contains("30 avril 2026", await page.InnerTextAsync("main"));
        await PageChecks.AccessibleAsync(page, "tableau-de-bord-vide");

        // no token in the browser: an opaque HttpOnly cookie, nothing in storage, a strict CSP
        var cookies = await context.CookiesAsync();
        var session = Assert.Single(cookies, c => c.Name == "urssaf_session");
        Assert.True(session.HttpOnly);
        Assert.True(session.Secure);
        Assert.DoesNotContain("eyJ", session.Value, StringComparison.Ordinal);
        Assert.Equal(0, await page.EvaluateAsync<int>("() => localStorage.length + sessionStorage.length"));
        var headers = await (await page.ReloadAsync())!.AllHeadersAsync();
        Assert.Contains("frame-ancestors 'none'", headers["content-security-policy"]);
        Assert.DoesNotContain("unsafe-inline", headers["content-security-policy"]);

        // the calendar, then filing 2026-Q1 after the estimate (it spans the 2026 BNC rate change: one line per quarter)
        await page.GetByRole(AriaRole.Link, new() { Name = "Déclarations" }).ClickAsync();
        await PageChecks.AccessibleAsync(page, "declarations");
        await page.GetByRole(AriaRole.Link, new() { Name = "Déclarer 1er trimestre 2026" }).ClickAsync();
        await PageChecks.AccessibleAsync(page, "declaration-formulaire");
        await FillLineAsync(page, 0, "liberal_bnc", "0", "2025-Q4");
        await FillLineAsync(page, 1, "liberal_bnc", "12500", "2026-Q1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Estimer mes cotisations" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Estimation de vos cotisations" }));
        Assert.Equal("3\u00A0500,00\u00A0€", await page.Locator("#total").InnerTextAsync());
        await PageChecks.AccessibleAsync(page, "declaration-estimation");
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirmer et déposer ma déclaration" }).ClickAsync();
        await Expect(page.GetByText("Votre déclaration du 1er trimestre 2026 est enregistrée : 3\u00A0500,00\u00A0€ de cotisations."));
        await PageChecks.AccessibleAsync(page, "declaration-deposee");
        await web.App.DrainAsync();

        // a mandate (recent login: the step-up holds), then paying the period by SEPA debit, then the history
        await page.GetByRole(AriaRole.Link, new() { Name = "Paiements" }).ClickAsync();
        await PageChecks.AccessibleAsync(page, "paiements");
        await page.GetByLabel("IBAN").FillAsync("FR76 3000 6000 0112 3456 7890 189");
        await page.GetByLabel("Titulaire du compte").FillAsync("Claire Martin");
        await page.GetByRole(AriaRole.Button, new() { Name = "Signer le mandat" }).ClickAsync();
        await Expect(page.GetByText("Mandat de prélèvement enregistré"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Payer 3\u00A0500,00\u00A0€" }).ClickAsync();
        await Expect(page.GetByText("Prélèvement de 3\u00A0500,00\u00A0€ programmé le 30 avril 2026 pour 1er trimestre 2026."));
        var history = await page.Locator("#historique table").InnerTextAsync();
        Assert.Contains("Prélèvement SEPA", history);
        Assert.Contains("3\u00A0500,00\u00A0€", history);
        Assert.Contains("Programmé, prélèvement le 30 avril 2026", history);
        await PageChecks.AccessibleAsync(page, "paiements-historique");
        await web.App.DrainAsync();

        // the attestation de vigilance, downloaded and read back as a PDF
        await page.GetByRole(AriaRole.Link, new() { Name = "Documents" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Obtenir une attestation de vigilance" }).ClickAsync();
        await Expect(page.GetByText("Votre attestation de vigilance est prête"));
        await PageChecks.AccessibleAsync(page, "documents");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "PDF : Attestation de vigilance" }).First.ClickAsync());
        var bytes = await File.ReadAllBytesAsync((await download.PathAsync())!);
        Assert.Equal("%PDF-"u8.ToArray(), bytes[..5]);
        using (var pdf = UglyToad.PdfPig.PdfDocument.Open(bytes))
        {
            var text = string.Concat(pdf.GetPages().Select(p => p.Text));
            Assert.Contains(Siret, text.Replace(" ", "", StringComparison.Ordinal));
        }

        // the dashboard now: green, what was paid, the trend with its table
        await page.GetByRole(AriaRole.Link, new() { Name = "Tableau de bord" }).ClickAsync();
        Assert.Equal("À jour", await page.Locator(".regularite").InnerTextAsync());
        Assert.Equal(1, await page.Locator(".graphique svg[role=img]").CountAsync());
        var trend = await page.Locator("section[aria-labelledby='titre-tendance'] table").InnerTextAsync();
        Assert.Contains("1er trimestre 2026\t12\u00A0500,00\u00A0€", trend);
        var payments = await page.Locator("section[aria-labelledby='w-recent_payments']").InnerTextAsync();
        // the method once, then its state: on 3 April the debit of 30 April is not yet in a bank file
        Assert.Contains("3\u00A0500,00\u00A0€ pour 1er trimestre 2026 – Prélèvement SEPA, programmé", payments);
        await PageChecks.AccessibleAsync(page, "tableau-de-bord");

        // a preference, saved and read back
        await page.GetByRole(AriaRole.Link, new() { Name = "Paramètres" }).ClickAsync();
        await page.GetByLabel("Rappels d'échéance").SelectOptionAsync("sms");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer mes préférences" }).ClickAsync();
        await Expect(page.GetByText("Vos préférences de notification sont enregistrées."));
        Assert.Equal("sms", await page.GetByLabel("Rappels d'échéance").InputValueAsync());
        await PageChecks.AccessibleAsync(page, "parametres");

        // logout: the API session ends, the pages ask to log in again
        await page.GetByRole(AriaRole.Button, new() { Name = "Se déconnecter" }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
        Assert.Contains("Vous êtes déconnecté", await page.InnerTextAsync("body"));
        await page.GotoAsync("/tableau-de-bord");
        Assert.EndsWith("/connexion?retour=%2Ftableau-de-bord", page.Url, StringComparison.Ordinal);
        Assert.Empty(serverErrors);
    }

    internal static async Task FillLineAsync(IPage page, int row, string category, string turnover, string? subPeriod)
    {
        await page.Locator($"[id='Category[{row}]']").SelectOptionAsync(category);
        await page.Locator($"[id='Turnover[{row}]']").FillAsync(turnover);
        if (subPeriod is not null) await page.Locator($"[id='SubPeriod[{row}]']").FillAsync(subPeriod);
    }

    internal static Task Expect(ILocator locator) => locator.First.WaitForAsync(new() { Timeout = 15_000 });

    [GeneratedRegex(@"https?://\S+/activation\?token=\S+")]
    private static partial Regex LinkPattern();
}
