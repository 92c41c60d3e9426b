using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Urssaf.Modules.Payments.Sepa;

internal sealed record CreditTransferLine(string EndToEndId, long AmountCents, string? CreditorBic, string CreditorName, string CreditorIban, string Remittance);

/// <summary>
/// Writes a SEPA credit transfer initiation, pain.001.001.03 (EPC SCT rulebook): one <c>PmtInf</c> debiting the collecting
/// body's account on the execution date, <c>NbOfTxs</c> and <c>CtrlSum</c> at group and payment-information level, amounts
/// in euros with two decimals, charges shared (<c>SLEV</c>).
/// </summary>
internal static class Pain001Writer
{
    public static byte[] Write(string messageId, DateTime createdUtc, DateOnly executionDate, CreditorOptions debtor, IReadOnlyList<CreditTransferLine> lines)
    {
        var total = Pain008Writer.Euros(lines.Sum(l => l.AmountCents));
        var count = lines.Count.ToString(CultureInfo.InvariantCulture);
        var buffer = new MemoryStream();
        using (var w = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
        {
            w.WriteStartDocument();
            w.WriteStartElement("Document", Iso20022.Pain001Namespace);
            w.WriteStartElement("CstmrCdtTrfInitn");

            w.WriteStartElement("GrpHdr");
            w.WriteElementString("MsgId", messageId);
            w.WriteElementString("CreDtTm", createdUtc.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture));
            w.WriteElementString("NbOfTxs", count);
            w.WriteElementString("CtrlSum", total);
            Named(w, "InitgPty", debtor.Name);
            w.WriteEndElement();

            w.WriteStartElement("PmtInf");
            w.WriteElementString("PmtInfId", messageId + "-TRF");
            w.WriteElementString("PmtMtd", "TRF");
            w.WriteElementString("BtchBookg", "false"); // one bank entry per refund: reconciliation by EndToEndId
            w.WriteElementString("NbOfTxs", count);
            w.WriteElementString("CtrlSum", total);
            w.WriteStartElement("PmtTpInf");
            w.WriteStartElement("SvcLvl");
            w.WriteElementString("Cd", "SEPA");
            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteElementString("ReqdExctnDt", executionDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            Named(w, "Dbtr", debtor.Name);
            Account(w, "DbtrAcct", debtor.Iban);
            Agent(w, "DbtrAgt", debtor.Bic);
            w.WriteElementString("ChrgBr", "SLEV");

            foreach (var line in lines)
            {
                w.WriteStartElement("CdtTrfTxInf");
                w.WriteStartElement("PmtId");
                w.WriteElementString("EndToEndId", line.EndToEndId);
                w.WriteEndElement();
                w.WriteStartElement("Amt");
                w.WriteStartElement("InstdAmt");
                w.WriteAttributeString("Ccy", "EUR");
                w.WriteString(Pain008Writer.Euros(line.AmountCents));
                w.WriteEndElement();
                w.WriteEndElement();
                if (line.CreditorBic is not null) Agent(w, "CdtrAgt", line.CreditorBic); // optional in SEPA (IBAN-only)
                Named(w, "Cdtr", line.CreditorName);
                Account(w, "CdtrAcct", line.CreditorIban);
                w.WriteStartElement("RmtInf");
                w.WriteElementString("Ustrd", line.Remittance);
                w.WriteEndElement();
                w.WriteEndElement();
            }

            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteEndDocument();
        }

        return buffer.ToArray();
    }

    private static void Named(XmlWriter w, string element, string name)
    {
        w.WriteStartElement(element);
        w.WriteElementString("Nm", name);
        w.WriteEndElement();
    }

    private static void Account(XmlWriter w, string element, string iban)
    {
        w.WriteStartElement(element);
        w.WriteStartElement("Id");
        w.WriteElementString("IBAN", iban);
        w.WriteEndElement();
        w.WriteEndElement();
    }

    private static void Agent(XmlWriter w, string element, string bic)
    {
        w.WriteStartElement(element);
        w.WriteStartElement("FinInstnId");
        w.WriteElementString("BIC", bic);
        w.WriteEndElement();
        w.WriteEndElement();
    }
}

/// <summary>
/// What a pain.001 file must satisfy before it leaves, like <see cref="Pain008Verifier"/>: the schema, then <c>NbOfTxs</c> and
/// <c>CtrlSum</c> equal to the real count and sum (group and payment information), unique EndToEndIds, euros to the cent.
/// </summary>
internal static class Pain001Verifier
{
    public static IReadOnlyList<string> Verify(byte[] document)
    {
        var errors = Iso20022.Validate(document, Iso20022.Pain001Schema).ToList();
        if (errors.Count > 0) return errors;

        XNamespace ns = Iso20022.Pain001Namespace;
        using var reader = XmlReader.Create(new MemoryStream(document), Iso20022.SafeSettings());
        var root = XDocument.Load(reader).Root!.Element(ns + "CstmrCdtTrfInitn")!;
        var blocks = root.Elements(ns + "PmtInf").ToList();
        var amounts = blocks.SelectMany(b => b.Elements(ns + "CdtTrfTxInf")).Select(t => t.Element(ns + "Amt")!.Element(ns + "InstdAmt")).ToList();
        foreach (var amount in amounts)
        {
            if (amount is null) { errors.Add("A transfer has no InstdAmt."); continue; }
            if (amount.Attribute("Ccy")?.Value != "EUR") errors.Add("An amount is not in EUR.");
            var value = Pain008Verifier.Parse(amount.Value);
            if (decimal.Round(value, 2) != value) errors.Add($"The amount {amount.Value} has more than two decimals.");
        }

        if (errors.Count > 0) return errors;
        Pain008Verifier.Totals("GrpHdr", root.Element(ns + "GrpHdr")!, amounts.Select(a => Pain008Verifier.Parse(a!.Value)).ToList(), ns, errors);
        foreach (var block in blocks)
            Pain008Verifier.Totals("PmtInf " + block.Element(ns + "PmtInfId")!.Value, block,
                block.Elements(ns + "CdtTrfTxInf").Select(t => Pain008Verifier.Parse(t.Element(ns + "Amt")!.Element(ns + "InstdAmt")!.Value)).ToList(), ns, errors);
        var ids = blocks.SelectMany(b => b.Elements(ns + "CdtTrfTxInf")).Select(t => t.Element(ns + "PmtId")!.Element(ns + "EndToEndId")!.Value).ToList();
        if (ids.Distinct().Count() != ids.Count) errors.Add("An EndToEndId appears twice.");
        return errors;
    }
}
