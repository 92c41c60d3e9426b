using PdfSharp.Drawing;
using PdfSharp.Pdf;
using QRCoder;
using Urssaf.Modules.Documents.Domain;

namespace Urssaf.Modules.Documents.Rendering;

internal sealed record DeclarationReceiptData(string Period, DateOnly PeriodStart, DateOnly PeriodEnd, DateOnly DueDate, DateTime SubmittedAtUtc, int Version,
    IReadOnlyList<(string Category, long Turnover, decimal Rate, long Cents)> Lines, long Training, long Chamber, long IncomeTax, long Total);

internal sealed record PaymentReceiptData(string Period, long AmountCents, string Method, DateOnly ReceivedOn, string Reference);

internal sealed record SummaryLine(string Label, string Detail, long AmountCents);

/// <summary>The French documents, laid out on A4 (CSS D243-15 content for the attestation).</summary>
internal static class Renderers
{
    private const string Issuer = "Urssaf Account — service des micro-entrepreneurs";

    public static void Attestation(PdfDocument pdf, Holder holder, DateOnly issuedOn, DateOnly validUntil, bool provisional, string code, string verifyUrl)
    {
        pdf.Info.Title = provisional ? "Attestation de vigilance provisoire" : "Attestation de vigilance";
        using var page = new PdfPage(pdf, "Urssaf Account");
        page.Title(provisional ? "Attestation de vigilance provisoire" : "Attestation de vigilance");
        page.Paragraph("Attestation de fourniture des déclarations sociales et de paiement des cotisations et contributions sociales " +
                       "(articles L243-15 et D243-15 du code de la sécurité sociale, L8222-1 et D8222-5 du code du travail).");
        page.Space();
        page.Row("Titulaire", holder.LegalName);
        page.Row("SIRET", holder.Siret);
        page.Row("Adresse", holder.Address);
        page.Row("Code APE", holder.ApeCode);
        page.Row("Début d'activité", PdfPage.Day(holder.ActivityStartDate));
        page.Space();
        page.Paragraph(provisional
            ? $"L'entreprise a déclaré régulièrement son activité et accompli ses formalités de création. Elle n'a pas encore d'échéance " +
              $"de déclaration ni de paiement : la présente attestation provisoire est valable jusqu'à sa première échéance, le {PdfPage.Day(validUntil)}."
            : "À la date de délivrance, l'entreprise est à jour de ses obligations de déclaration et de paiement des cotisations et " +
              "contributions sociales auprès de l'Urssaf.", bold: true);
        page.Space();
        page.Row("Délivrée le", PdfPage.Day(issuedOn));
        page.Row("Valable jusqu'au", PdfPage.Day(validUntil));
        page.Row("Code de sécurité", code);
        page.Space();
        page.Paragraph($"Le donneur d'ordre vérifie l'authenticité de cette attestation en ligne, avec le code de sécurité : {verifyUrl}");
        var qrTop = page.CurrentY + 4;
        using (var qr = QrCode(verifyUrl)) page.Image(qr, 56, qrTop, 110);
        page.Footer($"{Issuer}. Document signé électroniquement ; toute modification invalide la signature. " +
                    "Employeur : aucun salarié déclaré (micro-entrepreneur sans effectif).");
    }

    public static void DeclarationReceipt(PdfDocument pdf, Holder holder, DeclarationReceiptData d)
    {
        pdf.Info.Title = $"Accusé de réception — déclaration {d.Period}";
        using var page = new PdfPage(pdf, "Urssaf Account");
        page.Title("Accusé de réception de déclaration");
        page.Row("Titulaire", holder.LegalName);
        page.Row("SIRET", holder.Siret);
        page.Row("Période", $"{d.Period} (du {PdfPage.Day(d.PeriodStart)} au {PdfPage.Day(d.PeriodEnd)})");
        page.Row("Déposée le", d.SubmittedAtUtc.ToString("dd/MM/yyyy HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture));
        page.Row("Version", d.Version == 1 ? "déclaration initiale" : $"rectification n° {d.Version - 1}");
        page.Row("Échéance de paiement", PdfPage.Day(d.DueDate));
        page.Space();
        page.Table(["Activité", "Chiffre d'affaires", "Taux", "Cotisations"],
            d.Lines.Select(l => new[] { l.Category, PdfPage.Euros(l.Turnover * 100), l.Rate.ToString("0.##", System.Globalization.CultureInfo.GetCultureInfo("fr-FR")) + " %", PdfPage.Euros(l.Cents) }),
            [170, 120, 70, 120]);
        page.Row("Formation professionnelle", PdfPage.Euros(d.Training));
        page.Row("Taxe pour frais de chambre", PdfPage.Euros(d.Chamber));
        page.Row("Versement libératoire", PdfPage.Euros(d.IncomeTax));
        page.Row("Total à payer", PdfPage.Euros(d.Total));
        page.Footer($"{Issuer}. Ce document atteste la réception de la déclaration ; il ne vaut pas quittance de paiement.");
    }

    public static void PaymentReceipt(PdfDocument pdf, Holder holder, PaymentReceiptData p)
    {
        pdf.Info.Title = $"Reçu de paiement — {p.Period}";
        using var page = new PdfPage(pdf, "Urssaf Account");
        page.Title("Reçu de paiement");
        page.Row("Titulaire", holder.LegalName);
        page.Row("SIRET", holder.Siret);
        page.Row("Période", p.Period);
        page.Row("Montant reçu", PdfPage.Euros(p.AmountCents));
        page.Row("Moyen de paiement", p.Method switch { "sepa_debit" => "prélèvement SEPA", "transfer" => "virement", _ => "carte bancaire" });
        page.Row("Reçu le", PdfPage.Day(p.ReceivedOn));
        page.Row("Référence", p.Reference);
        page.Footer($"{Issuer}. Reçu établi à la date d'encaissement constatée par la banque.");
    }

    public static void AnnualSummary(PdfDocument pdf, Holder holder, int year, IReadOnlyList<SummaryLine> declarations, IReadOnlyList<SummaryLine> payments)
    {
        pdf.Info.Title = $"Récapitulatif annuel {year}";
        using var page = new PdfPage(pdf, "Urssaf Account");
        page.Title($"Récapitulatif annuel {year}");
        page.Row("Titulaire", holder.LegalName);
        page.Row("SIRET", holder.Siret);
        page.Space();
        page.Paragraph("Déclarations", bold: true);
        page.Table(["Période", "Dépôt", "Total"], declarations.Select(l => new[] { l.Label, l.Detail, PdfPage.Euros(l.AmountCents) }), [170, 150, 160]);
        page.Row("Total déclaré", PdfPage.Euros(declarations.Sum(l => l.AmountCents)));
        page.Space();
        page.Paragraph("Paiements", bold: true);
        page.Table(["Période", "Reçu le", "Montant"], payments.Select(l => new[] { l.Label, l.Detail, PdfPage.Euros(l.AmountCents) }), [170, 150, 160]);
        page.Row("Total payé", PdfPage.Euros(payments.Sum(l => l.AmountCents)));
        page.Footer($"{Issuer}. Récapitulatif établi d'après les déclarations et paiements enregistrés.");
    }

    /// <summary>A palette PNG (explicit colours): PDFsharp refuses QRCoder's default 1-bit grayscale PNG.</summary>
    private static XImage QrCode(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(data).GetGraphic(10, [0, 0, 0, 255], [255, 255, 255, 255]);
        return XImage.FromStream(new MemoryStream(png));
    }
}
