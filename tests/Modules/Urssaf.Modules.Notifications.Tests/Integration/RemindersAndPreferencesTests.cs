using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Urssaf.Modules.Declarations.Contracts.IntegrationEvents;
using Urssaf.Modules.Identity.Contracts.IntegrationEvents;
using Urssaf.Modules.Notifications.Persistence;
using Urssaf.SharedKernel.Identity;
using Urssaf.TestKit;
using Urssaf.TestKit.Builders;

namespace Urssaf.Modules.Notifications.Tests.Integration;

/// <summary>The host on 23 April 2026 at 05:00 UTC: Q1 2026 is due on 30 April, in 7 days.</summary>
public sealed class April23App() : UrssafApp(new DateTimeOffset(2026, 4, 23, 5, 0, 0, TimeSpan.Zero));

/// <summary>The host on 29 April 2026: Q1 2026 is due tomorrow.</summary>
public sealed class April29App() : UrssafApp(new DateTimeOffset(2026, 4, 29, 5, 0, 0, TimeSpan.Zero));

public sealed class RemindersAndPreferencesTests(April23App app) : IClassFixture<April23App>
{
    private async Task<AccountId> AccountAsync(string email, string phone)
    {
        var account = AccountId.New();
        await app.DeliverAsync(new AccountActivated(Guid.NewGuid(), app.Clock.GetUtcNow().UtcDateTime, account.Value, "73282932000074", "Inès", "Roy", email, phone));
        await app.DrainAsync();
        return account;
    }

    private Task OpenAsync(AccountId account, string period, string due) => app.DeliverAsync(new DeclarationPeriodOpened(Guid.NewGuid(),
        app.Clock.GetUtcNow().UtcDateTime, account.Value, "73282932000074", period, new DateOnly(2026, 1, 1), new DateOnly(2026, 3, 31),
        DateOnly.Parse(due), DateTime.Parse(due + "T21:59:59Z").ToUniversalTime()));

    private Task<List<string>> Reminders(AccountId account) => app.ScopedAsync(sp => sp.GetRequiredService<NotificationsDbContext>().OutgoingMessages
        .Where(m => m.AccountId == account && m.Topic == "deadline_reminders").Select(m => m.Channel.ToString() + ":" + m.Subject).ToListAsync());

    [Fact]
    public async Task An_undeclared_period_is_reminded_7_days_and_1_day_before_its_due_date_once_per_step()
    {
        var account = await AccountAsync("ines@example.test", "+33644444444");
        await OpenAsync(account, "2026-Q1", "2026-04-30");
        await app.DrainAsync();

        Assert.True(await app.RunDailyJobAsync("remind-deadlines") >= 1);
        await app.RunDailyJobAsync("remind-deadlines"); // the same day again: nothing more
        await app.DrainAsync();
        Assert.Single(await Reminders(account));
        var reminder = Assert.Single(app.EmailsTo("ines@example.test"), m => (m.Subject ?? "").Contains("Rappel : déclaration 2026-Q1"));
        // stored compact, rendered at send time: the delivered message is the full French text and HTML
        Assert.Contains("Bonjour Inès", reminder.TextBody);
        Assert.Contains("30 avril 2026", reminder.TextBody);
        Assert.Contains("R613-9", reminder.HtmlBody);
    }

    [Fact]
    public async Task The_last_reminder_goes_out_the_day_before()
    {
        await using var later = new April29App();
        var account = AccountId.New();
        await later.DeliverAsync(new AccountActivated(Guid.NewGuid(), later.Clock.GetUtcNow().UtcDateTime, account.Value, "73282932000074", "Inès", "Roy",
            "last@example.test", "+33688888888"));
        await later.DeliverAsync(new DeclarationPeriodOpened(Guid.NewGuid(), later.Clock.GetUtcNow().UtcDateTime, account.Value, "73282932000074", "2026-Q1",
            new DateOnly(2026, 1, 1), new DateOnly(2026, 3, 31), new DateOnly(2026, 4, 30), new DateTime(2026, 4, 30, 21, 59, 59, DateTimeKind.Utc)));
        await later.DrainAsync();
        Assert.Equal(1, await later.RunDailyJobAsync("remind-deadlines"));
        await later.DrainAsync();
        Assert.Contains(later.EmailsTo("last@example.test"), m => (m.Subject ?? "").Contains("Dernier jour demain"));
    }

    [Fact]
    public async Task A_filed_period_is_not_reminded_and_the_chosen_channel_is_used()
    {
        var filer = await AccountAsync("filer@example.test", "+33655555555");
        await OpenAsync(filer, "2026-Q1", "2026-04-30");
        await app.DeliverAsync(An.DeclarationFiled(filer.Value, "2026-Q1", at: DateTime.UtcNow, deadlineUtc: DateTime.UtcNow, occurredOnUtc: app.Clock.GetUtcNow().UtcDateTime));

        var texter = await AccountAsync("texter@example.test", "+33666666666");
        var put = await app.ClientFor(texter).PutAsJsonAsync("/api/v1/notifications/preferences", new Dictionary<string, string> { ["deadline_reminders"] = "sms" });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        await OpenAsync(texter, "2026-Q1", "2026-04-30");
        await app.DrainAsync();

        await app.RunDailyJobAsync("remind-deadlines");
        await app.DrainAsync();
        Assert.Empty(await Reminders(filer));
        Assert.Equal(["Sms:"], await Reminders(texter));
        Assert.Contains(app.SmsTo("+33666666666"), s => s.Text.Contains("2026-Q1"));
    }

    [Fact]
    public async Task Preferences_have_defaults_and_security_alerts_keep_a_channel()
    {
        var client = app.ClientFor(await AccountAsync("prefs@example.test", "+33677777777"));
        var defaults = await client.GetFromJsonAsync<JsonElement>("/api/v1/notifications/preferences");
        Assert.Equal("email", defaults.GetProperty("security_alerts").GetString());

        var none = await client.PutAsJsonAsync("/api/v1/notifications/preferences", new Dictionary<string, string> { ["security_alerts"] = "none" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, none.StatusCode);
        var unknownTopic = await client.PutAsJsonAsync("/api/v1/notifications/preferences", new Dictionary<string, string> { ["horoscope"] = "email" });
        Assert.Equal(HttpStatusCode.BadRequest, unknownTopic.StatusCode);
        var unknownChannel = await client.PutAsJsonAsync("/api/v1/notifications/preferences", new Dictionary<string, string> { ["security_alerts"] = "pigeon" });
        Assert.Equal(HttpStatusCode.BadRequest, unknownChannel.StatusCode);

        var both = await client.PutAsJsonAsync("/api/v1/notifications/preferences", new Dictionary<string, string> { ["security_alerts"] = "both", ["regulatory_updates"] = "none" });
        var updated = await both.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("both", "none", "email"), (updated.GetProperty("security_alerts").GetString(), updated.GetProperty("regulatory_updates").GetString(),
            updated.GetProperty("deadline_reminders").GetString()));
    }
}
