using PdfSharp.Drawing;
using PdfSharp.Pdf;
using QRCoder;
using Urssaf.Modules.Documents.Domain;
using Urssaf.SharedKernel.Enterprise;

namespace Urssaf.Modules.Documents.Rendering;

/// <summary>What a declaration receipt states; stored as JSON until its first download (see <see cref="DocumentData"/>: add members, never remove).</summary>
internal sealed record DeclarationReceiptData(string Period, DateOnly PeriodStart, DateOnly PeriodEnd, DateOnly DueDate, DateTime SubmittedAtUtc, int Version,
    IReadOnlyList<ReceiptLine> Lines, long Training, long Chamber, long IncomeTax, long Total, string? AutomaticDebit = null);

/// <summary>One activity of a declaration receipt: category name, turnover in euros, rate in percent, contributions in cents.</summary>
internal sealed record ReceiptLine(string Category, long Turnover, decimal Rate, long Cents);

internal sealed record PaymentReceiptData(string Period, long AmountCents, string Method, DateOnly ReceivedOn, string Reference);

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
        if (d.AutomaticDebit is { } debit) page.Row("Prélèvement automatique", debit); // SEPA pre-notification: amount, date, mandate
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

    public static void AnnualSummary(PdfDocument pdf, Holder holder, AnnualFigures f)
    {
        pdf.Info.Title = $"Récapitulatif annuel {f.Year}";
        using var page = new PdfPage(pdf, "Urssaf Account");
        page.Title($"Récapitulatif annuel {f.Year}");
        page.Row("Titulaire", holder.LegalName);
        page.Row("SIRET", holder.Siret);
        page.Row("Versement libératoire", f.IncomeTaxWithheld ? "oui (impôt sur le revenu payé avec les cotisations)" : "non");
        page.Space();
        page.Paragraph("Chiffre d'affaires à reporter sur la déclaration complémentaire de revenus (2042-C-PRO)", bold: true);
        page.Table(["Catégorie", "Case", "Chiffre d'affaires"],
            f.TaxBoxes.Select(b => new[] { b.Label, b.Box, PdfPage.Euros(b.Turnover * 100) }), [290, 60, 130]);

        page.Paragraph("Chiffre d'affaires déclaré par période", bold: true);
        var categories = f.Categories;
        var width = 330.0 / Math.Max(1, categories.Count);
        page.Table(["Période", .. categories.Select(ShortName), "Total"],
            f.Periods.Select(p => (string[])[p.Period, .. categories.Select(c => p.Detailed ? PdfPage.Euros(p.Lines.Where(l => l.Category == c).Sum(l => l.Turnover) * 100) : "—"),
                p.Detailed ? PdfPage.Euros(p.Turnover * 100) : "—"])
                .Append([.. (string[])["Année", .. categories.Select(c => PdfPage.Euros(f.TurnoverOf(c) * 100)), PdfPage.Euros(f.Turnover * 100)]]),
            [70, .. categories.Select(_ => width), 80]);

        page.Paragraph("Cotisations et versement libératoire, déclarés et payés", bold: true);
        page.Table(["Période", "Cotisations", "dont payées", "Vers. libératoire", "dont payé"],
            f.Periods.Select(p => new[] { p.Period, p.Detailed ? PdfPage.Euros(p.ContributionsCents) : PdfPage.Euros(p.TotalCents) + " *",
                    p.Detailed ? PdfPage.Euros(p.ContributionsPaidCents) : PdfPage.Euros(p.PaidCents) + " *", PdfPage.Euros(p.IncomeTaxCents), PdfPage.Euros(p.IncomeTaxPaidCents) })
                .Append(["Année", PdfPage.Euros(f.ContributionsCents), PdfPage.Euros(f.ContributionsPaidCents), PdfPage.Euros(f.IncomeTaxCents), PdfPage.Euros(f.IncomeTaxPaidCents)]),
            [70, 105, 105, 105, 95]);
        page.Row("Total déclaré", PdfPage.Euros(f.TotalCents));
        page.Row("Total payé", PdfPage.Euros(f.PaidCents));
        if (f.Periods.Any(p => !p.Detailed))
            page.Paragraph("* Période déclarée avant la tenue du détail : total de l'accusé de réception, versement libératoire compris.");
        page.Footer($"{Issuer}. Récapitulatif établi d'après les déclarations (dernière version de chaque période) et les paiements encaissés " +
                    "pour ces périodes ; le versement libératoire payé est sa part des sommes payées. Vérifiez les cases sur votre déclaration en ligne.");
    }

    private static string ShortName(ActivityCategory category) => category switch
    {
        ActivityCategory.Sales => "Ventes",
        ActivityCategory.ServicesBic => "Services BIC",
        ActivityCategory.LiberalBnc => "BNC",
        ActivityCategory.LiberalCipav => "BNC (CIPAV)",
        _ => "Meublés tourisme",
    };

    /// <summary>A palette PNG (explicit colours): PDFsharp refuses QRCoder's default 1-bit grayscale PNG.</summary>
    private static XImage QrCode(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(data).GetGraphic(10, [0, 0, 0, 255], [255, 255, 255, 255]);
        return XImage.FromStream(new MemoryStream(png));
    }
}
