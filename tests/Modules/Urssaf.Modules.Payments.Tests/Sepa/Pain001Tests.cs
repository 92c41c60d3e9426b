using System.Text;
using Urssaf.Modules.Payments.Sepa;

namespace Urssaf.Modules.Payments.Tests.Sepa;

public sealed class Pain001Tests
{
    private static readonly CreditorOptions Urssaf = new();

    private static CreditTransferLine Line(string e2e, long cents, string? bic = "BNPAFRPP") =>
        new(e2e, cents, bic, "Claire Martin", "FR7630006000011234567890189", "Remboursement credit cotisations ref " + e2e);

    private static byte[] File(params CreditTransferLine[] lines) =>
        Pain001Writer.Write("UR20260505-0001", new DateTime(2026, 5, 4, 8, 0, 0), new DateOnly(2026, 5, 5), Urssaf, lines);

    [Fact]
    public void A_refund_file_validates_against_the_official_schema_with_its_totals()
    {
        var content = File(Line("RFD1", 100_000), Line("RFD2", 23_456, bic: null));
        Assert.Empty(Iso20022.Validate(content, Iso20022.Pain001Schema));
        Assert.Empty(Pain001Verifier.Verify(content));
        var xml = Encoding.UTF8.GetString(content);
        Assert.Equal(2, CountOf(xml, "<NbOfTxs>2</NbOfTxs>")); // group header and payment information
        Assert.Equal(2, CountOf(xml, "<CtrlSum>1234.56</CtrlSum>"));
        Assert.Contains("<InstdAmt Ccy=\"EUR\">234.56</InstdAmt>", xml);
        Assert.Contains("<ReqdExctnDt>2026-05-05</ReqdExctnDt>", xml);
        Assert.Contains("<PmtMtd>TRF</PmtMtd>", xml);
    }

    [Theory]
    [InlineData("<CtrlSum>1234.56</CtrlSum>", "<CtrlSum>1234.55</CtrlSum>", "CtrlSum")]
    [InlineData("<NbOfTxs>2</NbOfTxs>", "<NbOfTxs>3</NbOfTxs>", "NbOfTxs")]
    [InlineData("<EndToEndId>RFD2</EndToEndId>", "<EndToEndId>RFD1</EndToEndId>", "EndToEndId appears twice")]
    [InlineData("<InstdAmt Ccy=\"EUR\">234.56</InstdAmt>", "<InstdAmt Ccy=\"EUR\">234.565</InstdAmt>", "two decimals")]
    public void A_file_whose_totals_or_ids_do_not_add_up_is_refused(string original, string tampered, string expected)
    {
        var xml = Encoding.UTF8.GetString(File(Line("RFD1", 100_000), Line("RFD2", 23_456)));
        var index = xml.IndexOf(original, StringComparison.Ordinal);
        Assert.True(index >= 0);
        var errors = Pain001Verifier.Verify(Encoding.UTF8.GetBytes(xml[..index] + tampered + xml[(index + original.Length)..]));
        Assert.Contains(errors, e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void A_direct_debit_file_is_not_a_credit_transfer_file()
    {
        var pain008 = Pain008Writer.Write("UA1", new DateTime(2026, 5, 4), new DateOnly(2026, 5, 5), Urssaf,
            [new PaymentInformation("P", "FRST", [new DirectDebitLine("E2E1", 100, "RUM1", new DateOnly(2026, 5, 4), null, "C M", "FR7630006000011234567890189", "x")])]);
        Assert.NotEmpty(Pain001Verifier.Verify(pain008));
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + 1, StringComparison.Ordinal)) count++;
        return count;
    }
}
