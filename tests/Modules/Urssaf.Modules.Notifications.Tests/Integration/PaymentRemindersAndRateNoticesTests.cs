using System.Net;
using System.Net.Http.Json;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Urssaf.Modules.Identity.Contracts.IntegrationEvents;
using Urssaf.Modules.Notifications.Contracts.Queries;
using Urssaf.Modules.Notifications.Persistence;
using Urssaf.Modules.Payments.Contracts.IntegrationEvents;
using Urssaf.SharedKernel.Enterprise;
using Urssaf.SharedKernel.Identity;
using Urssaf.TestKit;

namespace Urssaf.Modules.Notifications.Tests.Integration;

/// <summary>The host on 23 April 2026 at 05:00 UTC: 30 April is in 7 days.</summary>
public sealed class PaymentRemindersApp() : UrssafApp(new DateTimeOffset(2026, 4, 23, 5, 0, 0, TimeSpan.Zero));

/// <summary>The host on 15 October 2025: the 1 January 2026 rate change is 78 days away.</summary>
public sealed class RateWatchApp() : UrssafApp(new DateTimeOffset(2025, 10, 15, 6, 0, 0, TimeSpan.Zero));

/// <summary>The daily jobs <c>remind-payments</c> and <c>announce-rate-changes</c> (ADR 0102), each on its own host and clock.</summary>
public sealed class PaymentRemindersAndRateNoticesTests
{
    private static async Task<AccountId> AccountAsync(UrssafApp app, string email, string phone, string siret = "73282932000074")
    {
        var account = AccountId.New();
        await app.DeliverAsync(new AccountActivated(Guid.NewGuid(), app.Clock.GetUtcNow().UtcDateTime, account.Value, siret, "Inès", "Roy", email, phone));
        await app.DrainAsync();
        return account;
    }

    private static Task ObligationAsync(UrssafApp app, AccountId account, Guid obligation, long amount, long paid, long pending, DateOnly due, int revision = 1) =>
        app.DeliverToAsync("notifications", new ObligationChanged(Guid.NewGuid(), app.Clock.GetUtcNow().UtcDateTime, obligation, account.Value, "contributions",
            Guid.NewGuid(), "2026-Q1", amount, paid, pending, due, revision));

    private static Task<List<string>> MessagesAsync(UrssafApp app, AccountId account, string topic) => app.ScopedAsync(sp =>
        sp.GetRequiredService<NotificationsDbContext>().OutgoingMessages.Where(m => m.AccountId == account && m.Topic == topic)
            .Select(m => m.Channel.ToString()).ToListAsync());

