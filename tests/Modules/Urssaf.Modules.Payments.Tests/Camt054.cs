using System.Globalization;
using System.Text;

namespace Urssaf.Modules.Payments.Tests;

/// <summary>Builds camt.054.001.02 notifications (and camt.053.001.02 statements) as a bank sends them to the creditor.</summary>
internal static class Camt054
{
    internal sealed record Entry(string Reference, bool Credit, long Cents, string? EndToEndId = null, string? Remittance = null, string? ReturnReason = null,
        string BookedOn = "2026-05-05");

    public static byte[] Build(string notificationId, params Entry[] entries) => Build(notificationId, statement: false, entries);

    /// <summary>The same entries in a camt.053.001.02 end-of-day statement (with its mandatory closing balance).</summary>
    public static byte[] Statement(string statementId, params Entry[] entries) => Build(statementId, statement: true, entries);

    private static byte[] Build(string notificationId, bool statement, Entry[] entries)
    {
        var sb = new StringBuilder();
        var (ns, root, report) = statement ? ("camt.053.001.02", "BkToCstmrStmt", "Stmt") : ("camt.054.001.02", "BkToCstmrDbtCdtNtfctn", "Ntfctn");
        sb.Append($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:{ns}\"><{root}>");
        sb.Append($"<GrpHdr><MsgId>MSG-{notificationId}</MsgId><CreDtTm>2026-05-06T07:00:00</CreDtTm></GrpHdr>");
        sb.Append($"<{report}><Id>{notificationId}</Id><CreDtTm>2026-05-06T07:00:00</CreDtTm><Acct><Id><IBAN>FR7630006000011234567890189</IBAN></Id></Acct>");
        if (statement) sb.Append("<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">0.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-05-05</Dt></Dt></Bal>");
        foreach (var e in entries)
        {
            var amount = (e.Cents / 100m).ToString("0.00", CultureInfo.InvariantCulture);
            sb.Append($"<Ntry><Amt Ccy=\"EUR\">{amount}</Amt><CdtDbtInd>{(e.Credit ? "CRDT" : "DBIT")}</CdtDbtInd><Sts>BOOK</Sts>");
            sb.Append($"<BookgDt><Dt>{e.BookedOn}</Dt></BookgDt><ValDt><Dt>{e.BookedOn}</Dt></ValDt>");
            sb.Append($"<AcctSvcrRef>{e.Reference}</AcctSvcrRef>");
            sb.Append("<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RDDT</Cd><SubFmlyCd>ESDD</SubFmlyCd></Fmly></Domn></BkTxCd>");
            sb.Append("<NtryDtls><TxDtls>");
            if (e.EndToEndId is not null) sb.Append($"<Refs><EndToEndId>{e.EndToEndId}</EndToEndId></Refs>");
            sb.Append($"<AmtDtls><TxAmt><Amt Ccy=\"EUR\">{amount}</Amt></TxAmt></AmtDtls>");
            if (e.Remittance is not null) sb.Append($"<RmtInf><Ustrd>{e.Remittance}</Ustrd></RmtInf>");
            if (e.ReturnReason is not null) sb.Append($"<RtrInf><Rsn><Cd>{e.ReturnReason}</Cd></Rsn></RtrInf>");
            sb.Append("</TxDtls></NtryDtls></Ntry>");
        }

        sb.Append($"</{report}></{root}></Document>");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }
}
