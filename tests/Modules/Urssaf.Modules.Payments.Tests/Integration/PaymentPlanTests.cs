using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Urssaf.Modules.Compliance.Contracts.Queries;
using Urssaf.Modules.Identity.Contracts.IntegrationEvents;
using Urssaf.Modules.Payments.Sepa;
using Urssaf.SharedKernel.Enterprise;
using Urssaf.SharedKernel.Identity;
using Urssaf.TestKit;

namespace Urssaf.Modules.Payments.Tests.Integration;

/// <summary>Payment plans (CSS R243-21, ADR 0092) through HTTP, the clock moved across the instalments' dates.</summary>
public abstract class PaymentPlanTestBase(UrssafApp app) : PaymentsTestBase(app)
{
    protected static readonly DateTimeOffset AfterDueDate = new(2026, 6, 10, 8, 0, 0, TimeSpan.Zero);
    private static readonly XNamespace Pain = Iso20022.Pain008Namespace;

    /// <summary>An account owing 2026-Q1 (due 1 June), now overdue on 10 June, with a mandate; a fresh client.</summary>
    protected async Task<(AccountId Account, HttpClient Client, string MandateId)> OverdueAsync(long cents)
    {
        var (account, _) = await OwingAsync(cents);
        if (App.Clock.GetUtcNow() < AfterDueDate) App.Clock.SetUtcNow(AfterDueDate);
        var client = App.ClientFor(account);
        var mandate = await SignMandateAsync(client);
        return (account, client, mandate.GetProperty("mandateId").GetString()!);
    }

    protected async Task<(HttpStatusCode Status, JsonElement Body)> RequestPlanAsync(HttpClient client, object body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/payments/plans") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        var response = await client.SendAsync(request);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        await App.DrainAsync();
        return (response.StatusCode, json);
    }

    protected static List<(string DueDate, decimal Amount)> Schedule(JsonElement plan) =>
        plan.GetProperty("schedule").EnumerateArray().Select(s => (s.GetProperty("dueDate").GetString()!, s.GetProperty("amount").GetDecimal())).ToList();

    protected async Task<List<(string EndToEndId, decimal Amount)>> BatchAsync(string date)
    {
        var response = await App.OperatorClient().GetAsync($"/api/v1/operator/sepa/batches/{date}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Empty(Pain008Verifier.Verify(bytes));
        return XDocument.Load(new MemoryStream(bytes)).Descendants(Pain + "DrctDbtTxInf")
            .Select(t => (t.Element(Pain + "PmtId")!.Element(Pain + "EndToEndId")!.Value, decimal.Parse(t.Element(Pain + "InstdAmt")!.Value,
                System.Globalization.CultureInfo.InvariantCulture))).ToList();
    }

    protected async Task<JsonElement> PlanAsync(HttpClient client, string planId) =>
        await client.GetFromJsonAsync<JsonElement>($"/api/v1/payments/plans/{planId}");
}

public sealed class PlanApprovedAtOnceTests(UrssafApp app) : PaymentPlanTestBase(app), IClassFixture<UrssafApp>
{
    [Fact]
    public async Task A_small_plan_is_approved_at_once_debited_by_pain008_keeps_the_attestation_and_stops_the_majoration_growing()
    {
        var (account, client, mandateId) = await OverdueAsync(258_001);
        var body = new { all = true, instalments = 3, mandateId, reason = "Un client a payé avec trois mois de retard." };

        var preview = await client.PostAsJsonAsync("/api/v1/payments/plans/preview", body);
        Assert.True(preview.StatusCode == HttpStatusCode.OK, await preview.Content.ReadAsStringAsync());
        var shown = await preview.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("approved", shown.GetProperty("status").GetString());
        // whole cents, the last instalment takes the remainder; monthly on TARGET business days (25 July 2026 is a Saturday)
        List<(string, decimal)> expected = [("2026-06-25", 860.00m), ("2026-07-27", 860.00m), ("2026-08-25", 860.01m)];
        Assert.Equal(expected, Schedule(shown));

        var (status, plan) = await RequestPlanAsync(client, body, "plan-at-once");
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("approved", plan.GetProperty("status").GetString());
        Assert.Equal(2580.01m, plan.GetProperty("total").GetDecimal());
        Assert.Equal(expected, Schedule(plan));
        var planId = plan.GetProperty("planId").GetString()!;
        var (replayStatus, replay) = await RequestPlanAsync(client, body, "plan-at-once"); // the same key: the same plan, once
        Assert.Equal((HttpStatusCode.Created, planId), (replayStatus, replay.GetProperty("planId").GetString()));
        Assert.Single((await client.GetFromJsonAsync<JsonElement>("/api/v1/payments/plans")).EnumerateArray());

        // the covered debt is up to date: status says so, the attestation is available
        var standing = await client.GetFromJsonAsync<JsonElement>("/api/v1/compliance/status");
        Assert.NotEqual("red", standing.GetProperty("status").GetString());
        var codes = standing.GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("code").GetString()).ToList();
        Assert.Contains("payment.plan_honoured", codes);
        Assert.DoesNotContain("payment.overdue", codes);
        await EnterpriseAsync(account);
        var eligibility = await App.ScopedAsync(sp => sp.GetRequiredService<ISender>().Send(new GetAttestationEligibility(account.Value)).AsTask());
        Assert.True(eligibility.Eligible, string.Join("; ", eligibility.Reasons.Select(r => r.Code)));

