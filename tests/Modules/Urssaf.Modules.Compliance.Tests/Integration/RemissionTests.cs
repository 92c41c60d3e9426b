using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Urssaf.Modules.Compliance.Persistence;
using Urssaf.Modules.Payments.Contracts.IntegrationEvents;
using Urssaf.SharedKernel.Identity;
using Urssaf.TestKit;
using Urssaf.TestKit.Builders;

namespace Urssaf.Modules.Compliance.Tests.Integration;

/// <summary>
/// CSS R243-20: remission of late-payment majorations, asked after full payment; the 5 % part always remittable, the 0.2 % part
/// only when the contributions were paid within 30 days of the due date; an operator decides; the outcome is published.
/// </summary>
public sealed class RemissionTests
{
    private static Task PaidAsync(UrssafApp app, AccountId account, Guid obligation, long cents, int revision) =>
        app.DeliverAsync(An.ObligationChanged(account.Value, "2026-Q1", cents, paidCents: cents, revision: revision, obligationId: obligation,
            at: app.Clock.GetUtcNow().UtcDateTime, paidLateCents: cents));

    private static async Task<JsonElement> MajorationAsync(UrssafApp app, AccountId account) =>
        (await app.ClientFor(account).GetFromJsonAsync<List<JsonElement>>("/api/v1/compliance/penalties"))!.Single(p => p.GetProperty("kind").GetString() == "late_payment");

    private static Task<HttpResponseMessage> AskAsync(UrssafApp app, AccountId account, Guid penalty) =>
        app.ClientFor(account).PostAsJsonAsync($"/api/v1/compliance/penalties/{penalty}/remission-requests", new { reason = "Retard de paiement d'un client." });

    [Fact]
    public async Task R243_20_no_remission_is_granted_once_a_returned_debit_leaves_the_contributions_unpaid_again()
    {
        using var app = new UrssafApp(); // 4 May 2026
        var account = AccountId.New();
        var obligation = Guid.NewGuid();
        await app.PeriodOpenedAsync(account, "2026-Q1", "2026-04-30");
        await app.ObligationAsync(account, obligation, "2026-Q1", "2026-04-30", 100_000, 0, 0, 1);
        await app.RunDailyJobAsync("apply-penalties");
        var majoration = (await MajorationAsync(app, account)).GetProperty("penaltyId").GetGuid();
        await PaidAsync(app, account, obligation, 100_000, 2);
        var id = (await (await AskAsync(app, account, majoration)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("requestId").GetGuid();

        await app.ObligationAsync(account, obligation, "2026-Q1", "2026-04-30", 100_000, 0, 0, 3); // the debit came back: owed again
        var refused = await app.OperatorClient().PostAsJsonAsync($"/api/v1/operator/remission-requests/{id}/decision", new { granted = 52.00m, note = (string?)null });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("compliance.remission.contributions_unpaid", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(52.00m, (await MajorationAsync(app, account)).GetProperty("amount").GetDecimal());
    }

    [Fact]
    public async Task R243_20_paid_within_30_days_the_whole_majoration_may_be_remitted_by_the_operator()
    {
        using var app = new UrssafApp(); // 4 May 2026
        var account = AccountId.New();
        var obligation = Guid.NewGuid();
        await app.PeriodOpenedAsync(account, "2026-Q1", "2026-04-30");
        await app.ObligationAsync(account, obligation, "2026-Q1", "2026-04-30", 100_000, 0, 0, 1);
        await app.RunDailyJobAsync("apply-penalties"); // R613-9 61 €, R243-16 5 % + 0.2 % of 1,000 € = 52 €
        var majoration = (await MajorationAsync(app, account)).GetProperty("penaltyId").GetGuid();
        var declarationPenalty = (await app.ClientFor(account).GetFromJsonAsync<List<JsonElement>>("/api/v1/compliance/penalties"))!
            .Single(p => p.GetProperty("kind").GetString() == "late_declaration").GetProperty("penaltyId").GetGuid();

        var early = await AskAsync(app, account, majoration);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, early.StatusCode); // contributions not paid yet
        Assert.Contains("compliance.remission.contributions_unpaid", await early.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await PaidAsync(app, account, obligation, 100_000, 2); // paid on 4 May, within 30 days of 30 April
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await AskAsync(app, account, declarationPenalty)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await app.ClientFor(account).PostAsJsonAsync(
            $"/api/v1/compliance/penalties/{majoration}/remission-requests", new { reason = "" })).StatusCode);
        var asked = await AskAsync(app, account, majoration);
        Assert.Equal(HttpStatusCode.Created, asked.StatusCode);
        var request = await asked.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((50.00m, 2.00m, true, 52.00m, "pending"), (request.GetProperty("majoration").GetDecimal(), request.GetProperty("complementary").GetDecimal(),
            request.GetProperty("complementaryRemittable").GetBoolean(), request.GetProperty("maxRemittable").GetDecimal(), request.GetProperty("status").GetString()));
        Assert.Equal(HttpStatusCode.Conflict, (await AskAsync(app, account, majoration)).StatusCode);

        var id = request.GetProperty("requestId").GetGuid();
        var pending = await app.OperatorClient().GetFromJsonAsync<List<JsonElement>>("/api/v1/operator/remission-requests");
        Assert.Contains(pending!, r => r.GetProperty("requestId").GetGuid() == id);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await app.OperatorClient().PostAsJsonAsync($"/api/v1/operator/remission-requests/{id}/decision",
            new { granted = 52.01m, note = (string?)null })).StatusCode);
        // a decision without an amount is not a refusal: 400, and the request stays pending (decided below)
        Assert.Equal(HttpStatusCode.BadRequest,
            (await app.OperatorClient().PostAsJsonAsync($"/api/v1/operator/remission-requests/{id}/decision", new { note = "oublié" })).StatusCode);

