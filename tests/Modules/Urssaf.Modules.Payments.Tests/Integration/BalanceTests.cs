using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Urssaf.Modules.Declarations.Contracts.IntegrationEvents;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Messaging;
using Urssaf.SharedKernel.Messaging;
using Urssaf.TestKit;

namespace Urssaf.Modules.Payments.Tests.Integration;

/// <summary>Declarations' events, delivered through the real inbox, become what the account owes.</summary>
public sealed class BalanceTests(UrssafApp app) : IClassFixture<UrssafApp>
{

    private Task DeliverAsync<T>(T e) where T : IIntegrationEvent =>
        app.DeliverToAsync("payments", e);

    private DeclarationFiled Filed(AccountId account, Guid declaration, string period, long totalCents, string due) =>
        new(Guid.NewGuid(), app.Clock.GetUtcNow().UtcDateTime, declaration, account.Value, "73282932000074", period, new DateOnly(2026, 1, 1),
            new DateOnly(2026, 3, 31), DateOnly.Parse(due), DateTime.Parse(due).ToUniversalTime(), app.Clock.GetUtcNow().UtcDateTime, false, 1, [],
            totalCents, 0, 0, 0, totalCents);

    [Fact]
    public async Task Filed_and_corrected_declarations_make_the_balance_with_overdue_items()
    {
        var account = AccountId.New();
        var q1 = Guid.NewGuid();
        await DeliverAsync(Filed(account, q1, "2026-Q1", 258_000, "2026-04-30"));          // the clock is on 4 May 2026: overdue
        await DeliverAsync(Filed(account, Guid.NewGuid(), "2026-04", 10_050, "2026-05-31")); // open
        await DeliverAsync(new DeclarationCorrected(Guid.NewGuid(), app.Clock.GetUtcNow().UtcDateTime, q1, account.Value, "73282932000074", "2026-Q1",
            new DateOnly(2026, 1, 1), new DateOnly(2026, 3, 31), new DateOnly(2026, 4, 30), DateTime.UtcNow, app.Clock.GetUtcNow().UtcDateTime, 2, [],
            300_000, 0, 0, 0, 300_000, 258_000));
        await app.DrainAsync();

        // only Payments' handlers ran in Payments' inbox (Notifications also handles DeclarationFiled, in its own inbox)
        var errors = await app.ScopedAsync(sp => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
            sp.GetRequiredService<Urssaf.Modules.Payments.Persistence.PaymentsDbContext>().InboxMessages.Where(m => m.LastError != null).Select(m => m.LastError)));
        Assert.Empty(errors);
        var balance = await app.ClientFor(account).GetFromJsonAsync<JsonElement>("/api/v1/payments/balance");
        Assert.Equal(3100.50m, balance.GetProperty("totalDue").GetDecimal());
        var items = balance.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(("2026-Q1", 3000.00m, "overdue"), (items[0].GetProperty("period").GetString(), items[0].GetProperty("amount").GetDecimal(), items[0].GetProperty("status").GetString()));
        Assert.Equal(("2026-04", "open"), (items[1].GetProperty("period").GetString(), items[1].GetProperty("status").GetString()));
    }

    [Fact]
    public async Task A_late_older_event_does_not_undo_a_correction_and_a_duplicate_changes_nothing()
    {
        var account = AccountId.New();
        var declaration = Guid.NewGuid();
        var corrected = new DeclarationCorrected(Guid.NewGuid(), app.Clock.GetUtcNow().UtcDateTime, declaration, account.Value, "73282932000074", "2026-Q1",
            new DateOnly(2026, 1, 1), new DateOnly(2026, 3, 31), new DateOnly(2026, 6, 30), DateTime.UtcNow, DateTime.UtcNow, 2, [], 5_000, 0, 0, 0, 5_000, 9_000);
        await DeliverAsync(corrected);
        await DeliverAsync(corrected);
        await DeliverAsync(Filed(account, declaration, "2026-Q1", 9_000, "2026-06-30"));
        await app.DrainAsync();

        var balance = await app.ClientFor(account).GetFromJsonAsync<JsonElement>("/api/v1/payments/balance");
        Assert.Equal(50.00m, balance.GetProperty("totalDue").GetDecimal());
        Assert.Single(balance.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Another_account_sees_nothing_and_no_token_is_401()
    {
        var owner = AccountId.New();
        await DeliverAsync(Filed(owner, Guid.NewGuid(), "2026-Q1", 1_000, "2026-04-30"));
        await app.DrainAsync();
        var other = await app.ClientFor(AccountId.New()).GetFromJsonAsync<JsonElement>("/api/v1/payments/balance");
        Assert.Equal(0m, other.GetProperty("totalDue").GetDecimal());
        Assert.Empty(other.GetProperty("items").EnumerateArray());
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync("/api/v1/payments/balance")).StatusCode);
    }
}
