using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Urssaf.Modules.Payments.Sepa;
using Urssaf.SharedKernel.Identity;
using Urssaf.TestKit;

namespace Urssaf.Modules.Payments.Tests.Integration;

/// <summary>Refund of a credit (CSS L243-6): asked through HTTP, paid out in a pain.001 file, settled or given back by the bank statement.</summary>
public sealed class RefundTests(UrssafApp app) : PaymentsTestBase(app), IClassFixture<UrssafApp>
{
    private static readonly XNamespace Pain001 = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03";

    /// <summary>An account that owes <paramref name="owedCents"/> for 2026-Q1 and whose bank transferred <paramref name="receivedCents"/> in all.</summary>
    private async Task<(AccountId Account, HttpClient Client)> WithCreditAsync(long owedCents, params long[] transfers)
    {
        var (account, client) = await OwingAsync(owedCents);
        var order = await PayAsync(client, new { period = "2026-Q1", amount = owedCents / 100m, method = "transfer" });
        Assert.Equal(HttpStatusCode.Created, order.StatusCode);
        var reference = (await order.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("transferInstructions").GetProperty("reference").GetString()!;
        var id = Guid.NewGuid().ToString("N")[..12];
        await ImportAsync(Camt054.Build("N-" + id, [.. transfers.Select((cents, i) => new Camt054.Entry($"TR-{id}-{i}", true, cents, Remittance: reference))]));
        return (account, client);
    }

    private static Task<HttpResponseMessage> RefundAsync(HttpClient client, decimal amount, string mandateId, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/payments/refunds") { Content = JsonContent.Create(new { amount, mandateId }) };
        request.Headers.Add("Idempotency-Key", key ?? Guid.NewGuid().ToString());
        return client.SendAsync(request);
    }

    private static async Task<(decimal Credit, decimal Owed, decimal Refundable, decimal Pending)> CreditAsync(HttpClient client)
    {
        var credit = await client.GetFromJsonAsync<JsonElement>("/api/v1/payments/credit");
        return (credit.GetProperty("credit").GetDecimal(), credit.GetProperty("owed").GetDecimal(), credit.GetProperty("refundable").GetDecimal(),
            credit.GetProperty("pendingRefunds").GetDecimal());
    }

    private static async Task<string> CodeOf(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;

    [Fact]
    public async Task A_double_transfer_is_refunded_in_a_valid_pain001_file_then_settled_or_given_back_by_the_bank_statement()
    {
        App.Clock.Advance(TimeSpan.FromDays(7)); // a day of its own: the refunds of the other tests are not in this file
        var (_, client) = await WithCreditAsync(123_456, 123_456, 123_456); // the same transfer made twice
        Assert.Equal((1234.56m, 0m, 1234.56m, 0m), await CreditAsync(client));
        var mandateId = (await SignMandateAsync(client)).GetProperty("mandateId").GetString()!;

        var above = await RefundAsync(client, 1234.57m, mandateId);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, above.StatusCode);
        Assert.Equal("payments.refund.above_credit", await CodeOf(above));

        var first = await RefundAsync(client, 1000.00m, mandateId, "refund-1");
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var refund = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("requested", 1000.00m, "FR76*******************0189"), (refund.GetProperty("status").GetString(), refund.GetProperty("amount").GetDecimal(),
            refund.GetProperty("maskedIban").GetString()));
        var executionDate = refund.GetProperty("executionDate").GetString()!;
        var again = await RefundAsync(client, 1000.00m, mandateId, "refund-1"); // the same request again: one refund
        Assert.Equal(refund.GetProperty("refundId").GetString(), (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("refundId").GetString());
        Assert.Equal((234.56m, 0m, 234.56m, 1000.00m), await CreditAsync(client)); // reserved while pending
        Assert.Equal(HttpStatusCode.Created, (await RefundAsync(client, 234.56m, mandateId)).StatusCode);
        Assert.Equal((0m, 0m, 0m, 1234.56m), await CreditAsync(client));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await RefundAsync(client, 0.01m, mandateId)).StatusCode);

