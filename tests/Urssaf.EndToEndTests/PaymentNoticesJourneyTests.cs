using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using MimeKit;
using Urssaf.TestKit;

namespace Urssaf.EndToEndTests;

/// <summary>
/// Issue 20 over HTTP with the clock moved: the SEPA pre-notification of an automatic debit (filing answer and e-mail), and the
/// e-mails of payment plans (approved, returned instalment before its second presentation, default, refused, counter-proposal).
/// </summary>
public sealed class PaymentNoticesJourneyTests
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");
    private static readonly XNamespace Pain008 = "urn:iso:std:iso:20022:tech:xsd:pain.008.001.02";
    private static readonly object[] Lines = [new { category = "liberal_bnc", turnover = 0L, period = "2025-Q4" }, new { category = "liberal_bnc", turnover = 12_500L, period = "2026-Q1" }];

    private static string Text(MimeMessage m) => (m.TextBody ?? "").Replace('\u202f', ' ').Replace('\u00a0', ' ');

    private static List<MimeMessage> Mails(UrssafApp app, string email, string subject) =>
        [.. app.EmailsTo(email).Where(m => (m.Subject ?? "").Contains(subject, StringComparison.Ordinal))];

    private static async Task<HttpClient> EntrepreneurAsync(UrssafApp app, string siret, string nir, string email, string phone)
    {
        await Journey.FormalityAsync(app, siret, "Claire Martin", "2025-10-15", nir);
        return await Journey.RegisterAndLogInAsync(app, siret, nir, email, phone, "Horizon-Bleu#2026");
    }

    private static async Task<JsonElement> MandateAsync(HttpClient client)
    {
        var mandate = await client.PostAsJsonAsync("/api/v1/payments/mandates", new { iban = "FR76 3000 6000 0112 3456 7890 189", holderName = "Claire Martin" });
        Assert.Equal(HttpStatusCode.Created, mandate.StatusCode);
        return await mandate.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<JsonElement> FileAsync(UrssafApp app, HttpClient client, object[] lines)
    {
        var filed = await client.PutAsJsonAsync("/api/v1/declarations/2026-Q1", new { lines });
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        await app.DrainAsync();
        return await filed.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<JsonElement> PlanAsync(UrssafApp app, HttpClient client, object body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/payments/plans") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        await app.DrainAsync();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>The single direct debit of a collection date's pain.008: its EndToEndId and amount.</summary>
    private static async Task<(string EndToEndId, decimal Amount)> DebitOfAsync(UrssafApp app, string date)
    {
        var file = XDocument.Parse(await app.OperatorClient().GetStringAsync($"/api/v1/operator/sepa/batches/{date}"));
        var tx = Assert.Single(file.Descendants(Pain008 + "DrctDbtTxInf"));
        return (tx.Descendants(Pain008 + "EndToEndId").Single().Value, decimal.Parse(tx.Element(Pain008 + "InstdAmt")!.Value, CultureInfo.InvariantCulture));
    }

    /// <summary>The debtor's bank returns a debit (camt.054 DBIT entry with its EndToEndId and the reason).</summary>
    private static async Task ReturnAsync(UrssafApp app, string id, string endToEndId, long cents, string reason)
    {
        var amount = (cents / 100m).ToString("0.00", CultureInfo.InvariantCulture);
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.054.001.02\"><BkToCstmrDbtCdtNtfctn>"
                  + $"<GrpHdr><MsgId>{id}</MsgId><CreDtTm>2026-05-06T07:00:00</CreDtTm></GrpHdr><Ntfctn><Id>{id}</Id><CreDtTm>2026-05-06T07:00:00</CreDtTm>"
                  + "<Acct><Id><IBAN>FR7630006000011234567890189</IBAN></Id></Acct>"
                  + $"<Ntry><Amt Ccy=\"EUR\">{amount}</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-05-20</Dt></BookgDt><AcctSvcrRef>{id}-1</AcctSvcrRef>"
                  + "<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RDDT</Cd><SubFmlyCd>ESDD</SubFmlyCd></Fmly></Domn></BkTxCd>"
                  + $"<NtryDtls><TxDtls><Refs><EndToEndId>{endToEndId}</EndToEndId></Refs><AmtDtls><TxAmt><Amt Ccy=\"EUR\">{amount}</Amt></TxAmt></AmtDtls>"
                  + $"<RtrInf><Rsn><Cd>{reason}</Cd></Rsn></RtrInf></TxDtls></NtryDtls></Ntry></Ntfctn></BkToCstmrDbtCdtNtfctn></Document>";
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(xml));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/xml");
        Assert.Equal(HttpStatusCode.OK, (await app.OperatorClient().PostAsync("/api/v1/operator/bank-statements", content)).StatusCode);
        await app.DrainAsync();
    }

    [Fact]
    public async Task An_automatic_debit_is_pre_notified_in_the_filing_answer_and_the_filing_e_mail_and_collected_on_that_day()
    {
        using var app = new April2026App();
        var client = await EntrepreneurAsync(app, "73282932000074", "295109912611193", "claire.auto@example.test", "+33 6 12 34 56 78");
        var mandate = await MandateAsync(client);
        var mandateId = mandate.GetProperty("mandateId").GetString()!;
        var rum = mandate.GetProperty("rum").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync($"/api/v1/payments/mandates/{mandateId}/automatic-debit", new { enabled = true })).StatusCode);

        var declaration = await FileAsync(app, client, Lines);
        Assert.Equal(3500.00m, declaration.GetProperty("total").GetDecimal()); // 25.6 % + CFP 0.2 % + VL 2.2 % of 12,500
        var notice = declaration.GetProperty("automaticDebit");
        Assert.Equal(("2026-04-30", 3500.00m, rum, "FR76*******************0189"), (notice.GetProperty("dueDate").GetString(), notice.GetProperty("amount").GetDecimal(),
            notice.GetProperty("mandateReference").GetString(), notice.GetProperty("maskedIban").GetString()));

        var mail = Text(Assert.Single(Mails(app, "claire.auto@example.test", "Accusé de réception")));
        Assert.Contains($"Prélèvement automatique : 3 500,00 € seront prélevés le 30 avril 2026 sur le compte FR76*******************0189 (mandat {rum}).", mail,
            StringComparison.Ordinal);
        // the debit was scheduled on the announced day, for the announced amount, without a payment order
        var payment = Assert.Single((await client.GetFromJsonAsync<JsonElement>("/api/v1/payments")).EnumerateArray());
        Assert.Equal(("sepa_debit", 3500.00m, "2026-04-30"), (payment.GetProperty("method").GetString(), payment.GetProperty("amount").GetDecimal(),
            payment.GetProperty("collectionDate").GetString()));
        Assert.Equal(3500.00m, (await DebitOfAsync(app, "2026-04-30")).Amount);
    }

    [Fact]
    public async Task A_plan_is_told_when_approved_when_an_instalment_comes_back_when_it_ends_and_when_refused_or_counter_proposed()
    {
        using var app = new April2026App();
        const string email = "claire.plan@example.test";
        const string other = "lucie.plan@example.test";
        var client = await EntrepreneurAsync(app, "73282932000074", "295109912611193", email, "+33 6 12 34 56 78");
        await FileAsync(app, client, Lines); // 3,500.00 due on 30 April, not paid
        var lucie = await EntrepreneurAsync(app, "40594494300019", "185057505600116", other, "+33 6 11 22 33 44");
        await FileAsync(app, lucie, [new { category = "liberal_bnc", turnover = 0L, period = "2025-Q4" }, new { category = "liberal_bnc", turnover = 25_000L, period = "2026-Q1" }]);

        app.Clock.SetUtcNow(new DateTimeOffset(2026, 5, 4, 8, 0, 0, TimeSpan.Zero));
        client = await Journey.LogInAsync(app, email, "Horizon-Bleu#2026");
        var mandateId = (await MandateAsync(client)).GetProperty("mandateId").GetString()!;
        var plan = await PlanAsync(app, client, new { periods = new[] { "2026-Q1" }, instalments = 2, mandateId, reason = "Un client paie en retard." }, "plan-1");
        Assert.Equal("approved", plan.GetProperty("status").GetString());
        var schedule = plan.GetProperty("schedule").EnumerateArray().Select(s => (s.GetProperty("dueDate").GetString(), s.GetProperty("amount").GetDecimal())).ToList();
        Assert.Equal([("2026-05-19", 1750.00m), ("2026-06-19", 1750.00m)], schedule);
        var approved = Text(Assert.Single(Mails(app, email, "Votre échéancier est accepté")));
        Assert.Contains("3 500,00 € en 2 échéance(s) mensuelle(s) prélevée(s), la première de 1 750,00 € le 19 mai 2026.", approved, StringComparison.Ordinal);

        // the first instalment comes back: one reminder with the date of the second presentation (10 days later: Saturday 30 May → 1 June)
        var first = await DebitOfAsync(app, "2026-05-19");
        Assert.Equal(1750.00m, first.Amount);
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 5, 20, 8, 0, 0, TimeSpan.Zero));
        await ReturnAsync(app, "RET-PLAN-1", first.EndToEndId, 175_000, "AM04");
        var reminder = Assert.Single(Mails(app, email, "Échéance 1 de votre échéancier rejetée"));
        Assert.Equal("Échéance 1 de votre échéancier rejetée : nouvelle présentation le 1 juin", reminder.Subject);
        Assert.Contains("Votre banque a rejeté le prélèvement de l'échéance 1 (1 750,00 €, motif AM04", Text(reminder), StringComparison.Ordinal);
        Assert.Contains("Il sera présenté à nouveau le 1 juin 2026", Text(reminder), StringComparison.Ordinal);
        Assert.Empty(Mails(app, email, "Votre prélèvement pour la période")); // not told twice

        // the second presentation comes back too: the plan ends, the rest is due at once
        var second = await DebitOfAsync(app, "2026-06-01");
        Assert.Equal(1750.00m, second.Amount);
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 6, 2, 8, 0, 0, TimeSpan.Zero));
        await ReturnAsync(app, "RET-PLAN-2", second.EndToEndId, 175_000, "AM04");
        var ended = Text(Assert.Single(Mails(app, email, "Votre échéancier a pris fin")));
        Assert.Contains("Le reste, 3 500,00 €, est dû immédiatement", ended, StringComparison.Ordinal);

        // a new request within 12 months of a default is refused at once, and told
        client = await Journey.LogInAsync(app, email, "Horizon-Bleu#2026");
        var refused = await PlanAsync(app, client, new { all = true, instalments = 3, mandateId, reason = "Toujours en difficulté." }, "plan-2");
        Assert.Equal("refused", refused.GetProperty("status").GetString());
        Assert.Contains("Votre demande d'échéancier pour 3 500,00 € n'est pas acceptée.", Text(Assert.Single(Mails(app, email, "Votre demande d'échéancier est refusée"))),
            StringComparison.Ordinal);

        // a larger plan goes to review; the operator counter-proposes six instalments with a note
        lucie = await Journey.LogInAsync(app, other, "Horizon-Bleu#2026");
        var lucieMandate = (await MandateAsync(lucie)).GetProperty("mandateId").GetString()!;
        var review = await PlanAsync(app, lucie, new { all = true, instalments = 3, mandateId = lucieMandate, reason = "Perte d'un client." }, "plan-3");
        Assert.Equal(("under_review", 7000.00m), (review.GetProperty("status").GetString(), review.GetProperty("total").GetDecimal()));
        Assert.Empty(Mails(app, other, "échéancier"));
        var decision = await app.OperatorClient().PostAsJsonAsync($"/api/v1/operator/payment-plans/{review.GetProperty("planId").GetString()}/decision",
            new { decision = "counter_propose", instalments = 6, note = "Six mensualités conviennent mieux." });
        Assert.Equal(HttpStatusCode.OK, decision.StatusCode);
        var proposed = await decision.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal([1166.66m, 1166.66m, 1166.66m, 1166.66m, 1166.66m, 1166.70m],
            proposed.GetProperty("schedule").EnumerateArray().Select(s => s.GetProperty("amount").GetDecimal()).ToList());
        await app.DrainAsync();
        var firstDue = DateOnly.Parse(proposed.GetProperty("schedule")[0].GetProperty("dueDate").GetString()!, CultureInfo.InvariantCulture);
        var counter = Text(Assert.Single(Mails(app, other, "Une proposition d'échéancier vous attend")));
        Assert.Contains($"pour 7 000,00 € : 6 échéance(s) mensuelle(s), la première de 1 166,66 € le {firstDue.ToString("d MMMM yyyy", French)}.", counter,
            StringComparison.Ordinal);
        Assert.Contains("Message de votre conseiller : Six mensualités conviennent mieux.", counter, StringComparison.Ordinal);
    }
}
