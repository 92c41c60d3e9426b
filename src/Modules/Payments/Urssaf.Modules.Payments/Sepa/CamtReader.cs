using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace Urssaf.Modules.Payments.Sepa;

/// <summary>One transaction read from a camt.053 statement or camt.054 notification entry.</summary>
internal sealed record NotifiedTransaction(string Key, bool Credit, bool Reversal, long AmountCents, DateOnly BookedOn, string? EndToEndId,
    string? Remittance, string? ReturnReason);

/// <summary>
/// Reads the bank's account reports: camt.054.001.02 (debit/credit notification, <c>Ntfctn</c>) and camt.053.001.02 (statement,
/// <c>Stmt</c>). Both carry the same <c>Ntry</c>; a transaction's key is report id, entry reference and position, so a second
/// delivery of the same report (another file, a DUPL copy, the same entries in the day's statement) is recognised.
/// </summary>
internal static class CamtReader
{
    /// <summary>The schema of the document's namespace: camt.053.001.02, else camt.054.001.02 (which refuses anything else).</summary>
    public static System.Xml.Schema.XmlSchemaSet SchemaOf(byte[] content)
    {
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(content), Iso20022.SafeSettings());
            reader.MoveToContent();
            return reader.NamespaceURI switch
            {
                Iso20022.Camt053Namespace => Iso20022.Camt053Schema,
                _ => Iso20022.Camt054Schema, // anything else is refused by the camt.054 validation, with its reason
            };
        }
        catch (XmlException)
        {
            return Iso20022.Camt054Schema;
        }
    }

    /// <summary>Reads the report's transactions; the document was validated, so the mandatory elements exist.</summary>
    /// <exception cref="FormatException">An amount not in euros to the cent.</exception>
    public static (string MessageId, List<NotifiedTransaction> Transactions) Read(byte[] content)
    {
        using var reader = XmlReader.Create(new MemoryStream(content), Iso20022.SafeSettings());
        var document = XDocument.Load(reader).Root!;
        var statement = document.Name.NamespaceName == Iso20022.Camt053Namespace;
        XNamespace ns = statement ? Iso20022.Camt053Namespace : Iso20022.Camt054Namespace;
        var root = document.Element(ns + (statement ? "BkToCstmrStmt" : "BkToCstmrDbtCdtNtfctn"))!;
        var messageId = root.Element(ns + "GrpHdr")!.Element(ns + "MsgId")!.Value;
        var result = new List<NotifiedTransaction>();
        foreach (var report in root.Elements(ns + (statement ? "Stmt" : "Ntfctn")))
        {
            var reportId = report.Element(ns + "Id")!.Value;
            var entryIndex = 0;
            foreach (var entry in report.Elements(ns + "Ntry"))
            {
                entryIndex++;
                var credit = entry.Element(ns + "CdtDbtInd")!.Value == "CRDT";
                var reversal = entry.Element(ns + "RvslInd")?.Value is "true" or "1";
                var booked = entry.Element(ns + "BookgDt") ?? entry.Element(ns + "ValDt");
                var bookedOn = DateOnly.FromDateTime(DateTime.Parse(booked?.Element(ns + "Dt")?.Value ?? booked?.Element(ns + "DtTm")?.Value ?? "2000-01-01",
                    CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal));
                // The bank's own entry reference is the same in the intraday camt.054 and the end-of-day camt.053: without the report id, an
                // entry reported by both is applied once. Only a reference-less entry is keyed by its report and position.
                var entryRef = entry.Element(ns + "AcctSvcrRef")?.Value is { Length: > 0 } servicerRef ? "ref:" + servicerRef
                    : reportId + "|" + (entry.Element(ns + "NtryRef")?.Value ?? entryIndex.ToString(CultureInfo.InvariantCulture));
                var amountElement = entry.Element(ns + "Amt")!;
                if (amountElement.Attribute("Ccy")?.Value != "EUR") throw new FormatException($"Entry {entryRef}: only euro amounts are collected.");
                var entryAmount = Cents(amountElement.Value);
                var details = entry.Elements(ns + "NtryDtls").SelectMany(d => d.Elements(ns + "TxDtls")).ToList();
                if (details.Count == 0)
                {
                    result.Add(new NotifiedTransaction($"{entryRef}|0", credit, reversal, entryAmount, bookedOn, null, null, null));
                    continue;
                }

                var txIndex = 0;
                foreach (var tx in details)
                {
                    txIndex++;
                    var amount = tx.Element(ns + "AmtDtls")?.Descendants(ns + "Amt").FirstOrDefault()?.Value is { } a ? Cents(a)
                        : details.Count == 1 ? entryAmount : 0;
                    var endToEnd = tx.Element(ns + "Refs")?.Element(ns + "EndToEndId")?.Value;
                    var remittance = string.Join(" ", tx.Element(ns + "RmtInf")?.Elements(ns + "Ustrd").Select(u => u.Value) ?? []);
                    var reason = tx.Element(ns + "RtrInf")?.Element(ns + "Rsn")?.Element(ns + "Cd")?.Value;
                    result.Add(new NotifiedTransaction($"{entryRef}|{txIndex}", credit, reversal, amount,
                        bookedOn, endToEnd is "NOTPROVIDED" ? null : endToEnd, remittance.Length == 0 ? null : remittance[..Math.Min(140, remittance.Length)], reason));
                }
            }
        }

        return (messageId, result);
    }

    /// <summary>Euros to cents, exactly: the schema allows five decimals, a euro amount has two at most.</summary>
    private static long Cents(string euros)
    {
        var amount = decimal.Parse(euros, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        if (decimal.Round(amount, 2) != amount) throw new FormatException($"The amount {euros} has more than two decimals.");
        return (long)(amount * 100m);
    }
}