        var response = await App.OperatorClient().GetAsync($"/api/v1/operator/sepa/credit-transfers/{executionDate}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var file = await response.Content.ReadAsByteArrayAsync();
        Assert.Empty(Iso20022.Validate(file, Iso20022.Pain001Schema));
        Assert.Empty(Pain001Verifier.Verify(file));
        var xml = XDocument.Parse(Encoding.UTF8.GetString(file));
        Assert.Equal(("2", "1234.56"), (xml.Descendants(Pain001 + "GrpHdr").Single().Element(Pain001 + "NbOfTxs")!.Value,
            xml.Descendants(Pain001 + "GrpHdr").Single().Element(Pain001 + "CtrlSum")!.Value));
        Assert.Equal(executionDate, xml.Descendants(Pain001 + "ReqdExctnDt").Single().Value);
        var transfers = xml.Descendants(Pain001 + "CdtTrfTxInf").ToDictionary(t => t.Descendants(Pain001 + "InstdAmt").Single().Value,
            t => (EndToEnd: t.Descendants(Pain001 + "EndToEndId").Single().Value, Iban: t.Element(Pain001 + "CdtrAcct")!.Descendants(Pain001 + "IBAN").Single().Value));
        Assert.Equal(["1000.00", "234.56"], transfers.Keys.Order());
        Assert.All(transfers.Values, t => Assert.Equal(Iban, t.Iban));
        Assert.Equal(file, await App.OperatorClient().GetByteArrayAsync($"/api/v1/operator/sepa/credit-transfers/{executionDate}")); // the same bytes
        Assert.All((await client.GetFromJsonAsync<JsonElement>("/api/v1/payments/refunds")).EnumerateArray(),
            r => Assert.Equal("submitted", r.GetProperty("status").GetString()));

        // the day's statement shows the 1,000.00 leaving; the 234.56 comes back (account closed)
        var statement = await ImportAsync(Camt054.Statement("STMT-REFUNDS", new Camt054.Entry("RF-1", false, 100_000, transfers["1000.00"].EndToEnd)));
        Assert.Equal((1, 0), (statement.GetProperty("refundsSettled").GetInt32(), statement.GetProperty("refundsReturned").GetInt32()));
        var returned = await ImportAsync(Camt054.Build("N-REFUND-RETURN",
            new Camt054.Entry("RF-2", true, 23_456, transfers["234.56"].EndToEnd, ReturnReason: "AC04", BookedOn: "2026-05-07")));
        Assert.Equal((0, 1), (returned.GetProperty("refundsSettled").GetInt32(), returned.GetProperty("refundsReturned").GetInt32()));

        var refunds = (await client.GetFromJsonAsync<JsonElement>("/api/v1/payments/refunds")).EnumerateArray()
            .ToDictionary(r => r.GetProperty("amount").GetDecimal());
        Assert.Equal(("settled", "2026-05-05"), (refunds[1000.00m].GetProperty("status").GetString(), refunds[1000.00m].GetProperty("settledOn").GetString()));
        Assert.Equal(("returned", "AC04"), (refunds[234.56m].GetProperty("status").GetString(), refunds[234.56m].GetProperty("returnReason").GetString()));
        Assert.Equal((234.56m, 0m, 234.56m, 0m), await CreditAsync(client));
        Assert.Equal(234.56m, (await BalanceAsync(client)).GetProperty("credit").GetDecimal());
        Assert.True((await ImportAsync(Camt054.Build("N-REFUND-RETURN",
            new Camt054.Entry("RF-2", true, 23_456, transfers["234.56"].EndToEnd, ReturnReason: "AC04", BookedOn: "2026-05-07")))).GetProperty("alreadyImported").GetBoolean());
        Assert.Equal((234.56m, 0m, 234.56m, 0m), await CreditAsync(client));
    }

