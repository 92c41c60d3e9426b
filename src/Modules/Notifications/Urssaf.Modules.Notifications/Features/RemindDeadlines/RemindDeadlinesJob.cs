using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Urssaf.Modules.Declarations.Contracts.IntegrationEvents;
using Urssaf.Modules.Notifications.Channels;
using Urssaf.Modules.Notifications.Domain;
using Urssaf.Modules.Notifications.Persistence;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Modules;
using Urssaf.SharedKernel.Messaging;

namespace Urssaf.Modules.Notifications.Features.RemindDeadlines;

/// <summary>Keeps the declarations still expected from each account.</summary>
internal sealed class DeclarationPeriodOpenedHandler(NotificationsDbContext db) : IIntegrationEventHandler<DeclarationPeriodOpened>
{
    public async Task Handle(DeclarationPeriodOpened e, CancellationToken cancellationToken)
    {
        var account = new AccountId(e.AccountId);
        var row = await db.PendingDeclarations.SingleOrDefaultAsync(p => p.AccountId == account && p.Period == e.Period, cancellationToken);
        if (row is null) db.PendingDeclarations.Add(new PendingDeclaration { AccountId = account, Period = e.Period, DueDate = e.DueDate });
    }
}

internal sealed class DeclarationFiledReminderHandler(NotificationsDbContext db) : IIntegrationEventHandler<DeclarationFiled>
{
    public async Task Handle(DeclarationFiled e, CancellationToken cancellationToken)
    {
        var account = new AccountId(e.AccountId);
        var row = await db.PendingDeclarations.SingleOrDefaultAsync(p => p.AccountId == account && p.Period == e.Period, cancellationToken);
        if (row is null) db.PendingDeclarations.Add(new PendingDeclaration { AccountId = account, Period = e.Period, DueDate = e.DueDate, Filed = true });
        else row.Filed = true;
    }
}

/// <summary>The <c>Notifications:Reminders</c> section.</summary>
internal sealed class ReminderOptions
{
    /// <summary>How many days before the due date reminders go out.</summary>
    public int[] DaysBefore { get; set; } = [7, 1];

    public int BatchSize { get; set; } = 5000;
}

/// <summary>
/// Daily: reminds every account with an undeclared period due in 7 and in 1 day(s), on the channels it chose
/// for deadline reminders, never twice for the same period and step. Reads in batches joined with
/// contacts and preferences (no per-account round trip), writes each batch in one transaction.
/// </summary>
internal sealed class RemindDeadlinesJob(IServiceScopeFactory scopes, TimeProvider clock, IOptions<ReminderOptions> options) : IDailyJob
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    public string Name => "remind-deadlines";

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(now, Paris));
        var sent = 0;
        foreach (var days in options.Value.DaysBefore.Where(d => d is > 0 and < 63).Distinct())
            sent += await RemindAsync(today.AddDays(days), days, now, cancellationToken);
        return sent;
    }

    private async Task<int> RemindAsync(DateOnly due, int days, DateTime now, CancellationToken ct)
    {
        var bit = 1L << days;
        var sent = 0;
        while (true) // each batch marks what it read, so the next query returns the rest
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<NotificationsDbContext>();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var batch = await (
                    from p in db.PendingDeclarations
                    where p.DueDate == due && !p.Filed && (p.RemindedDaysMask & bit) == 0
                    join c in db.Contacts on p.AccountId equals c.AccountId
                    from pref in db.Preferences.Where(x => x.AccountId == p.AccountId && x.Topic == Topics.DeadlineReminders).DefaultIfEmpty()
                    select new { Pending = p, c.FirstName, c.Email, c.MobilePhone, Choice = (ChannelChoice?)pref.Choice })
                .Take(options.Value.BatchSize)
                .ToListAsync(ct);
            if (batch.Count == 0) return sent;

            foreach (var item in batch)
            {
                var source = ReminderId(item.Pending.AccountId, item.Pending.Period, days);
                foreach (var channel in Preference.ChannelsOf(item.Choice ?? Preference.Defaults[Topics.DeadlineReminders]))
                {
                    var content = Templates.DeadlineReminder(item.FirstName, item.Pending.Period, due, days);
                    db.OutgoingMessages.Add(channel == Channel.Email
                        ? OutgoingMessage.Email(source, item.Pending.AccountId, Topics.DeadlineReminders, item.Email, content.Subject, content.Text, content.Html, now)
                        : OutgoingMessage.Sms(source, item.Pending.AccountId, Topics.DeadlineReminders, item.MobilePhone, Templates.DeadlineReminderSms(item.Pending.Period, due), now));
                    sent++;
                }

                item.Pending.RemindedDaysMask |= bit;
                db.Entry(item.Pending).Property(p => p.RemindedDaysMask).IsModified = true;
            }

            await db.SaveChangesAsync(ct); // the messages and the "reminded" marks: one transaction per batch
        }
    }

    /// <summary>A stable id per (account, period, step): the message table's unique key refuses a second reminder.</summary>
    private static Guid ReminderId(AccountId account, string period, int days)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"reminder:{account}:{period}:{days}"));
        return new Guid(hash.AsSpan(0, 16));
    }
}
