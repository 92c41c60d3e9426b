using System.Text;
using Urssaf.Modules.Payments.Sepa;

namespace Urssaf.Modules.Payments.Tests.Sepa;

public sealed class Pain008Tests
{
    private static readonly CreditorOptions Creditor = new();

    private static DirectDebitLine Line(string e2e, long cents, string rum = "URSSAF-ABCDEFGHJKLMNPQRSTUV", string? bic = "BNPAFRPP") =>
        new(e2e, cents, rum, new DateOnly(2026, 5, 4), bic, "Claire Martin", "FR7630006000011234567890189", "Cotisations periode 2026-Q1 ref UA1234");

    private static byte[] File(params PaymentInformation[] blocks) =>
        Pain008Writer.Write("UA20260505-0001", new DateTime(2026, 5, 4, 8, 0, 0), new DateOnly(2026, 5, 5), Creditor, blocks);

    [Fact]
    public void A_frst_batch_validates_against_the_official_schema()
    {
        var content = File(new PaymentInformation("UA20260505-0001-FRST", "FRST", [Line("E2E1", 258_000), Line("E2E2", 12_345, bic: null)]));
        Assert.Empty(Iso20022.Validate(content, Iso20022.Pain008Schema));
        Assert.Empty(Pain008Verifier.Verify(content));
        var xml = Encoding.UTF8.GetString(content);
        Assert.Contains("<NbOfTxs>2</NbOfTxs>", xml);
        Assert.Contains("<CtrlSum>2703.45</CtrlSum>", xml);
        Assert.Contains("<SeqTp>FRST</SeqTp>", xml);
        Assert.Contains("<Id>NOTPROVIDED</Id>", xml); // no BIC given: IBAN-only
    }

    [Fact]
    public void A_mixed_frst_and_rcur_batch_validates_with_totals_per_block()
    {
        var content = File(
            new PaymentInformation("P-FRST", "FRST", [Line("E2E1", 100)]),
            new PaymentInformation("P-RCUR", "RCUR", [Line("E2E2", 200), Line("E2E3", 300)]));
        Assert.Empty(Pain008Verifier.Verify(content));
        var xml = Encoding.UTF8.GetString(content);
        Assert.Contains("<CtrlSum>6.00</CtrlSum>", xml);
        Assert.Contains("<CtrlSum>5.00</CtrlSum>", xml);
        Assert.Contains("<SeqTp>RCUR</SeqTp>", xml);
    }

    [Theory]
    [InlineData("<InstdAmt Ccy=\"EUR\">2580.00</InstdAmt>", "<InstdAmt Ccy=\"EUR\">2581.00</InstdAmt>")]    // CtrlSum no longer matches
    [InlineData("<InstdAmt Ccy=\"EUR\">2580.00</InstdAmt>", "<InstdAmt Ccy=\"EUR\">-2580.00</InstdAmt>")]   // schema: minInclusive 0
    [InlineData("<InstdAmt Ccy=\"EUR\">2580.00</InstdAmt>", "<InstdAmt Ccy=\"EUR\">2580.001</InstdAmt>")]   // more than two decimals
    [InlineData("<NbOfTxs>1</NbOfTxs>", "<NbOfTxs>2</NbOfTxs>")]
    [InlineData("<SeqTp>FRST</SeqTp>", "<SeqTp>BOGUS</SeqTp>")]
    public void A_tampered_file_fails_verification(string original, string tampered)
    {
        var content = Encoding.UTF8.GetString(File(new PaymentInformation("P-FRST", "FRST", [Line("E2E1", 258_000)])));
        Assert.Contains(original, content);
        Assert.NotEmpty(Pain008Verifier.Verify(Encoding.UTF8.GetBytes(content.Replace(original, tampered, StringComparison.Ordinal))));
    }

    [Fact]
    public void A_duplicated_end_to_end_id_fails_verification() =>
        Assert.Contains(Pain008Verifier.Verify(File(new PaymentInformation("P", "RCUR", [Line("SAME", 100), Line("SAME", 200)]))),
            e => e.Contains("EndToEndId", StringComparison.Ordinal));

    [Fact]
    public void A_document_with_a_dtd_is_refused_before_anything_is_read()
    {
        const string xxe = "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.054.001.02\">&x;</Document>";
        var errors = Iso20022.Validate(Encoding.UTF8.GetBytes(xxe), Iso20022.Camt054Schema);
        Assert.Contains(errors, e => e.Contains("DTD", StringComparison.OrdinalIgnoreCase));
    }
}
