using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace Urssaf.Modules.Payments.Sepa;

/// <summary>
/// What a pain.008 file must satisfy before it leaves: the ISO 20022 schema, then the totals the schema cannot check
/// (<c>NbOfTxs</c> and <c>CtrlSum</c> equal to the real count and sum, at group and payment-information level;
/// EndToEndIds unique; euro amounts with two decimals at most, as the EPC rulebook requires).
/// </summary>
internal static class Pain008Verifier
{
    public static IReadOnlyList<string> Verify(byte[] document)
    {
        var errors = Iso20022.Validate(document, Iso20022.Pain008Schema).ToList();
        if (errors.Count > 0) return errors;

        XNamespace ns = Iso20022.Pain008Namespace;
        using var reader = XmlReader.Create(new MemoryStream(document), Iso20022.SafeSettings());
        var root = XDocument.Load(reader).Root!.Element(ns + "CstmrDrctDbtInitn")!;
        var header = root.Element(ns + "GrpHdr")!;
        var blocks = root.Elements(ns + "PmtInf").ToList();
        var amounts = blocks.SelectMany(b => b.Elements(ns + "DrctDbtTxInf")).Select(t => t.Element(ns + "InstdAmt")!).ToList();

        foreach (var amount in amounts)
        {
            if (amount.Attribute("Ccy")?.Value != "EUR") errors.Add("An amount is not in EUR.");
            if (decimal.Round(Parse(amount.Value), 2) != Parse(amount.Value)) errors.Add($"The amount {amount.Value} has more than two decimals.");
        }

        Totals("GrpHdr", header, amounts.Select(a => Parse(a.Value)).ToList(), ns, errors);
        foreach (var block in blocks)
            Totals("PmtInf " + block.Element(ns + "PmtInfId")!.Value, block,
                block.Elements(ns + "DrctDbtTxInf").Select(t => Parse(t.Element(ns + "InstdAmt")!.Value)).ToList(), ns, errors);

        var ids = blocks.SelectMany(b => b.Elements(ns + "DrctDbtTxInf")).Select(t => t.Element(ns + "PmtId")!.Element(ns + "EndToEndId")!.Value).ToList();
        if (ids.Distinct().Count() != ids.Count) errors.Add("An EndToEndId appears twice.");
        return errors;
    }

    internal static void Totals(string where, XElement element, IReadOnlyList<decimal> amounts, XNamespace ns, List<string> errors)
    {
        if (element.Element(ns + "NbOfTxs") is { } count && int.Parse(count.Value, CultureInfo.InvariantCulture) != amounts.Count)
            errors.Add($"{where}: NbOfTxs is {count.Value} but {amounts.Count} transactions are present.");
        if (element.Element(ns + "CtrlSum") is { } sum && Parse(sum.Value) != amounts.Sum())
            errors.Add($"{where}: CtrlSum is {sum.Value} but the amounts add up to {amounts.Sum().ToString(CultureInfo.InvariantCulture)}.");
    }

    internal static decimal Parse(string value) => decimal.Parse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
}