    [Fact]
    public async Task Concurrent_requests_cannot_both_take_the_same_credit()
    {
        var (_, client) = await WithCreditAsync(10_000, 60_000);
        Assert.Equal((500.00m, 0m, 500.00m, 0m), await CreditAsync(client));
        var mandateId = (await SignMandateAsync(client)).GetProperty("mandateId").GetString()!;

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => RefundAsync(client, 500.00m, mandateId)));
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Created);
        foreach (var refused in answers.Where(a => a.StatusCode != HttpStatusCode.Created))
            Assert.Contains(await CodeOf(refused), new[] { "payments.refund.above_credit", "payments.refund.credit_changed" });
        Assert.Equal((0m, 0m, 0m, 500.00m), await CreditAsync(client));
        Assert.Single((await client.GetFromJsonAsync<JsonElement>("/api/v1/payments/refunds")).EnumerateArray());
    }

    [Fact]
    public async Task A_credit_pays_open_debts_before_it_is_refunded_and_bad_requests_change_nothing()
    {
        var (account, client) = await WithCreditAsync(10_000, 40_000); // 300.00 of credit on 2026-Q1
        await DeliverAsync(new Declarations.Contracts.IntegrationEvents.DeclarationFiled(Guid.NewGuid(), App.Clock.GetUtcNow().UtcDateTime, Guid.NewGuid(),
            account.Value, "73282932000074", "2026-Q2", new DateOnly(2026, 4, 1), new DateOnly(2026, 6, 30), new DateOnly(2026, 7, 31),
            new DateTime(2026, 7, 31, 0, 0, 0, DateTimeKind.Utc), App.Clock.GetUtcNow().UtcDateTime, false, 1, [], 12_345, 0, 0, 0, 12_345));
        await App.DrainAsync();
        Assert.Equal((300.00m, 123.45m, 176.55m, 0m), await CreditAsync(client));
        var mandateId = (await SignMandateAsync(client)).GetProperty("mandateId").GetString()!;

        Assert.Equal("payments.refund.above_credit", await CodeOf(await RefundAsync(client, 176.56m, mandateId)));
        Assert.Equal(HttpStatusCode.BadRequest, (await RefundAsync(client, 0m, mandateId)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await RefundAsync(client, 1.001m, mandateId)).StatusCode);
        var foreign = (await SignMandateAsync(App.ClientFor(AccountId.New()))).GetProperty("mandateId").GetString()!;
        Assert.Equal("payments.mandate.not_found", await CodeOf(await RefundAsync(client, 10m, foreign)));
        var stale = App.ClientFor(account, App.Clock.GetUtcNow().AddHours(-1));
        var stepUp = await RefundAsync(stale, 10m, mandateId);
        Assert.Equal((HttpStatusCode.Forbidden, "identity.reauthentication_required"), (stepUp.StatusCode, await CodeOf(stepUp)));
        Assert.Equal((300.00m, 123.45m, 176.55m, 0m), await CreditAsync(client));

        Assert.Equal(HttpStatusCode.Created, (await RefundAsync(client, 176.55m, mandateId)).StatusCode);
        Assert.Equal((123.45m, 123.45m, 0m, 176.55m), await CreditAsync(client));
        var nothing = await App.OperatorClient().GetAsync("/api/v1/operator/sepa/credit-transfers/2030-01-02");
        Assert.Equal((HttpStatusCode.NotFound, "payments.sepa.no_refunds"), (nothing.StatusCode, await CodeOf(nothing)));
        var invalid = await App.OperatorClient().GetAsync("/api/v1/operator/sepa/credit-transfers/tomorrow");
        Assert.Equal((HttpStatusCode.BadRequest, "payments.execution_date.invalid"), (invalid.StatusCode, await CodeOf(invalid)));
    }
}
