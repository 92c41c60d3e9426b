using System.Globalization;
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
    public static byte[] Write(string messageId, DateTime createdUtc, DateOnly collectionDate, CreditorOptions creditor, IReadOnlyList<PaymentInformation> blocks) =>
        SepaXml.Document(Iso20022.Pain008Namespace, "CstmrDrctDbtInitn", w =>
        {
            var all = blocks.SelectMany(b => b.Lines).ToList();
            SepaXml.GroupHeader(w, messageId, createdUtc, all.Count, all.Sum(l => l.AmountCents), creditor.Name);

            foreach (var block in blocks)
            {
                w.WriteStartElement("PmtInf");
                w.WriteElementString("PmtInfId", block.PaymentInformationId);
                w.WriteElementString("PmtMtd", "DD");
                w.WriteElementString("BtchBookg", "false"); // one bank entry per transaction: reconciliation by EndToEndId
                w.WriteElementString("NbOfTxs", block.Lines.Count.ToString(CultureInfo.InvariantCulture));
                w.WriteElementString("CtrlSum", SepaXml.Euros(block.Lines.Sum(l => l.AmountCents)));
                w.WriteStartElement("PmtTpInf");
                SepaXml.Coded(w, "SvcLvl", "SEPA");
                SepaXml.Coded(w, "LclInstrm", creditor.LocalInstrument);
                w.WriteElementString("SeqTp", block.SequenceType);
                w.WriteEndElement();
                w.WriteElementString("ReqdColltnDt", SepaXml.Date(collectionDate));
                SepaXml.Named(w, "Cdtr", creditor.Name);
                SepaXml.Account(w, "CdtrAcct", creditor.Iban);
                SepaXml.Agent(w, "CdtrAgt", creditor.Bic);
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
                    SepaXml.Amount(w, "InstdAmt", line.AmountCents);
                    w.WriteStartElement("DrctDbtTx");
                    w.WriteStartElement("MndtRltdInf");
                    w.WriteElementString("MndtId", line.MandateId);
                    w.WriteElementString("DtOfSgntr", SepaXml.Date(line.SignedOn));
                    w.WriteEndElement();
                    w.WriteEndElement();
                    SepaXml.Agent(w, "DbtrAgt", line.DebtorBic);
                    SepaXml.Named(w, "Dbtr", line.DebtorName);
                    SepaXml.Account(w, "DbtrAcct", line.DebtorIban);
                    w.WriteStartElement("RmtInf");
                    w.WriteElementString("Ustrd", line.Remittance);
                    w.WriteEndElement();
                    w.WriteEndElement();
                }

                w.WriteEndElement();
            }
        });
}
