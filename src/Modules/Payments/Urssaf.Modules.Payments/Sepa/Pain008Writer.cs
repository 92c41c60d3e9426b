using System.Globalization;
using System.Text;
using System.Xml;

namespace Urssaf.Modules.Payments.Sepa;

internal sealed record DirectDebitLine(string EndToEndId, long AmountCents, string MandateId, DateOnly SignedOn, string? DebtorBic,
    string DebtorName, string DebtorIban, string Remittance);

internal sealed record PaymentInformation(string PaymentInformationId, string SequenceType, IReadOnlyList<DirectDebitLine> Lines);

/// <summary>
/// Writes a SEPA Core direct-debit initiation, pain.008.001.02 (SECURITY.md §5.2): one <c>PmtInf</c> per sequence type,
/// <c>NbOfTxs</c> and <c>CtrlSum</c> at group and payment-information level, amounts in euros with two decimals.
/// </summary>
internal static class Pain008Writer
{
    public static byte[] Write(string messageId, DateTime createdUtc, DateOnly collectionDate, CreditorOptions creditor, IReadOnlyList<PaymentInformation> blocks)
    {
        var all = blocks.SelectMany(b => b.Lines).ToList();
        var buffer = new MemoryStream();
        using (var w = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
        {
            w.WriteStartDocument();
            w.WriteStartElement("Document", Iso20022.Pain008Namespace);
            w.WriteStartElement("CstmrDrctDbtInitn");

            w.WriteStartElement("GrpHdr");
            w.WriteElementString("MsgId", messageId);
            w.WriteElementString("CreDtTm", createdUtc.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture));
            w.WriteElementString("NbOfTxs", all.Count.ToString(CultureInfo.InvariantCulture));
            w.WriteElementString("CtrlSum", Euros(all.Sum(l => l.AmountCents)));
            w.WriteStartElement("InitgPty");
            w.WriteElementString("Nm", creditor.Name);
            w.WriteEndElement();
            w.WriteEndElement();

            foreach (var block in blocks)
            {
                w.WriteStartElement("PmtInf");
                w.WriteElementString("PmtInfId", block.PaymentInformationId);
                w.WriteElementString("PmtMtd", "DD");
                w.WriteElementString("BtchBookg", "false"); // one bank entry per transaction: reconciliation by EndToEndId
                w.WriteElementString("NbOfTxs", block.Lines.Count.ToString(CultureInfo.InvariantCulture));
                w.WriteElementString("CtrlSum", Euros(block.Lines.Sum(l => l.AmountCents)));
                w.WriteStartElement("PmtTpInf");
                Coded(w, "SvcLvl", "SEPA");
                Coded(w, "LclInstrm", creditor.LocalInstrument);
                w.WriteElementString("SeqTp", block.SequenceType);
                w.WriteEndElement();
                w.WriteElementString("ReqdColltnDt", collectionDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                Named(w, "Cdtr", creditor.Name);
                Account(w, "CdtrAcct", creditor.Iban);
                Agent(w, "CdtrAgt", creditor.Bic);
                w.WriteElementString("ChrgBr", "SLEV");
                w.WriteStartElement("CdtrSchmeId");
                w.WriteStartElement("Id");
                w.WriteStartElement("PrvtId");
                w.WriteStartElement("Othr");
                w.WriteElementString("Id", creditor.Identifier);
                w.WriteStartElement("SchmeNm");
                w.WriteElementString("Prtry", "SEPA");
                w.WriteEndElement();
                w.WriteEndElement();
                w.WriteEndElement();
                w.WriteEndElement();
                w.WriteEndElement();

                foreach (var line in block.Lines)
                {
                    w.WriteStartElement("DrctDbtTxInf");
                    w.WriteStartElement("PmtId");
                    w.WriteElementString("EndToEndId", line.EndToEndId);
                    w.WriteEndElement();
                    w.WriteStartElement("InstdAmt");
                    w.WriteAttributeString("Ccy", "EUR");
                    w.WriteString(Euros(line.AmountCents));
                    w.WriteEndElement();
                    w.WriteStartElement("DrctDbtTx");
                    w.WriteStartElement("MndtRltdInf");
                    w.WriteElementString("MndtId", line.MandateId);
                    w.WriteElementString("DtOfSgntr", line.SignedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                    w.WriteEndElement();
                    w.WriteEndElement();
                    Agent(w, "DbtrAgt", line.DebtorBic);
                    Named(w, "Dbtr", line.DebtorName);
                    Account(w, "DbtrAcct", line.DebtorIban);
                    w.WriteStartElement("RmtInf");
                    w.WriteElementString("Ustrd", line.Remittance);
                    w.WriteEndElement();
                    w.WriteEndElement();
                }

                w.WriteEndElement();
            }

            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteEndDocument();
        }

        return buffer.ToArray();
    }

    public static string Euros(long cents) => (cents / 100m).ToString("0.00", CultureInfo.InvariantCulture);

    private static void Coded(XmlWriter w, string element, string code)
    {
        w.WriteStartElement(element);
        w.WriteElementString("Cd", code);
        w.WriteEndElement();
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

    /// <summary>The bank's BIC, or <c>NOTPROVIDED</c> (EPC: IBAN-only is allowed in SEPA).</summary>
    private static void Agent(XmlWriter w, string element, string? bic)
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
