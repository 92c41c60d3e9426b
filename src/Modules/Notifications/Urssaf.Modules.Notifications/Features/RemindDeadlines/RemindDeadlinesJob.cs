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
using Urssaf.SharedKernel.Infrastructure.Persistence;
using Urssaf.SharedKernel.Infrastructure.Time;
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
/// for deadline reminders, never twice for the same period and step. Reads everything due in one query joined
/// with contacts and preferences (no per-account round trip), then writes batches, each in one transaction.
/// </summary>
internal sealed class RemindDeadlinesJob(IServiceScopeFactory scopes, TimeProvider clock, IOptions<ReminderOptions> options) : IDailyJob
{
    public string Name => "remind-deadlines";

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var today = clock.Today();
        var sent = 0;
        foreach (var days in options.Value.DaysBefore.Where(d => d is > 0 and < 63).Distinct())
            sent += await RemindAsync(today.AddDays(days), days, now, cancellationToken);
        return sent;
    }

    private async Task<int> RemindAsync(DateOnly due, int days, DateTime now, CancellationToken ct)
    {
        var bit = 1L << days;
        List<Due> dues;
        await using (var scope = scopes.CreateAsyncScope())
        {
            // one read of everything due, joined with contacts and preferences; no reader stays open while batches commit
            var db = scope.ServiceProvider.GetRequiredService<NotificationsDbContext>();
            dues = await (
                    from p in db.PendingDeclarations
                    where p.DueDate == due && !p.Filed && (p.RemindedDaysMask & bit) == 0
                    join c in db.Contacts on p.AccountId equals c.AccountId
                    from pref in db.Preferences.Where(x => x.AccountId == p.AccountId && x.Topic == Topics.DeadlineReminders).DefaultIfEmpty()
                    select new Due(p.AccountId, p.Period, c.FirstName, c.Email, c.MobilePhone, (ChannelChoice?)pref.Choice))
                .AsNoTracking().ToListAsync(ct);
        }

        var sent = 0;
        // in account order (version-7 ids sort by creation): every index the messages go into then grows at its end
        dues.Sort((a, b) => string.CompareOrdinal(a.Account.Value.ToString(), b.Account.Value.ToString()));
        foreach (var batch in dues.Chunk(options.Value.BatchSize))
            sent += await RemindBatchAsync(batch, due, days, bit, now, ct);
        return sent;
    }

    private sealed record Due(AccountId Account, string Period, string FirstName, string Email, string MobilePhone, ChannelChoice? Choice);

    private async Task<int> RemindBatchAsync(Due[] batch, DateOnly due, int days, long bit, DateTime now, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationsDbContext>();
        var messages = new List<OutgoingMessage>(batch.Length);
        foreach (var item in batch)
        {
            var source = ReminderId(item.Account, item.Period, days);
            foreach (var channel in Preference.ChannelsOf(item.Choice ?? Preference.Defaults[Topics.DeadlineReminders]))
            {
                if (channel == Channel.Email)
                    messages.Add(OutgoingMessage.DeadlineReminderEmail(source, item.Account, item.Email, item.FirstName, item.Period, due, days, now));
                else
                {
                    messages.Add(OutgoingMessage.Sms(source, item.Account, Topics.DeadlineReminders, item.MobilePhone, Templates.DeadlineReminderSms(item.Period, due), now));
                }
            }
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.InsertAsync(messages, ct); // one prepared INSERT: change tracking 5,000 rows costs more than writing them
        foreach (var group in batch.GroupBy(k => k.Period)) // by primary key (account, period): no scan of everything due that day
        {
            var accounts = group.Select(k => k.Account).ToList();
            await db.PendingDeclarations.Where(p => p.Period == group.Key && accounts.Contains(p.AccountId))
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.RemindedDaysMask, p => p.RemindedDaysMask | bit), ct);
        }

        await transaction.CommitAsync(ct); // the messages and the "reminded" marks together
        return messages.Count;
    }

    /// <summary>
    /// A stable id per (account, period, step): the message table's unique key refuses a second reminder. It starts
    /// with the account id's time-ordered prefix, so reminders written in account order land at the end of that index.
    /// </summary>
    private static Guid ReminderId(AccountId account, string period, int days)
    {
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"reminder:{account}:{period}:{days}")));
        return Guid.ParseExact($"{account.Value.ToString()[..13]}-{hash[..4]}-{hash[4..8]}-{hash[8..20]}", "D");
    }
}