        // R243-16: 5 % of what was not paid at the due date (129.00) and the first month's 0.2 % (5.16), owed before the plan
        await App.RunDailyJobAsync("apply-penalties");
        await App.DrainAsync();
        Assert.Equal(134.16m, await MajorationAsync(client));

        App.Clock.SetUtcNow(new DateTimeOffset(2026, 6, 24, 8, 0, 0, TimeSpan.Zero));
        var first = Assert.Single(await BatchAsync("2026-06-25"));
        Assert.Equal(860.00m, first.Amount);
        await ImportAsync(Camt054.Build("PLAN-1", new Camt054.Entry("B-PLAN-1", Credit: true, 86_000, EndToEndId: first.EndToEndId, BookedOn: "2026-06-25")));
        client = App.ClientFor(account);
        Assert.Equal(1854.17m, (await BalanceAsync(client)).GetProperty("totalDue").GetDecimal()); // 1720.01 left in the plan + the majoration 134.16
        var lines = (await PlanAsync(client, planId)).GetProperty("schedule").EnumerateArray().Select(s => s.GetProperty("status").GetString()).ToList();
        Assert.Equal(["paid", "scheduled", "scheduled"], lines);

        App.Clock.SetUtcNow(new DateTimeOffset(2026, 7, 9, 8, 0, 0, TimeSpan.Zero)); // the second month since the due date
        await App.RunDailyJobAsync("apply-penalties");
        await App.DrainAsync();
        client = App.ClientFor(account);
        Assert.Equal(134.16m, await MajorationAsync(client)); // the second month adds nothing on what the plan covers (else + 3.44)
        Assert.NotEqual("red", (await client.GetFromJsonAsync<JsonElement>("/api/v1/compliance/status")).GetProperty("status").GetString());

        // remission of the majoration can be asked once the plan is signed (R243-20 with R243-21): the 5 % part
        var penaltyId = (await client.GetFromJsonAsync<JsonElement>("/api/v1/compliance/penalties")).EnumerateArray()
            .Single(p => p.GetProperty("kind").GetString() == "late_payment").GetProperty("penaltyId").GetString();
        var remission = await client.PostAsJsonAsync($"/api/v1/compliance/penalties/{penaltyId}/remission-requests", new { reason = "Échéancier signé et respecté." });
        Assert.Equal(HttpStatusCode.Created, remission.StatusCode);
        var asked = await remission.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((129.00m, false), (asked.GetProperty("maxRemittable").GetDecimal(), asked.GetProperty("complementaryRemittable").GetBoolean()));
    }

    private static async Task<decimal> MajorationAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/v1/compliance/penalties")).EnumerateArray()
        .Where(p => p.GetProperty("kind").GetString() == "late_payment").Sum(p => p.GetProperty("amount").GetDecimal());

    private async Task EnterpriseAsync(AccountId account)
    {
        const string siret = "73282932000074";
        await App.DeliverToAsync("compliance", new EnterpriseProfileChanged(Guid.NewGuid(), DateTime.UtcNow, siret, "Claire Martin", "6201Z",
            new DateOnly(2024, 1, 10), ActivityNature.Liberal, ActivityCategory.LiberalBnc, "75", DeclarationFrequency.Quarterly, false, false, "1 rue X 75001 Paris"));
        await App.DeliverToAsync("compliance", new AccountActivated(Guid.NewGuid(), DateTime.UtcNow, account.Value, siret, "Claire", "Martin", "claire@example.fr", "+33612345678"));
        await App.DrainAsync();
    }
}