    [Fact]
    public async Task Amounts_neither_paid_nor_debited_are_reminded_7_and_2_days_before_once_per_step_on_the_chosen_channel()
    {
        // 23 April 2026, 05:00 UTC: 30 April is in 7 days
        await using var app = new PaymentRemindersApp();
        var due = new DateOnly(2026, 4, 30);
        var partly = await AccountAsync(app, "partly@example.test", "+33611111111");
        var debited = await AccountAsync(app, "debited@example.test", "+33622222222");
        var settled = await AccountAsync(app, "settled@example.test", "+33633333333");
        var texter = await AccountAsync(app, "texter@example.test", "+33644444444");
        var later = await AccountAsync(app, "later@example.test", "+33655555555");
        var silent = await AccountAsync(app, "silent@example.test", "+33666666666");

        var partlyObligation = Guid.NewGuid();
        await ObligationAsync(app, partly, partlyObligation, 123_456, 23_456, 0, due); // 1 000,00 € left, no debit
        await ObligationAsync(app, debited, Guid.NewGuid(), 50_000, 0, 50_000, due); // a scheduled debit covers it all
        var settledObligation = Guid.NewGuid();
        await ObligationAsync(app, settled, settledObligation, 50_000, 0, 0, due);
        await app.DeliverToAsync("notifications", new ObligationSettled(Guid.NewGuid(), app.Clock.GetUtcNow().UtcDateTime, settledObligation, settled.Value,
            "contributions", Guid.NewGuid(), "2026-Q1", 50_000));
        var texterObligation = Guid.NewGuid();
        await ObligationAsync(app, texter, texterObligation, 40_000, 0, 10_000, due);
        await ObligationAsync(app, later, Guid.NewGuid(), 40_000, 0, 0, due.AddDays(3)); // 10 days away: no step today
        await ObligationAsync(app, silent, Guid.NewGuid(), 40_000, 0, 0, due);
        var closed = await AccountAsync(app, "closed@example.test", "+33677777777");
        await ObligationAsync(app, closed, Guid.NewGuid(), 40_000, 0, 0, due);
        await app.DrainAsync();
        await app.DeliverToAsync("notifications", new AccountClosed(Guid.NewGuid(), app.Clock.GetUtcNow().UtcDateTime, closed.Value)); // closure stops reminders
        foreach (var (account, choice) in new[] { (texter, "sms"), (silent, "none") })
            Assert.Equal(HttpStatusCode.OK, (await app.ClientFor(account).PutAsJsonAsync("/api/v1/notifications/preferences",
                new Dictionary<string, string> { ["payment_reminders"] = choice })).StatusCode);
        await app.DrainAsync();

        Assert.Equal(3, await app.RunDailyJobAsync("remind-payments")); // partly, texter, silent (marked, nothing queued)
        Assert.Equal(0, await app.RunDailyJobAsync("remind-payments")); // a rerun the same day sends nothing more
        await app.DrainAsync();

        Assert.Equal(["Email"], await MessagesAsync(app, partly, "payment_reminders"));
        Assert.Equal(["Sms"], await MessagesAsync(app, texter, "payment_reminders"));
        foreach (var none in new[] { debited, settled, later, silent, closed }) Assert.Empty(await MessagesAsync(app, none, "payment_reminders"));
        var mail = Assert.Single(app.EmailsTo("partly@example.test"), m => m.Subject == "Cotisations de la période 2026-Q1 à payer avant le 30 avril 2026");
        Assert.Contains("Bonjour Inès", mail.TextBody);
        Assert.Contains("Le montant de 1 000,00 € dû pour la période 2026-Q1 est à payer au plus tard le 30 avril 2026, et aucun prélèvement n'est prévu.",
            (mail.TextBody ?? "").Replace('\u202f', ' ').Replace('\u00a0', ' '));
        Assert.Contains("R243-16", mail.HtmlBody);
        Assert.Contains(app.SmsTo("+33644444444"), s => s.Text.Contains("30 avril 2026") && !s.Text.Contains("€"));
        Assert.DoesNotContain(app.EmailsTo("closed@example.test"), m => (m.Subject ?? "").StartsWith("Cotisations", StringComparison.Ordinal));
        Assert.False(await app.ScopedAsync(sp => sp.GetRequiredService<NotificationsDbContext>().PendingPayments.AnyAsync(p => p.AccountId == closed)));
        Assert.DoesNotContain(app.EmailsTo("texter@example.test"), m => (m.Subject ?? "").StartsWith("Cotisations", StringComparison.Ordinal));

        // 28 April: 2 days before. The texter paid meanwhile; an older revision arriving late does not bring the amount back.
        await app.DeliverToAsync("notifications", new ObligationSettled(Guid.NewGuid(), app.Clock.GetUtcNow().UtcDateTime, texterObligation, texter.Value,
            "contributions", Guid.NewGuid(), "2026-Q1", 40_000));
        await ObligationAsync(app, partly, partlyObligation, 123_456, 23_456, 100_000, due, revision: 3); // a debit now covers it
        await ObligationAsync(app, partly, partlyObligation, 123_456, 23_456, 0, due, revision: 2);
        await app.DrainAsync();
        app.Clock.Advance(TimeSpan.FromDays(5));
        Assert.Equal(1, await app.RunDailyJobAsync("remind-payments")); // silent only: marked, never queued
        Assert.Equal(["Email"], await MessagesAsync(app, partly, "payment_reminders"));
        Assert.Equal(["Sms"], await MessagesAsync(app, texter, "payment_reminders"));
        Assert.Empty(await MessagesAsync(app, silent, "payment_reminders"));

        // 1 May: "later" is due in 2 days (its 7-day step fell on 26 April, when the job did not run: not caught up)
        app.Clock.Advance(TimeSpan.FromDays(3));
        Assert.Equal(1, await app.RunDailyJobAsync("remind-payments"));
        await app.DrainAsync();
        Assert.Single(app.EmailsTo("later@example.test"), m => m.Subject == "Cotisations de la période 2026-Q1 à payer avant le 3 mai 2026");
    }

