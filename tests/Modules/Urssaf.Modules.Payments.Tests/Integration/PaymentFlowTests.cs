using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Urssaf.Modules.Payments.Persistence;
using Urssaf.Modules.Payments.Sepa;
using Urssaf.TestKit;

namespace Urssaf.Modules.Payments.Tests.Integration;

public sealed class PaymentFlowTests(UrssafApp app) : PaymentsTestBase(app), IClassFixture<UrssafApp>
{
    private static readonly XNamespace Pain = Iso20022.Pain008Namespace;

    private async Task<(byte[] File, XDocument Xml)> BatchAsync(string date)
    {
        var response = await App.OperatorClient().GetAsync($"/api/v1/operator/sepa/batches/{date}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/xml", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return (bytes, XDocument.Load(new MemoryStream(bytes)));
    }

    private static List<(string EndToEndId, string Amount, string SequenceType)> Transactions(XDocument xml) =>
        xml.Descendants(Pain + "PmtInf").SelectMany(p => p.Elements(Pain + "DrctDbtTxInf").Select(t => (
            t.Element(Pain + "PmtId")!.Element(Pain + "EndToEndId")!.Value, t.Element(Pain + "InstdAmt")!.Value,
            p.Element(Pain + "PmtTpInf")!.Element(Pain + "SeqTp")!.Value))).ToList();

    [Fact]
    public async Task Direct_debit_is_collected_by_a_valid_pain008_then_settled_once_by_camt054_and_reopened_by_a_return()
    {
        var (_, client) = await OwingAsync(258_000);
        await SignMandateAsync(client);
        var pay = await PayAsync(client, new { period = "2026-Q1", amount = 2580.00m, method = "sepa_debit" }, key: "pay-q1");
        Assert.Equal(HttpStatusCode.Created, pay.StatusCode);
        var payment = await pay.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("scheduled", payment.GetProperty("status").GetString());
        Assert.Equal("2026-06-01", payment.GetProperty("collectionDate").GetString()); // the due date (a TARGET business day)

        // a second payment cannot take the same euros while the debit is in progress
        var again = await PayAsync(client, new { period = "2026-Q1", amount = 1.00m, method = "transfer" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);

        var (file, xml) = await BatchAsync("2026-06-01");
        Assert.Empty(Pain008Verifier.Verify(file));
        var tx = Assert.Single(Transactions(xml));
        Assert.Equal(("2580.00", "FRST"), (tx.Amount, tx.SequenceType));
        Assert.Contains(Iban, Encoding.UTF8.GetString(file), StringComparison.Ordinal); // the bank needs it in clear, only there
        Assert.Equal(file, (await BatchAsync("2026-06-01")).File); // frozen: the same bytes again

        var history = await client.GetFromJsonAsync<JsonElement>("/api/v1/payments");
        Assert.Equal("submitted", history[0].GetProperty("status").GetString());

        var collected = Camt054.Build("NTF-1", new Camt054.Entry("BANK-1", Credit: true, 258_000, EndToEndId: tx.EndToEndId));
        var first = await ImportAsync(collected);
        Assert.Equal((1, false), (first.GetProperty("collected").GetInt32(), first.GetProperty("alreadyImported").GetBoolean()));
        var second = await ImportAsync(collected);
        Assert.True(second.GetProperty("alreadyImported").GetBoolean());
        // the same transaction in another file (a DUPL copy) is recognised too
        var copy = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(collected).Replace("MSG-NTF-1", "MSG-NTF-1-DUPL", StringComparison.Ordinal));
        Assert.Equal(1, (await ImportAsync(copy)).GetProperty("alreadyApplied").GetInt32());

        var balance = await BalanceAsync(client);
        Assert.Equal(0m, balance.GetProperty("totalDue").GetDecimal());
        Assert.Equal(0m, balance.GetProperty("credit").GetDecimal());
        Assert.Equal("settled", balance.GetProperty("items")[0].GetProperty("status").GetString());
        Assert.Equal("paid", (await client.GetFromJsonAsync<JsonElement>("/api/v1/payments"))[0].GetProperty("status").GetString());

        // the debtor's bank returns it (insufficient funds): owed again, the entrepreneur told through the outbox
        var returned = await ImportAsync(Camt054.Build("NTF-2", new Camt054.Entry("BANK-2", Credit: false, 258_000, EndToEndId: tx.EndToEndId, ReturnReason: "AM04")));
        Assert.Equal(1, returned.GetProperty("returned").GetInt32());
        Assert.Equal(2580.00m, (await BalanceAsync(client)).GetProperty("totalDue").GetDecimal());
        var last = (await client.GetFromJsonAsync<JsonElement>("/api/v1/payments"))[0];
        Assert.Equal(("returned", "AM04"), (last.GetProperty("status").GetString(), last.GetProperty("returnReason").GetString()));
        var events = await App.ScopedAsync(sp => sp.GetRequiredService<PaymentsDbContext>().OutboxMessages.Select(m => m.Type).ToListAsync());
        Assert.Contains(events, t => t.Contains("DirectDebitReturned", StringComparison.Ordinal));
        Assert.Contains(events, t => t.Contains("PaymentReceived", StringComparison.Ordinal));
        Assert.Contains(events, t => t.Contains("ObligationSettled", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_next_collection_on_a_mandate_is_rcur_and_a_split_uses_each_mandate()
    {
        var (_, client) = await OwingAsync(300_000, "2026-04", "2026-06-02");
        var a = (await SignMandateAsync(client)).GetProperty("mandateId").GetGuid();
        var b = (await SignMandateAsync(client, "DE89370400440532013000", "Claire Martin")).GetProperty("mandateId").GetGuid();
        var first = await PayAsync(client, new { period = "2026-04", amount = 1000.00m, method = "sepa_debit", mandateId = a });
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var (_, firstXml) = await BatchAsync("2026-06-02");
        Assert.Equal("FRST", Assert.Single(Transactions(firstXml)).SequenceType);

        // that date's file is produced: the rest goes to the next business day, split across both mandates
        var split = await PayAsync(client, new { period = "2026-04", amount = 2000.00m, method = "sepa_debit",
            split = new[] { new { mandateId = a, amount = 1500.00m }, new { mandateId = b, amount = 500.00m } } });
        Assert.Equal(HttpStatusCode.Created, split.StatusCode);
        Assert.Equal("2026-06-03", (await split.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("collectionDate").GetString());
        var (file, xml) = await BatchAsync("2026-06-03");
        Assert.Empty(Pain008Verifier.Verify(file));
        var txs = Transactions(xml).OrderBy(t => t.Amount).ToList();
        Assert.Equal([("1500.00", "RCUR"), ("500.00", "FRST")], txs.Select(t => (t.Amount, t.SequenceType)).ToList());
        Assert.Equal("2000.00", xml.Descendants(Pain + "GrpHdr").Single().Element(Pain + "CtrlSum")!.Value);
    }

    [Fact]
    public async Task A_mandate_ended_by_the_bank_is_not_debited_again_its_scheduled_debits_are_cancelled_and_owed()
    {
        var (account, client) = await OwingAsync(20_000, "2026-04", "2026-06-04");
        await DeliverAsync(new Urssaf.Modules.Declarations.Contracts.IntegrationEvents.DeclarationFiled(Guid.NewGuid(), App.Clock.GetUtcNow().UtcDateTime, Guid.NewGuid(),
            account.Value, "73282932000074", "2026-05", new DateOnly(2026, 5, 1), new DateOnly(2026, 5, 31), new DateOnly(2026, 6, 30), DateTime.UtcNow,
            DateTime.UtcNow, false, 1, [], 10_000, 0, 0, 0, 10_000));
        await App.DrainAsync();
        await SignMandateAsync(client);
        await PayAsync(client, new { period = "2026-04", amount = 200.00m, method = "sepa_debit" });
        await PayAsync(client, new { period = "2026-05", amount = 100.00m, method = "sepa_debit" });

        var (_, xml) = await BatchAsync("2026-06-04");
        var first = Assert.Single(Transactions(xml));
        await ImportAsync(Camt054.Build("NTF-AC04", new Camt054.Entry("BANK-R", Credit: false, 20_000, EndToEndId: first.EndToEndId, ReturnReason: "AC04")));
        Assert.Equal("revoked", (await client.GetFromJsonAsync<JsonElement>("/api/v1/payments/mandates"))[0].GetProperty("status").GetString());

        var second = await App.OperatorClient().GetAsync("/api/v1/operator/sepa/batches/2026-06-30");
        Assert.Equal(HttpStatusCode.NotFound, second.StatusCode);
        await App.DrainAsync();
        Assert.Equal(300.00m, (await BalanceAsync(client)).GetProperty("totalDue").GetDecimal());
        var history = await client.GetFromJsonAsync<JsonElement>("/api/v1/payments");
        Assert.All(history.EnumerateArray(), p => Assert.Equal("returned", p.GetProperty("status").GetString()));
        // the amount is payable again, by another means
        Assert.Equal(HttpStatusCode.Created, (await PayAsync(client, new { period = "2026-05", amount = 100.00m, method = "transfer" })).StatusCode);
    }

    [Fact]
    public async Task A_transfer_gets_instructions_and_is_matched_by_its_reference_partial_payment_leaves_the_rest()
    {
        var (_, client) = await OwingAsync(50_000, "2026-03", "2026-05-29");
        var response = await PayAsync(client, new { period = "2026-03", amount = 500.00m, method = "transfer" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("awaiting_transfer", body.GetProperty("status").GetString());
        var instructions = body.GetProperty("transferInstructions");
        Assert.Equal("FR7630006000011234567890189", instructions.GetProperty("iban").GetString());
        var reference = instructions.GetProperty("reference").GetString()!;
        Assert.Matches("^UA[A-Z2-9]{14}$", reference);

        var import = await ImportAsync(Camt054.Build("NTF-T", new Camt054.Entry("BANK-T", Credit: true, 30_000, Remittance: $"VIR SEPA {reference} COTISATIONS"),
            new Camt054.Entry("BANK-U", Credit: true, 12_345, Remittance: "UNKNOWN PAYER")));
        Assert.Equal((1, 1), (import.GetProperty("transfers").GetInt32(), import.GetProperty("unmatched").GetInt32()));
        var balance = await BalanceAsync(client);
        Assert.Equal(200.00m, balance.GetProperty("totalDue").GetDecimal());
        Assert.Equal(300.00m, balance.GetProperty("items")[0].GetProperty("paid").GetDecimal());
    }

    [Fact]
    public async Task A_transfer_above_its_obligation_pays_the_accounts_other_open_items_then_leaves_a_credit()
    {
        var (account, client) = await OwingAsync(10_000, "2026-03", "2026-05-29");
        await DeliverAsync(new Urssaf.Modules.Declarations.Contracts.IntegrationEvents.DeclarationFiled(Guid.NewGuid(), App.Clock.GetUtcNow().UtcDateTime, Guid.NewGuid(),
            account.Value, "73282932000074", "2026-02", new DateOnly(2026, 2, 1), new DateOnly(2026, 2, 28), new DateOnly(2026, 4, 30), DateTime.UtcNow,
            DateTime.UtcNow, true, 1, [], 8_000, 0, 0, 0, 8_000));
        await App.DrainAsync();
        var transfer = await (await PayAsync(client, new { period = "2026-03", amount = 100.00m, method = "transfer" })).Content.ReadFromJsonAsync<JsonElement>();
        var reference = transfer.GetProperty("transferInstructions").GetProperty("reference").GetString();

        await ImportAsync(Camt054.Build("NTF-OVER", new Camt054.Entry("BANK-O", Credit: true, 15_000, Remittance: reference)));
        var balance = await BalanceAsync(client);
        Assert.Equal((30.00m, 0m), (balance.GetProperty("totalDue").GetDecimal(), balance.GetProperty("credit").GetDecimal()));

        await ImportAsync(Camt054.Build("NTF-OVER-2", new Camt054.Entry("BANK-O2", Credit: true, 5_000, Remittance: reference)));
        balance = await BalanceAsync(client);
        Assert.Equal((0m, 20.00m), (balance.GetProperty("totalDue").GetDecimal(), balance.GetProperty("credit").GetDecimal()));
    }

    [Fact]
    public async Task A_card_payment_above_the_threshold_and_bad_requests_change_nothing()
    {
        var (_, client) = await OwingAsync(10_000, "2026-02", "2026-05-29");
        var card = await PayAsync(client, new { period = "2026-02", amount = 1500.01m, method = "card" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, card.StatusCode);
        Assert.Contains("payments.card.above_threshold", await card.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        foreach (var bad in new object[]
                 {
                     new { period = "2026-13", amount = 10m, method = "transfer" },
                     new { period = "2026-02", amount = -10m, method = "transfer" },
                     new { period = "2026-02", amount = 10.001m, method = "transfer" },
                     new { period = "2026-02", amount = 10m, method = "cheque" },
                     new { period = "2026-02", amount = 10m, method = "transfer", mandateId = Guid.NewGuid() },
                 })
        {
            var response = await PayAsync(client, bad);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        var tooMuch = await PayAsync(client, new { period = "2026-02", amount = 100.01m, method = "transfer" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooMuch.StatusCode);
        Assert.Contains("payments.amount.exceeds_due", await tooMuch.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var nothing = await PayAsync(client, new { period = "2025-Q4", amount = 1m, method = "transfer" });
        Assert.Contains("payments.period.nothing_due", await nothing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var noMandate = await PayAsync(client, new { period = "2026-02", amount = 1m, method = "sepa_debit" });
        Assert.Contains("payments.mandate.required", await noMandate.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty((await client.GetFromJsonAsync<JsonElement>("/api/v1/payments")).EnumerateArray());
    }

    [Fact]
    public async Task Fifty_concurrent_identical_payment_posts_create_one_payment()
    {
        var (_, client) = await OwingAsync(80_000, "2026-01", "2026-05-29");
        await SignMandateAsync(client);
        var body = new { period = "2026-01", amount = 800.00m, method = "sepa_debit" };
        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => PayAsync(client, body, key: "same-key")));
        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, r.StatusCode.ToString()));
        var ids = new HashSet<string>();
        foreach (var r in responses.Where(r => r.StatusCode == HttpStatusCode.Created))
            ids.Add((await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("paymentId").GetString()!);
        Assert.Single(ids);
        Assert.Single((await client.GetFromJsonAsync<JsonElement>("/api/v1/payments")).EnumerateArray());

        // without a key, the amount still cannot be taken twice
        var (_, other) = await OwingAsync(80_000, "2026-01", "2026-05-29");
        await SignMandateAsync(other);
        var racing = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => PayAsync(other, body)));
        Assert.Single(racing, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(racing.Where(r => r.StatusCode != HttpStatusCode.Created),
            r => Assert.True(r.StatusCode is HttpStatusCode.UnprocessableEntity or HttpStatusCode.Conflict, r.StatusCode.ToString()));
    }

    [Fact]
    public async Task A_bank_file_with_an_external_entity_or_not_matching_the_schema_is_refused_and_changes_nothing()
    {
        const string xxe = "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>" +
                           "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.054.001.02\"><BkToCstmrDbtCdtNtfctn>&x;</BkToCstmrDbtCdtNtfctn></Document>";
        var body = await ImportAsync(Encoding.UTF8.GetBytes(xxe), HttpStatusCode.BadRequest);
        Assert.Equal("payments.bank_statement.invalid", body.GetProperty("code").GetString());
        Assert.DoesNotContain("root:", body.ToString(), StringComparison.Ordinal);
        await ImportAsync("<Document/>"u8.ToArray(), HttpStatusCode.BadRequest);
        // schema-valid (five decimals allowed) but not euros to the cent, or not euros: refused whole
        var subCent = Encoding.UTF8.GetString(Camt054.Build("NTF-SUBCENT", new Camt054.Entry("B1", Credit: true, 10_000, Remittance: "X")));
        Assert.Equal("payments.bank_statement.invalid", (await ImportAsync(Encoding.UTF8.GetBytes(subCent.Replace(">100.00<", ">100.005<",
            StringComparison.Ordinal)), HttpStatusCode.BadRequest)).GetProperty("code").GetString());
        await ImportAsync(Encoding.UTF8.GetBytes(subCent.Replace("Ccy=\"EUR\"", "Ccy=\"USD\"", StringComparison.Ordinal)), HttpStatusCode.BadRequest);
        var count = await App.ScopedAsync(sp => sp.GetRequiredService<PaymentsDbContext>().BankStatementImports.CountAsync());
        Assert.Equal(0, count);
    }

    [Fact]
    public async Task The_batch_route_checks_its_date_and_needs_the_operator_key()
    {
        Assert.Equal(HttpStatusCode.BadRequest, (await App.OperatorClient().GetAsync("/api/v1/operator/sepa/batches/2026-02-30")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await App.OperatorClient().GetAsync("/api/v1/operator/sepa/batches/2030-01-02")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.CreateClient().GetAsync("/api/v1/operator/sepa/batches/2026-06-01")).StatusCode);
    }
}