public sealed class PlanDefaultTests(UrssafApp app) : PaymentPlanTestBase(app), IClassFixture<UrssafApp>
{
    [Fact]
    public async Task An_instalment_returned_twice_ends_the_plan_and_the_rest_is_due_at_once()
    {
        var (account, client, mandateId) = await OverdueAsync(100_000);
        var body = new { periods = new[] { "2026-Q1" }, instalments = 2, mandateId, reason = "Trésorerie tendue." };
        var (_, plan) = await RequestPlanAsync(client, body, "plan-default");
        Assert.Equal("approved", plan.GetProperty("status").GetString());
        List<(string, decimal)> expected = [("2026-06-25", 500.00m), ("2026-07-27", 500.00m)];
        Assert.Equal(expected, Schedule(plan));
        var planId = plan.GetProperty("planId").GetString()!;

        var first = Assert.Single(await BatchAsync("2026-06-25"));
        App.Clock.SetUtcNow(new DateTimeOffset(2026, 6, 26, 8, 0, 0, TimeSpan.Zero));
        await ImportAsync(Camt054.Build("RET-1", new Camt054.Entry("B-RET-1", Credit: false, 50_000, EndToEndId: first.EndToEndId, ReturnReason: "AM04")));
        client = App.ClientFor(account);
        var again = await PlanAsync(client, planId);
        Assert.Equal("approved", again.GetProperty("status").GetString());
        Assert.Equal("presented_again", again.GetProperty("schedule")[0].GetProperty("status").GetString());
        Assert.Equal(1000.00m, (await BalanceAsync(client)).GetProperty("totalDue").GetDecimal()); // nothing paid yet

        // the second presentation, 10 days later (5 July is a Sunday: Monday 6 July)
        var second = Assert.Single(await BatchAsync("2026-07-06"));
        Assert.Equal(500.00m, second.Amount);
        await ImportAsync(Camt054.Build("RET-2", new Camt054.Entry("B-RET-2", Credit: false, 50_000, EndToEndId: second.EndToEndId, ReturnReason: "AM04")));

        var ended = await PlanAsync(client, planId);
        Assert.Equal("defaulted", ended.GetProperty("status").GetString());
        Assert.Equal("cancelled", ended.GetProperty("schedule")[1].GetProperty("status").GetString());
        Assert.Equal(1000.00m, (await BalanceAsync(client)).GetProperty("totalDue").GetDecimal());
        var standing = await client.GetFromJsonAsync<JsonElement>("/api/v1/compliance/status");
        Assert.Equal("red", standing.GetProperty("status").GetString());
        Assert.Contains(standing.GetProperty("reasons").EnumerateArray(), r => r.GetProperty("code").GetString() == "payment.overdue");
        // the withdrawn instalment is not debited
        Assert.Equal(HttpStatusCode.NotFound, (await App.OperatorClient().GetAsync("/api/v1/operator/sepa/batches/2026-07-27")).StatusCode);

        // a plan defaulted in the last 12 months: a new one is refused at once
        var (status, refused) = await RequestPlanAsync(client, body, "plan-after-default");
        Assert.Equal((HttpStatusCode.Created, "refused"), (status, refused.GetProperty("status").GetString()));
        Assert.Contains("payments.plan.defaulted_recently", refused.GetProperty("refusalReasons").EnumerateArray().Select(r => r.GetString()));
    }
}

