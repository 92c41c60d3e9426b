using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Urssaf.Modules.Compliance.Persistence;
using Urssaf.SharedKernel.Identity;
using Urssaf.TestKit;

namespace Urssaf.Modules.Compliance.Tests.Integration;

/// <summary>The clock moves across due dates (each test has its own app and clock, starting on 4 May 2026).</summary>
public sealed class RegularityTests
{
    private static async Task<(string Status, string Codes)> StatusAsync(UrssafApp app, AccountId account)
    {
        var body = await app.ClientFor(account).GetFromJsonAsync<JsonElement>("/api/v1/compliance/status");
        return (body.GetProperty("status").GetString()!, string.Join(',', body.GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("code").GetString())));
    }

    private static Task<List<JsonElement>> PenaltiesAsync(UrssafApp app, AccountId account) =>
        app.ClientFor(account).GetFromJsonAsync<List<JsonElement>>("/api/v1/compliance/penalties")!;

    private static Task<List<string>> OutboxTypesAsync(UrssafApp app) =>
        app.ScopedAsync(sp => sp.GetRequiredService<ComplianceDbContext>().OutboxMessages.Select(m => m.Type).ToListAsync());

    [Fact]
    public async Task Filed_and_paid_on_time_is_green_and_a_near_deadline_turns_it_orange()
    {
        using var app = new UrssafApp();
        var account = AccountId.New();
        await app.PeriodOpenedAsync(account, "2026-Q1", "2026-04-30");
        await app.FiledAsync(account, "2026-Q1", "2026-04-30", 258_000);
        await app.ObligationAsync(account, Guid.NewGuid(), "2026-Q1", "2026-04-30", 258_000, 258_000, 0, 3);
        Assert.Equal(("green", ""), await StatusAsync(app, account));

        await app.PeriodOpenedAsync(account, "2026-04", "2026-05-31");
        Assert.Equal("green", (await StatusAsync(app, account)).Status); // 27 days ahead
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 5, 25, 8, 0, 0, TimeSpan.Zero));
        Assert.Equal(("orange", "declaration.due_soon"), await StatusAsync(app, account));
    }

    [Fact]
    public async Task A_direct_debit_in_progress_covers_the_amount_and_after_the_due_date_shows_as_pending()
    {
        using var app = new UrssafApp();
        var account = AccountId.New();
        var obligation = Guid.NewGuid();
        await app.FiledAsync(account, "2026-04", "2026-05-31", 10_000);
        await app.ObligationAsync(account, obligation, "2026-04", "2026-05-31", 10_000, 0, 10_000, 2);
        Assert.Equal("green", (await StatusAsync(app, account)).Status);
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 6, 2, 8, 0, 0, TimeSpan.Zero));
        Assert.Equal(("orange", "payment.collection_pending"), await StatusAsync(app, account));
    }

    [Fact]
    public async Task A_missed_declaration_is_red_with_one_penalty_however_often_the_job_runs()
    {
        using var app = new UrssafApp();
        var account = AccountId.New();
        await app.PeriodOpenedAsync(account, "2026-Q1", "2026-04-30");
        Assert.Equal(("red", "declaration.missing"), await StatusAsync(app, account));

        Assert.Equal(1, await app.RunDailyJobAsync("apply-penalties"));
        Assert.Equal(0, await app.RunDailyJobAsync("apply-penalties"));
        app.Clock.Advance(TimeSpan.FromDays(40));
        await app.RunDailyJobAsync("apply-penalties");

        var penalty = Assert.Single(await PenaltiesAsync(app, account));
        Assert.Equal(("late_declaration", 61.00m, "CSS R613-9", "2026-Q1"), (penalty.GetProperty("kind").GetString(), penalty.GetProperty("amount").GetDecimal(),
            penalty.GetProperty("legalReference").GetString(), penalty.GetProperty("period").GetString()));
        Assert.Equal("2026-06-04", penalty.GetProperty("dueDate").GetString()); // within a month of notification (R243-19)
        Assert.Single(await OutboxTypesAsync(app), t => t.Contains("PenaltyAssessed", StringComparison.Ordinal));

        // filing late afterwards does not add a second penalty
        await app.FiledAsync(account, "2026-Q1", "2026-04-30", 0, late: true);
        await app.RunDailyJobAsync("apply-penalties");
        Assert.Single(await PenaltiesAsync(app, account));
    }

    [Fact]
    public async Task A_declaration_filed_after_its_deadline_gets_the_penalty_too()
    {
        using var app = new UrssafApp();
        var account = AccountId.New();
        await app.FiledAsync(account, "2026-Q1", "2026-04-30", 10_000, late: true);
        await app.RunDailyJobAsync("apply-penalties");
        Assert.Equal(61.00m, Assert.Single(await PenaltiesAsync(app, account)).GetProperty("amount").GetDecimal());
    }

    [Fact]
    public async Task Late_payment_is_5_percent_plus_0_2_per_month_until_paid_then_green_again()
    {
        using var app = new UrssafApp(); // 4 May 2026: four days after the 30 April due date
        var account = AccountId.New();
        var obligation = Guid.NewGuid();
        await app.FiledAsync(account, "2026-Q1", "2026-04-30", 100_000);
        await app.ObligationAsync(account, obligation, "2026-Q1", "2026-04-30", 100_000, 0, 0, 1);
        Assert.Equal(("red", "payment.overdue"), await StatusAsync(app, account));

        await app.RunDailyJobAsync("apply-penalties");
        var first = Assert.Single(await PenaltiesAsync(app, account));
        Assert.Equal(("late_payment", 52.00m, 1), (first.GetProperty("kind").GetString(), first.GetProperty("amount").GetDecimal(),
            first.GetProperty("monthsElapsed").GetInt32())); // 5 % + 0.2 % for the month started

        app.Clock.SetUtcNow(new DateTimeOffset(2026, 5, 29, 8, 0, 0, TimeSpan.Zero));
        await app.RunDailyJobAsync("apply-penalties"); // still the first month
        Assert.Equal(52.00m, Assert.Single(await PenaltiesAsync(app, account)).GetProperty("amount").GetDecimal());

        app.Clock.SetUtcNow(new DateTimeOffset(2026, 6, 2, 8, 0, 0, TimeSpan.Zero));
        await app.RunDailyJobAsync("apply-penalties");
        await app.RunDailyJobAsync("apply-penalties");
        var grown = Assert.Single(await PenaltiesAsync(app, account));
        Assert.Equal((54.00m, 2), (grown.GetProperty("amount").GetDecimal(), grown.GetProperty("monthsElapsed").GetInt32()));
        Assert.Equal(2, (await OutboxTypesAsync(app)).Count(t => t.Contains("PenaltyAssessed", StringComparison.Ordinal)));

        // everything paid, late (contributions, then the penalty's obligation): green, and the majoration stops growing; without a
        // receipt date (an older publisher) the late money is dated the day Compliance sees it, 2 June
        await app.ObligationAsync(account, obligation, "2026-Q1", "2026-04-30", 100_000, 100_000, 0, 2, paidLate: 100_000);
        // the penalty reached Payments through the real outbox and came back as an obligation; now it is paid too
        var penaltyId = grown.GetProperty("penaltyId").GetGuid();
        var owed = await app.ScopedAsync(sp => sp.GetRequiredService<ComplianceDbContext>().Obligations.SingleAsync(o => o.SourceId == penaltyId));
        Assert.Equal((5_400, "2026-06-04"), (owed.AmountCents, owed.DueDate.ToString("yyyy-MM-dd")));
        Assert.Equal(("orange", "payment.due_soon"), await StatusAsync(app, account));
        await app.ObligationAsync(account, owed.ObligationId, "2026-Q1", "2026-06-04", 5_400, 5_400, 0, owed.Revision + 1, kind: "penalty", source: penaltyId);
        Assert.Equal("green", (await StatusAsync(app, account)).Status);
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 8, 2, 8, 0, 0, TimeSpan.Zero));
        await app.RunDailyJobAsync("apply-penalties");
        var final = Assert.Single(await PenaltiesAsync(app, account));
        Assert.Equal((54.00m, "paid"), (final.GetProperty("amount").GetDecimal(), final.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task An_older_obligation_event_never_overwrites_a_newer_one()
    {
        using var app = new UrssafApp();
        var account = AccountId.New();
        var obligation = Guid.NewGuid();
        await app.ObligationAsync(account, obligation, "2026-Q1", "2026-04-30", 10_000, 10_000, 0, 5);
        await app.ObligationAsync(account, obligation, "2026-Q1", "2026-04-30", 10_000, 0, 0, 4);
        Assert.Equal("green", (await StatusAsync(app, account)).Status);
    }

    [Fact]
    public async Task Status_needs_a_token()
    {
        using var app = new UrssafApp();
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync("/api/v1/compliance/status")).StatusCode);
    }
}
