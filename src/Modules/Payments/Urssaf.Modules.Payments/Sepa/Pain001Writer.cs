using System.Globalization;
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
    public static byte[] Write(string messageId, DateTime createdUtc, DateOnly executionDate, CreditorOptions debtor, IReadOnlyList<CreditTransferLine> lines) =>
        SepaXml.Document(Iso20022.Pain001Namespace, "CstmrCdtTrfInitn", w =>
        {
            var total = lines.Sum(l => l.AmountCents);
            SepaXml.GroupHeader(w, messageId, createdUtc, lines.Count, total, debtor.Name);

            w.WriteStartElement("PmtInf");
            w.WriteElementString("PmtInfId", messageId + "-TRF");
            w.WriteElementString("PmtMtd", "TRF");
            w.WriteElementString("BtchBookg", "false"); // one bank entry per refund: reconciliation by EndToEndId
            w.WriteElementString("NbOfTxs", lines.Count.ToString(CultureInfo.InvariantCulture));
            w.WriteElementString("CtrlSum", SepaXml.Euros(total));
            w.WriteStartElement("PmtTpInf");
            SepaXml.Coded(w, "SvcLvl", "SEPA");
            w.WriteEndElement();
            w.WriteElementString("ReqdExctnDt", SepaXml.Date(executionDate));
            SepaXml.Named(w, "Dbtr", debtor.Name);
            SepaXml.Account(w, "DbtrAcct", debtor.Iban);
            SepaXml.Agent(w, "DbtrAgt", debtor.Bic);
            w.WriteElementString("ChrgBr", "SLEV");

            foreach (var line in lines)
            {
                w.WriteStartElement("CdtTrfTxInf");
                w.WriteStartElement("PmtId");
                w.WriteElementString("EndToEndId", line.EndToEndId);
                w.WriteEndElement();
                w.WriteStartElement("Amt");
                SepaXml.Amount(w, "InstdAmt", line.AmountCents);
                w.WriteEndElement();
                if (line.CreditorBic is not null) SepaXml.Agent(w, "CdtrAgt", line.CreditorBic); // optional in SEPA (IBAN-only)
                SepaXml.Named(w, "Cdtr", line.CreditorName);
                SepaXml.Account(w, "CdtrAcct", line.CreditorIban);
                w.WriteStartElement("RmtInf");
                w.WriteElementString("Ustrd", line.Remittance);
                w.WriteEndElement();
                w.WriteEndElement();
            }

            w.WriteEndElement();
        });
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