public sealed class PlanReviewTests(UrssafApp app) : PaymentPlanTestBase(app), IClassFixture<UrssafApp>
{
    [Fact]
    public async Task A_large_plan_waits_for_the_operator_who_counter_proposes_and_the_entrepreneur_accepts()
    {
        var (_, client, mandateId) = await OverdueAsync(600_000);
        var (status, plan) = await RequestPlanAsync(client, new { all = true, instalments = 4, mandateId, reason = "Perte d'un client important." }, "plan-review");
        Assert.Equal((HttpStatusCode.Created, "under_review"), (status, plan.GetProperty("status").GetString()));
        var planId = plan.GetProperty("planId").GetString()!;
        Assert.Equal(6000.00m, (await BalanceAsync(client)).GetProperty("totalDue").GetDecimal()); // nothing scheduled while under review

        var queue = await App.OperatorClient().GetFromJsonAsync<JsonElement>("/api/v1/operator/payment-plans");
        Assert.Contains(queue.EnumerateArray(), p => p.GetProperty("planId").GetString() == planId);
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.CreateClient().GetAsync("/api/v1/operator/payment-plans")).StatusCode);

        var bad = await App.OperatorClient().PostAsJsonAsync($"/api/v1/operator/payment-plans/{planId}/decision", new { decision = "maybe" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var counter = await App.OperatorClient().PostAsJsonAsync($"/api/v1/operator/payment-plans/{planId}/decision",
            new { decision = "counter_propose", instalments = 7, note = "Sept mensualités." });
        Assert.Equal(HttpStatusCode.OK, counter.StatusCode);
        var proposed = await counter.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("counter_proposed", proposed.GetProperty("status").GetString());
        // 6000.00 / 7 = 857.14 six times, the last 857.16
        Assert.Equal([857.14m, 857.14m, 857.14m, 857.14m, 857.14m, 857.14m, 857.16m], Schedule(proposed).Select(s => s.Amount).ToList());
        await App.DrainAsync();

        var accept = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/payments/plans/{planId}/acceptance");
        accept.Headers.Add("Idempotency-Key", "accept-counter");
        var accepted = await client.SendAsync(accept);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal("approved", (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        await App.DrainAsync();
        Assert.Equal(857.14m, Assert.Single(await BatchAsync("2026-06-25")).Amount);
        // deciding again is refused: the plan is no longer under review
        var twice = await App.OperatorClient().PostAsJsonAsync($"/api/v1/operator/payment-plans/{planId}/decision", new { decision = "approve" });
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
    }

    [Fact]
    public async Task The_operator_may_refuse_with_a_note()
    {
        var (_, client, mandateId) = await OverdueAsync(600_000);
        var (_, plan) = await RequestPlanAsync(client, new { all = true, instalments = 12, mandateId, reason = "Baisse d'activité." }, "plan-refused");
        var planId = plan.GetProperty("planId").GetString()!;
        var noNote = await App.OperatorClient().PostAsJsonAsync($"/api/v1/operator/payment-plans/{planId}/decision", new { decision = "refuse" });
        Assert.Equal(HttpStatusCode.BadRequest, noNote.StatusCode);
        var refused = await App.OperatorClient().PostAsJsonAsync($"/api/v1/operator/payment-plans/{planId}/decision",
            new { decision = "refuse", note = "Garanties insuffisantes." });
        var body = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("refused", "Garanties insuffisantes."), (body.GetProperty("status").GetString(), body.GetProperty("decisionNote").GetString()));
        Assert.Equal(6000.00m, (await BalanceAsync(client)).GetProperty("totalDue").GetDecimal());

        var tooMany = await RequestPlanAsync(client, new { all = true, instalments = 13, mandateId, reason = "x" }, "plan-13");
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.Status);
        Assert.Equal("payments.plan.instalments_invalid", tooMany.Body.GetProperty("errorCodes").GetProperty("instalments")[0].GetString());
    }
}

public sealed class PlanRetentionTests(UrssafApp app) : PaymentPlanTestBase(app), IClassFixture<UrssafApp>
{
    [Fact]
    public async Task The_end_of_the_legal_retention_purges_the_plan_and_its_instalments_with_the_rest_of_the_account()
    {
        var (account, client, mandateId) = await OverdueAsync(600_000);
        var (other, otherClient, otherMandate) = await OverdueAsync(600_000);
        await RequestPlanAsync(client, new { all = true, instalments = 12, mandateId, reason = "Baisse d'activité." }, "plan-retention");
        await RequestPlanAsync(otherClient, new { all = true, instalments = 12, mandateId = otherMandate, reason = "Baisse d'activité." }, "plan-retention-other");
        Task<(int Plans, int Instalments, int Obligations)> CountAsync(AccountId who) => App.ScopedAsync(async sp =>
        {
            var db = sp.GetRequiredService<Persistence.PaymentsDbContext>();
            var plans = db.PaymentPlans.Where(p => p.AccountId == who).Select(p => p.Id);
            return (await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(plans),
                await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.PlanInstalments.Where(i => plans.Contains(i.PlanId))),
                await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.Obligations.Where(o => o.AccountId == who)));
        });
        var before = await CountAsync(account);
        var otherBefore = await CountAsync(other);
        Assert.Equal(1, before.Plans);
        Assert.True(before.Instalments > 0);

        var now = App.Clock.GetUtcNow().UtcDateTime;
        await App.DeliverToAsync("payments", new AccountRetentionEnded(Guid.NewGuid(), now, account.Value, now.AddYears(-6)));
        await App.DrainAsync();

        Assert.Equal((0, 0, 0), await CountAsync(account));
        Assert.Equal(otherBefore, await CountAsync(other)); // another account untouched
    }
}