        var decided = await app.OperatorClient().PostAsJsonAsync($"/api/v1/operator/remission-requests/{id}/decision", new { granted = 52.00m, note = "Premier retard." });
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await app.OperatorClient().PostAsJsonAsync($"/api/v1/operator/remission-requests/{id}/decision",
            new { granted = 0m })).StatusCode);

        Assert.Equal(0.00m, (await MajorationAsync(app, account)).GetProperty("amount").GetDecimal());
        var outbox = await app.ScopedAsync(sp => sp.GetRequiredService<ComplianceDbContext>().OutboxMessages.Select(m => m.Type).ToListAsync());
        Assert.Contains(outbox, t => t.Contains("RemissionDecided", StringComparison.Ordinal));
        var mine = await app.ClientFor(account).GetFromJsonAsync<List<JsonElement>>("/api/v1/compliance/remission-requests");
        Assert.Equal(("granted", 52.00m), (mine!.Single().GetProperty("status").GetString(), mine!.Single().GetProperty("granted").GetDecimal()));
    }

    /// <summary>Paid on 2 June (33 days after the 30 April due date): only the 5 % (50 €) may be remitted, not the 0.2 % parts (4 €).</summary>
    [Fact]
    public async Task R243_20_paid_after_30_days_only_the_5_percent_may_be_remitted()
    {
        using var app = new UrssafApp();
        var account = AccountId.New();
        var obligation = Guid.NewGuid();
        await app.ObligationAsync(account, obligation, "2026-Q1", "2026-04-30", 100_000, 0, 0, 1);
        await app.RunDailyJobAsync("apply-penalties");
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 6, 2, 8, 0, 0, TimeSpan.Zero));
        await app.RunDailyJobAsync("apply-penalties"); // 54 €
        await PaidAsync(app, account, obligation, 100_000, 2);
        var majoration = (await MajorationAsync(app, account)).GetProperty("penaltyId").GetGuid();
        var request = await (await AskAsync(app, account, majoration)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((4.00m, false, 50.00m), (request.GetProperty("complementary").GetDecimal(), request.GetProperty("complementaryRemittable").GetBoolean(),
            request.GetProperty("maxRemittable").GetDecimal()));
        var refused = await app.OperatorClient().PostAsJsonAsync($"/api/v1/operator/remission-requests/{request.GetProperty("requestId").GetGuid()}/decision",
            new { granted = 0m, note = "Retards répétés." });
        Assert.Equal("refused", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(54.00m, (await MajorationAsync(app, account)).GetProperty("amount").GetDecimal());
    }
}
