using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using UglyToad.PdfPig.Writer;
using static Urssaf.Web.BrowserTests.EntrepreneurBrowserJourneyTests;

namespace Urssaf.Web.BrowserTests;

/// <summary>Secure messaging in Chromium: a new message to an adviser, a reply with a PDF, the adviser's answer and its file downloaded.</summary>
[Collection(BrowserCollection.Name)]
public sealed class MessagingBrowserTests(WebAccountBrowser web)
{
    [Fact]
    public async Task An_entrepreneur_writes_to_an_adviser_attaches_a_pdf_and_downloads_the_advisers_file()
    {
        const string email = "paul.message@example.test", password = "Sentier-Vert#2026";
        web.App.Secrets.AddRange([password, "295107505670318"]);
        await web.ActiveAccountAsync("66554433400014", "295107505670318", email, "0644556677", password);
        await using var context = await web.NewContextAsync();
        var page = await context.NewPageAsync();
        var serverErrors = new List<string>();
        page.Response += (_, r) => { if (r.Status >= 500) serverErrors.Add($"{r.Status} {r.Url}"); };
        await AccountSetup.LogInAsync(page, email, password);

        // a new message: nothing filled, then the subject and text kept while the topic is missing
        await page.GetByRole(AriaRole.Link, new() { Name = "Messagerie" }).ClickAsync();
        Assert.Contains("Aucune conversation pour le moment.", await page.InnerTextAsync("main"));
        await PageChecks.AccessibleAsync(page, "messagerie");
        await page.GetByLabel("Objet").FillAsync("Attestation pour un client");
        await page.GetByLabel("Votre message").FillAsync("Bonjour,\nmon client demande une attestation de vigilance.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Envoyer le message" }).ClickAsync();
        Assert.Contains("Choisissez le sujet de votre demande.", await page.Locator("#Sujet-erreur").InnerTextAsync());
        Assert.Equal("Attestation pour un client", await page.GetByLabel("Objet").InputValueAsync());
        Assert.Contains("mon client demande", await page.GetByLabel("Votre message").InputValueAsync());
        await PageChecks.AccessibleAsync(page, "messagerie-erreurs");
        await page.GetByLabel("Votre demande concerne").SelectOptionAsync("attestation");
        await page.GetByRole(AriaRole.Button, new() { Name = "Envoyer le message" }).ClickAsync();
        await Expect(page.GetByText("Votre message est envoyé. Un conseiller vous répondra"));
        Assert.Contains("mon client demande une attestation de vigilance.", await page.InnerTextAsync("main"));
        var threadId = Guid.Parse(page.Url.Split('/').Last().Split('#')[0]);

        // a reply: a text file is refused in French (the text kept), then a real PDF goes
        await page.GetByLabel("Votre message").FillAsync("Voici mon extrait Kbis.");
        await page.GetByLabel("Pièces jointes (facultatif)").SetInputFilesAsync(new FilePayload { Name = "notes.txt", MimeType = "text/plain", Buffer = "bonjour"u8.ToArray() });
        await page.GetByRole(AriaRole.Button, new() { Name = "Envoyer", Exact = true }).ClickAsync();
        Assert.Contains("Seuls les fichiers PDF, JPEG et PNG sont acceptés.", await page.Locator("#Fichiers-erreur").InnerTextAsync());
        Assert.Equal("Voici mon extrait Kbis.", await page.GetByLabel("Votre message").InputValueAsync());
        await PageChecks.AccessibleAsync(page, "conversation-erreurs");
        await page.GetByLabel("Pièces jointes (facultatif)").SetInputFilesAsync(new FilePayload { Name = "kbis.pdf", MimeType = "application/pdf", Buffer = Pdf() });
        await page.GetByRole(AriaRole.Button, new() { Name = "Envoyer", Exact = true }).ClickAsync();
        await Expect(page.GetByText("Votre message est envoyé avec 1 pièce jointe."));
        Assert.Contains("Télécharger kbis.pdf", await page.InnerTextAsync("main"));

        // the adviser answers with a file; the thread says an answer came, the file downloads as it was sent
        var answer = Pdf();
        using var form = new MultipartFormDataContent { { new StringContent("Votre attestation est jointe."), "body" } };
        var part = new ByteArrayContent(answer);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(part, "files", "attestation.pdf");
        var reply = await web.App.OperatorClient().PostAsync($"/api/v1/operator/threads/{threadId}/messages", form);
        Assert.True(reply.IsSuccessStatusCode, await reply.Content.ReadAsStringAsync());
        await web.App.DrainAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Retour à mes conversations" }).ClickAsync();
        Assert.Contains("Réponse reçue", await page.InnerTextAsync(".conversations"));
        Assert.Equal("1 nouveau message d'un conseiller à lire.", await page.Locator("#non-lus").InnerTextAsync());
        await page.GetByRole(AriaRole.Link, new() { Name = "Attestation pour un client (1 non lu)" }).ClickAsync();
        Assert.Contains("Votre attestation est jointe.", await page.InnerTextAsync("main"));
        await PageChecks.AccessibleAsync(page, "conversation");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Télécharger attestation.pdf" }).ClickAsync());
        Assert.Equal("attestation.pdf", download.SuggestedFilename);
        Assert.Equal(answer, await File.ReadAllBytesAsync((await download.PathAsync())!));
        await page.GetByRole(AriaRole.Link, new() { Name = "Retour à mes conversations" }).ClickAsync();
        Assert.Equal(0, await page.Locator("#non-lus").CountAsync()); // read once opened
        Assert.Equal("Attestation pour un client", await page.Locator(".conversations a").InnerTextAsync());
        Assert.Empty(serverErrors);
    }

    private static byte[] Pdf()
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(UglyToad.PdfPig.Fonts.Standard14Fonts.Standard14Font.Helvetica);
        builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4).AddText("Piece jointe " + Guid.NewGuid().ToString("N")[..8], 12, new UglyToad.PdfPig.Core.PdfPoint(50, 700), font);
        return builder.Build();
    }
}