    [Fact]
    public async Task A_rate_change_is_announced_within_60_days_of_its_effective_date_to_its_category_only_and_once()
    {
        // 15 October 2025: the 1 January 2026 change of the liberal_bnc rate (24.6 % → 25.6 %) is 78 days away
        await using var app = new RateWatchApp();
        var bnc = await AccountAsync(app, "bnc@example.test", "+33611111112", "11111111100011");
        var bncQuiet = await AccountAsync(app, "quiet@example.test", "+33611111113", "22222222200022");
        var bncSms = await AccountAsync(app, "sms@example.test", "+33611111114", "33333333300033");
        var sales = await AccountAsync(app, "sales@example.test", "+33611111115", "44444444400044");
        foreach (var (siret, category) in new[] { ("11111111100011", ActivityCategory.LiberalBnc), ("22222222200022", ActivityCategory.LiberalBnc),
                     ("33333333300033", ActivityCategory.LiberalBnc), ("44444444400044", ActivityCategory.Sales) })
            await app.DeliverToAsync("notifications", new EnterpriseProfileChanged(Guid.NewGuid(), app.Clock.GetUtcNow().UtcDateTime, siret, "EI Roy", "6201Z",
                new DateOnly(2020, 1, 6), ActivityNature.Liberal, category, "75", DeclarationFrequency.Quarterly, false, false, "1 rue de Rivoli 75001 Paris"));
        foreach (var (account, choice) in new[] { (bncQuiet, "none"), (bncSms, "sms") })
            Assert.Equal(HttpStatusCode.OK, (await app.ClientFor(account).PutAsJsonAsync("/api/v1/notifications/preferences",
                new Dictionary<string, string> { ["regulatory_updates"] = choice })).StatusCode);
        await app.DrainAsync();

        Assert.Equal(0, await app.RunDailyJobAsync("announce-rate-changes")); // outside the 60-day window
        app.Clock.Advance(TimeSpan.FromDays(17)); // 1 November: 61 days before
        Assert.Equal(0, await app.RunDailyJobAsync("announce-rate-changes"));
        app.Clock.Advance(TimeSpan.FromDays(1)); // 2 November: 60 days before
        Assert.Equal(1, await app.RunDailyJobAsync("announce-rate-changes"));
        app.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, await app.RunDailyJobAsync("announce-rate-changes")); // announced once
        await app.DrainAsync();

        Assert.Equal(["Email"], await MessagesAsync(app, bnc, "regulatory_updates"));
        Assert.Equal(["Sms"], await MessagesAsync(app, bncSms, "regulatory_updates"));
        Assert.Empty(await MessagesAsync(app, bncQuiet, "regulatory_updates"));
        Assert.Empty(await MessagesAsync(app, sales, "regulatory_updates"));
        var mail = Assert.Single(app.EmailsTo("bnc@example.test"), m => (m.Subject ?? "").StartsWith("Évolution réglementaire", StringComparison.Ordinal));
        Assert.Equal("Évolution réglementaire : Nouveau taux de cotisations sociales au 1er janvier 2026", mail.Subject);
        Assert.Contains("s'applique à partir du 1er janvier 2026", mail.TextBody);
        Assert.Contains(app.SmsTo("+33611111114"), s => s.Text.Contains("Nouveau taux de cotisations sociales au 1er janvier 2026"));

        // the dashboard shows it to the quiet BNC account too, with the rates in French, and not to the sales account
        var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);
        var quietNotices = await app.ScopedAsync(sp => sp.GetRequiredService<ISender>().Send(new GetRegulatoryNotices(bncQuiet.Value, today)).AsTask());
        var notice = Assert.Single(quietNotices);
        Assert.Equal(new DateOnly(2026, 1, 1), notice.EffectiveOn);
        Assert.Contains("passe de 24,6 % à 25,6 % du chiffre d'affaires", notice.Text);
        Assert.Empty(await app.ScopedAsync(sp => sp.GetRequiredService<ISender>().Send(new GetRegulatoryNotices(sales.Value, today)).AsTask()));

        // the end of a closed account's retention takes its audience profile (docs/privacy.md); the others stay
        await app.DeliverToAsync("notifications", new AccountRetentionEnded(Guid.NewGuid(), app.Clock.GetUtcNow().UtcDateTime, sales.Value,
            app.Clock.GetUtcNow().UtcDateTime.AddYears(-6)));
        await app.DrainAsync();
        var sirets = await app.ScopedAsync(sp => sp.GetRequiredService<NotificationsDbContext>().AudienceProfiles.Select(p => p.Siret).ToListAsync());
        Assert.DoesNotContain("44444444400044", sirets);
        Assert.Contains("11111111100011", sirets);
    }
}
