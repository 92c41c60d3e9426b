using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Urssaf.Modules.Declarations.Contracts.IntegrationEvents;
using Urssaf.Modules.Identity.Contracts.IntegrationEvents;
using Urssaf.Modules.Notifications.Domain;
using Urssaf.Modules.Notifications.Features.RemindDeadlines;
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
    public async Task A_rerun_on_the_same_day_or_the_next_queues_nothing_more_and_the_key_refuses_a_second_row()
    {
        var account = await AccountAsync("rerun@example.test", "+33611111111");
        await OpenAsync(account, "2026-Q1", "2026-04-30");
        await app.DrainAsync();

        await app.RunDailyJobAsync("remind-deadlines");
        await app.DrainAsync(); // sent: a rerun after the send must not queue it again either
        await app.RunDailyJobAsync("remind-deadlines");
        await app.DrainAsync();
        Assert.Single(await Reminders(account));
        Assert.Single(app.EmailsTo("rerun@example.test"), m => (m.Subject ?? "").StartsWith("Rappel", StringComparison.Ordinal));

        // the unique key (account, period, step, channel) holds even if the job's own check were bypassed
        var copy = await Record.ExceptionAsync(() => app.ScopedAsync(sp => sp.GetRequiredService<NotificationsDbContext>().Database.ExecuteSqlRawAsync("""
            INSERT INTO "OutgoingMessages" ("Id", "SourceEventId", "AccountId", "Topic", "Channel", "Recipient", "TextBody", "Status", "Attempts",
                "CreatedOnUtc", "NextAttemptOnUtc", "Sensitive", "Period", "DaysBefore")
            SELECT '00000000-0000-0000-0000-' || hex(randomblob(6)), '00000000-0000-0000-0000-' || hex(randomblob(6)), "AccountId", "Topic", "Channel",
                "Recipient", "TextBody", 'Pending', 0, "CreatedOnUtc", "NextAttemptOnUtc", 0, "Period", "DaysBefore"
            FROM "OutgoingMessages" WHERE "Topic" = 'deadline_reminders' AND "Recipient" = 'rerun@example.test'
            """)));
        Assert.Contains("UNIQUE", copy?.Message ?? "", StringComparison.OrdinalIgnoreCase);
        Assert.Single(await Reminders(account));
    }

    [Fact]
    public async Task A_period_reminded_before_the_set_based_job_by_its_mask_is_not_reminded_again()
    {
        var account = await AccountAsync("legacy@example.test", "+33622222222");
        await OpenAsync(account, "2026-Q1", "2026-04-30");
        await app.DrainAsync();
        await app.ScopedAsync(sp => sp.GetRequiredService<NotificationsDbContext>().PendingDeclarations.Where(p => p.AccountId == account)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.RemindedDaysMask, 1L << 7)));

        await app.RunDailyJobAsync("remind-deadlines");
        Assert.Empty(await Reminders(account));
    }

    [Fact]
    public async Task Both_channels_give_an_email_and_an_SMS_none_gives_nothing_and_no_preference_gives_the_email()
    {
        async Task<AccountId> WithChoice(string email, string phone, string? choice)
        {
            var account = await AccountAsync(email, phone);
            if (choice is not null)
                Assert.Equal(HttpStatusCode.OK, (await app.ClientFor(account).PutAsJsonAsync("/api/v1/notifications/preferences",
                    new Dictionary<string, string> { ["deadline_reminders"] = choice })).StatusCode);
            await OpenAsync(account, "2026-Q1", "2026-04-30");
            return account;
        }

        var both = await WithChoice("both@example.test", "+33633333333", "both");
        var none = await WithChoice("none@example.test", "+33634343434", "none");
        var byDefault = await WithChoice("default@example.test", "+33635353535", null);
        await app.DrainAsync();

        await app.RunDailyJobAsync("remind-deadlines");
        await app.DrainAsync();
        Assert.Equal(["Email:Rappel : déclaration 2026-Q1 à faire avant le 30 avril", "Sms:"], (await Reminders(both)).Order());
        Assert.Empty(await Reminders(none));
        Assert.Equal(["Email:Rappel : déclaration 2026-Q1 à faire avant le 30 avril"], await Reminders(byDefault));
        Assert.Equal([Templates.DeadlineReminderSms("2026-Q1", new DateOnly(2026, 4, 30))], app.SmsTo("+33633333333").Select(s => s.Text));
        Assert.Empty(app.SmsTo("+33635353535"));
        Assert.DoesNotContain(app.EmailsTo("none@example.test"), m => (m.Subject ?? "").Contains("2026-Q1"));
    }

    [Fact]
    public async Task The_email_rendered_at_send_time_is_the_French_template_for_the_values_queued_and_is_listed_with_its_subject()
    {
        var account = await AccountAsync("render@example.test", "+33636363636");
        await OpenAsync(account, "2026-Q1", "2026-04-30");
        await app.DrainAsync();
        await app.RunDailyJobAsync("remind-deadlines");

        // queued compact: no body yet, the subject already (the account's message list shows it before the send)
        var queued = await app.ScopedAsync(sp => sp.GetRequiredService<NotificationsDbContext>().OutgoingMessages.AsNoTracking()
            .SingleAsync(m => m.AccountId == account && m.Topic == "deadline_reminders"));
        Assert.Null(queued.HtmlBody);
        Assert.Equal(("2026-Q1", 7), (queued.Period, queued.DaysBefore));
        var listed = await app.ClientFor(account).GetFromJsonAsync<JsonElement>("/api/v1/notifications");
        Assert.Contains(listed.EnumerateArray(), m => m.GetProperty("subject").GetString() == "Rappel : déclaration 2026-Q1 à faire avant le 30 avril");

        await app.DrainAsync();
        var expected = Templates.DeadlineReminder("Inès", "2026-Q1", new DateOnly(2026, 4, 30), 7);
        var sent = Assert.Single(app.EmailsTo("render@example.test"), m => m.Subject == expected.Subject);
        Assert.Equal(expected.Text.ReplaceLineEndings().TrimEnd(), (sent.TextBody ?? "").ReplaceLineEndings().TrimEnd());
        Assert.Equal(expected.Html.ReplaceLineEndings().TrimEnd(), (sent.HtmlBody ?? "").ReplaceLineEndings().TrimEnd());
        Assert.Contains("30 avril 2026", sent.TextBody);
        Assert.Contains($"{queued.Id:N}@", sent.MessageId); // the stored id is the Message-ID the gateways deduplicate on
    }

    [Fact]
    public async Task A_declaration_filed_after_the_job_does_not_recall_the_reminder_already_queued_but_stops_the_next_step()
    {
        var account = await AccountAsync("late-filer@example.test", "+33637373737");
        await OpenAsync(account, "2026-Q1", "2026-04-30");
        await app.DrainAsync();
        await app.RunDailyJobAsync("remind-deadlines");

        await app.DeliverAsync(An.DeclarationFiled(account.Value, "2026-Q1", at: DateTime.UtcNow, deadlineUtc: DateTime.UtcNow,
            occurredOnUtc: app.Clock.GetUtcNow().UtcDateTime));
        await app.DrainAsync();
        Assert.Single(app.EmailsTo("late-filer@example.test"), m => (m.Subject ?? "").Contains("Rappel : déclaration 2026-Q1"));
        Assert.True(await app.ScopedAsync(sp => sp.GetRequiredService<NotificationsDbContext>().PendingDeclarations
            .AnyAsync(p => p.AccountId == account && p.Filed)));
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
