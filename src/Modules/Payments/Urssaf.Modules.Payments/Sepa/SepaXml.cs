using System.Globalization;
using System.Text;
using System.Xml;

namespace Urssaf.Modules.Payments.Sepa;

/// <summary>The pieces pain.001 and pain.008 files write alike: the document, the group header, parties, accounts, agents, amounts.</summary>
internal static class SepaXml
{
    /// <summary>Writes a UTF-8 (no BOM), indented ISO 20022 document whose root is <paramref name="message"/> in <paramref name="ns"/>.</summary>
    public static byte[] Document(string ns, string message, Action<XmlWriter> body)
    {
        var buffer = new MemoryStream();
        using (var w = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
        {
            w.WriteStartDocument();
            w.WriteStartElement("Document", ns);
            w.WriteStartElement(message);
            body(w);
            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteEndDocument();
        }

        return buffer.ToArray();
    }

    public static void GroupHeader(XmlWriter w, string messageId, DateTime createdUtc, int transactions, long totalCents, string initiatingParty)
    {
        w.WriteStartElement("GrpHdr");
        w.WriteElementString("MsgId", messageId);
        w.WriteElementString("CreDtTm", createdUtc.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture));
        w.WriteElementString("NbOfTxs", transactions.ToString(CultureInfo.InvariantCulture));
        w.WriteElementString("CtrlSum", Euros(totalCents));
        Named(w, "InitgPty", initiatingParty);
        w.WriteEndElement();
    }

    public static string Euros(long cents) => (cents / 100m).ToString("0.00", CultureInfo.InvariantCulture);

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static void Amount(XmlWriter w, string element, long cents)
    {
        w.WriteStartElement(element);
        w.WriteAttributeString("Ccy", "EUR");
        w.WriteString(Euros(cents));
        w.WriteEndElement();
    }

    public static void Coded(XmlWriter w, string element, string code)
    {
        w.WriteStartElement(element);
        w.WriteElementString("Cd", code);
        w.WriteEndElement();
    }

    public static void Named(XmlWriter w, string element, string name)
    {
        w.WriteStartElement(element);
        w.WriteElementString("Nm", name);
        w.WriteEndElement();
    }

    public static void Account(XmlWriter w, string element, string iban)
    {
        w.WriteStartElement(element);
        w.WriteStartElement("Id");
        w.WriteElementString("IBAN", iban);
        w.WriteEndElement();
        w.WriteEndElement();
    }

    /// <summary>The bank's BIC, or <c>NOTPROVIDED</c> (EPC: IBAN-only is allowed in SEPA).</summary>
    public static void Agent(XmlWriter w, string element, string? bic)
    {
        w.WriteStartElement(element);
        w.WriteStartElement("FinInstnId");
        if (bic is not null)
        {
            w.WriteElementString("BIC", bic);
        }
        else
        {
            w.WriteStartElement("Othr");
            w.WriteElementString("Id", "NOTPROVIDED");
            w.WriteEndElement();
        }

        w.WriteEndElement();
        w.WriteEndElement();
    }
}
