using System.Text.Json;
using PdfSharp.Pdf;
using Urssaf.Modules.Documents.Domain;

namespace Urssaf.Modules.Documents.Rendering;

/// <summary>The holder as a document prints it, taken when the document is issued (a later change of name does not alter it).</summary>
internal sealed record PrintedHolder(string LegalName, string Siret)
{
    public static PrintedHolder Of(Holder holder) => new(holder.LegalName, holder.Siret);

    public Holder ToHolder() => new() { LegalName = LegalName, Siret = Siret };
}

/// <summary>What a document states, stored as JSON with its row: the holder as printed and the document's own content.</summary>
internal sealed record StoredData<T>(PrintedHolder Holder, T Content);

/// <summary>
/// The data of the documents rendered on first download (ADR 0135), as JSON in <see cref="Document.Data"/>. The records
/// may gain optional members (null in data stored before them, which the renderer then leaves out): never rename or
/// remove one, a stored document must render the same years later.
/// </summary>
internal static class DocumentData
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Write<T>(Holder holder, T content) => JsonSerializer.Serialize(new StoredData<T>(PrintedHolder.Of(holder), content), Json);

    public static StoredData<T> Read<T>(string data) =>
        JsonSerializer.Deserialize<StoredData<T>>(data, Json) ?? throw new InvalidOperationException("A document's data is empty.");

    /// <summary>The signature reason and the renderer of a document issued as data; null for a type always rendered when issued.</summary>
    public static (string Reason, Action<PdfDocument> Render)? RendererOf(Document document)
    {
        if (document.Data is not { } data) return null;
        switch (document.Type)
        {
            case DocumentTypes.DeclarationReceipt:
            {
                var d = Read<DeclarationReceiptData>(data);
                return ("Accusé de réception de déclaration", pdf => Renderers.DeclarationReceipt(pdf, d.Holder.ToHolder(), d.Content));
            }
            case DocumentTypes.PaymentReceipt:
            {
                var d = Read<PaymentReceiptData>(data);
                return ("Reçu de paiement", pdf => Renderers.PaymentReceipt(pdf, d.Holder.ToHolder(), d.Content));
            }
            case DocumentTypes.AnnualSummary:
            {
                var d = Read<AnnualFigures>(data);
                return ("Récapitulatif annuel", pdf => Renderers.AnnualSummary(pdf, d.Holder.ToHolder(), d.Content));
            }
            default:
                return null;
        }
    }
}
