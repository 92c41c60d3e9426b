using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Urssaf.Web.BrowserTests.EntrepreneurBrowserJourneyTests;

namespace Urssaf.Web.BrowserTests;

/// <summary>
/// Paying by card on the stand-in provider's page (card form, 3-D Secure code), the card threshold, payment plans (the
/// schedule before confirming, an adviser's counter-proposal accepted) and automatic debit, in Chromium.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class PaymentsBrowserTests(WebAccountBrowser web)
{
    private const string Nbsp = "\u00A0";

    [Fact]
    public async Task A_period_paid_by_card_on_the_providers_page_appears_paid_in_the_history()
    {
        const string email = "nina.card@example.test", password = "Riviere-Bleue#2026";
        web.App.Secrets.AddRange([password, "295107505670120"]);
        await web.ActiveAccountAsync("88776655800019", "295107505670120", email, "0622334455", password);
        await AccountSetup.DeclareFirstQuarterAsync(web, await AccountSetup.LoggedInAsync(web, email, password), 5000);
        await using var context = await web.NewContextAsync();
        var page = await context.NewPageAsync();
        var serverErrors = new List<string>();
        page.Response += (_, r) => { if (r.Status >= 500) serverErrors.Add($"{r.Status} {r.Url}"); };
        await AccountSetup.LogInAsync(page, email, password);

        await page.GetByRole(AriaRole.Link, new() { Name = "Paiements", Exact = true }).ClickAsync();
        await page.GetByLabel("Carte bancaire").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = $"Payer 1{Nbsp}400,00{Nbsp}€" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Paiement par carte de 1{Nbsp}400,00{Nbsp}€" }));
        await PageChecks.AccessibleAsync(page, "paiements-carte");

        // the provider's page: the card, then the 3-D Secure code
        await page.GetByRole(AriaRole.Link, new() { Name = "Continuer vers la page de paiement sécurisée" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Paiement par carte" }));
        Assert.Contains("/psp/stand-in/checkout/", page.Url, StringComparison.Ordinal);
        await page.GetByLabel("Numéro de carte").FillAsync("4242 4242 4242 4242");
        await page.GetByLabel("Expiration (MM/AA)").FillAsync("12/28");
        await page.GetByLabel("Cryptogramme").FillAsync("123");
        await page.GetByRole(AriaRole.Button, new() { NameRegex = PayButton() }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Authentification 3-D Secure" }));
        await page.GetByLabel("Code").FillAsync("123456");
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirmer" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Paiement accepté" }));

        // back in the account: the period is paid, the history says how
        await page.GetByRole(AriaRole.Link, new() { Name = "Retour à votre compte" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Tableau de bord", Exact = true }));
        await page.GetByRole(AriaRole.Link, new() { Name = "Paiements", Exact = true }).ClickAsync();
        var history = await page.Locator("#historique table").InnerTextAsync();
        Assert.Contains($"Carte bancaire\t1{Nbsp}400,00{Nbsp}€\tPayé", history);
        Assert.Contains("Rien à payer pour le moment.", await page.InnerTextAsync("main"));
        await PageChecks.AccessibleAsync(page, "paiements-carte-payee");
        Assert.Empty(serverErrors);
    }

    [Fact]
    public async Task Above_the_card_threshold_a_plan_is_asked_with_its_schedule_and_the_advisers_counter_proposal_accepted()
    {
        const string email = "oscar.plan@example.test", password = "Colline-Douce#2026";
        web.App.Secrets.AddRange([password, "295107505670219"]);
        await web.ActiveAccountAsync("77665544100017", "295107505670219", email, "0633445566", password);
        var api = await AccountSetup.LoggedInAsync(web, email, password);
        await AccountSetup.DeclareFirstQuarterAsync(web, api, 12500);
        await AccountSetup.MandateAsync(api);
        await using var context = await web.NewContextAsync();
        var page = await context.NewPageAsync();
        var serverErrors = new List<string>();
        page.Response += (_, r) => { if (r.Status >= 500) serverErrors.Add($"{r.Status} {r.Url}"); };
        await AccountSetup.LogInAsync(page, email, password);

        // 3 500 € by card: refused in French next to the choice, nothing started
        await page.GotoAsync("/paiements");
        await page.GetByLabel("Carte bancaire").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = $"Payer 3{Nbsp}500,00{Nbsp}€" }).ClickAsync();
        Assert.Contains("dépasse le plafond du paiement par carte", await page.Locator("[id='method-2026-Q1-erreur']").InnerTextAsync());
        Assert.Contains("dépasse le plafond du paiement par carte", await page.Locator("#resume-erreurs").InnerTextAsync());
        Assert.Contains("Aucun paiement.", await page.InnerTextAsync("#historique"));
        await PageChecks.AccessibleAsync(page, "paiements-carte-plafond");

        // the code's help page, linked from the error summary, then the contact page
        await page.GetByRole(AriaRole.Link, new() { Name = "Aide sur ce message (référence payments.card.above_threshold)" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Que faire ?" }));
        Assert.Contains("Payez par prélèvement ou par virement", await page.InnerTextAsync("main"));
        await PageChecks.AccessibleAsync(page, "aide-code");
        await page.GetByRole(AriaRole.Link, new() { Name = "Toute l'aide et les moyens de nous contacter" }).ClickAsync();
        Assert.Contains("3957", await page.InnerTextAsync("main"));
        await PageChecks.AccessibleAsync(page, "aide");
        await page.GotoAsync("/aide/not.a.code");
        Assert.Contains("introuvable", (await page.InnerTextAsync("body")).ToLowerInvariant());
        await page.GotoAsync("/paiements");

        // automatic debit on the mandate, then off again
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Activer le prélèvement automatique") }).ClickAsync();
        await Expect(page.GetByText("Prélèvement automatique activé sur le compte"));
        Assert.Contains("Activé", await page.InnerTextAsync("#mandats table"));
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Désactiver le prélèvement automatique") }).ClickAsync();
        await Expect(page.GetByText("Prélèvement automatique désactivé sur le compte"));

        // a plan: no reason given (French message, choices kept), then the schedule shown before confirming
        await page.GetByRole(AriaRole.Link, new() { Name = "Voir mes échéanciers ou en demander un" }).ClickAsync();
        await PageChecks.AccessibleAsync(page, "echeanciers");
        await page.GetByLabel("Nombre de mensualités").SelectOptionAsync("8");
        await page.GetByRole(AriaRole.Button, new() { Name = "Voir l'échéancier proposé" }).ClickAsync();
        Assert.Contains("Expliquez en quelques mots", await page.Locator("#Motif-erreur").InnerTextAsync());
        Assert.Equal("8", await page.GetByLabel("Nombre de mensualités").InputValueAsync());
        await PageChecks.AccessibleAsync(page, "echeanciers-erreurs");
        await page.GetByLabel("Ce qui vous amène à demander un échéancier").FillAsync("Baisse d'activité cet hiver.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Voir l'échéancier proposé" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "L'échéancier proposé" }));
        var schedule = await page.Locator("#apercu table").InnerTextAsync();
        Assert.Equal(9, await page.Locator("#apercu table tr").CountAsync()); // header and 8 instalments
        Assert.Contains($"437,50{Nbsp}€", schedule); // 3 500 € / 8
        Assert.Contains("étudiée par un conseiller", await page.InnerTextAsync("#apercu"));
        Assert.Contains("Aucun échéancier.", await page.InnerTextAsync("main"));
        await PageChecks.AccessibleAsync(page, "echeanciers-apercu");
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirmer ma demande d'échéancier" }).ClickAsync();
        await Expect(page.GetByText("Votre demande d'échéancier est transmise"));
        Assert.Equal("À l'étude par un conseiller", await page.Locator("#etat-echeancier").InnerTextAsync());
        var planId = Guid.Parse(page.Url.Split('/').Last());

        // the adviser proposes 6 instalments; the entrepreneur sees and accepts them
        var decision = await web.App.OperatorClient().PostAsJsonAsync($"/api/v1/operator/payment-plans/{planId}/decision",
            new { decision = "counter_propose", instalments = 6, note = "Six mensualités suffisent au vu de votre activité." });
        Assert.True(decision.IsSuccessStatusCode, await decision.Content.ReadAsStringAsync());
        await web.App.DrainAsync();
        await page.ReloadAsync();
        Assert.Equal("Contre-proposition à accepter", await page.Locator("#etat-echeancier").InnerTextAsync());
        Assert.Contains("Six mensualités suffisent", await page.InnerTextAsync("main"));
        await PageChecks.AccessibleAsync(page, "echeancier-contre-proposition");
        await page.GetByRole(AriaRole.Button, new() { Name = "Accepter l'échéancier proposé" }).ClickAsync();
        await Expect(page.GetByText("Vous avez accepté l'échéancier proposé"));
        Assert.Equal("Accordé", await page.Locator("#etat-echeancier").InnerTextAsync());
        Assert.Equal(6, await page.Locator("section[aria-labelledby='titre-echeances'] tbody tr").CountAsync());
        Assert.Contains("Cotisations du 1er trimestre 2026", await page.InnerTextAsync("main"));
        await PageChecks.AccessibleAsync(page, "echeancier-accorde");
        await page.GotoAsync("/paiements/echeanciers");
        Assert.Contains("Accordé", await page.InnerTextAsync("main table"));
        Assert.Empty(serverErrors);
    }

    [GeneratedRegex("^Payer ")]
    private static partial Regex PayButton();
}
