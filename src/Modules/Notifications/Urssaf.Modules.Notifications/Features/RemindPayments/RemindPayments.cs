using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Urssaf.Modules.Notifications.Domain;
using Urssaf.Modules.Notifications.Features.DeliverMessages;
using Urssaf.Modules.Notifications.Persistence;
using Urssaf.Modules.Payments.Contracts.IntegrationEvents;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Modules;
using Urssaf.SharedKernel.Infrastructure.Time;
using Urssaf.SharedKernel.Messaging;
using Urssaf.Modules.Notifications.Features.Shared;

namespace Urssaf.Modules.Notifications.Features.RemindPayments;

/// <summary>Keeps what each obligation still leaves uncovered (latest revision wins; a settled one leaves nothing to remind).</summary>
internal sealed class ObligationTrackingHandler(NotificationsDbContext db) : IIntegrationEventHandler<ObligationChanged>, IIntegrationEventHandler<ObligationSettled>
{
    public async Task Handle(ObligationChanged e, CancellationToken cancellationToken)
    {
        var row = await db.PendingPayments.SingleOrDefaultAsync(p => p.ObligationId == e.ObligationId, cancellationToken);
        if (row is null) db.PendingPayments.Add(row = new PendingPayment { ObligationId = e.ObligationId, AccountId = new AccountId(e.AccountId), Revision = -1 });
        if (e.Revision < row.Revision) return; // an older state arriving late
        (row.Period, row.Kind, row.DueDate, row.Revision) = (e.Period, e.Kind, e.DueDate, e.Revision);
        row.UncoveredCents = Math.Max(0, e.AmountCents - e.PaidCents - e.PendingCents);
    }

    public async Task Handle(ObligationSettled e, CancellationToken cancellationToken)
    {
        var row = await db.PendingPayments.SingleOrDefaultAsync(p => p.ObligationId == e.ObligationId, cancellationToken);
        if (row is not null) row.UncoveredCents = 0;
    }
}

/// <summary>The <c>Notifications:PaymentReminders</c> section.</summary>
internal sealed class PaymentReminderOptions
{
    public int[] DaysBefore { get; set; } = [7, 2];
}

/// <summary>
/// Daily, alongside the declaration reminders: an amount due in 7 and in 2 days with part of it neither paid nor covered by a
/// scheduled debit is reminded on <c>payment_reminders</c>, on the chosen channels, once per obligation and step; a paid or
/// debited amount is never reminded (late payment brings majorations: CSS R243-16).
/// </summary>
internal sealed class RemindPaymentsJob(IServiceScopeFactory scopes, TimeProvider clock, IOptions<PaymentReminderOptions> options) : IDailyJob
{
    public string Name => "remind-payments";

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var today = clock.Today();
        var now = clock.GetUtcNow().UtcDateTime;
        var sent = 0;
        foreach (var days in options.Value.DaysBefore.Where(d => d is > 0 and < 63).Distinct())
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<NotificationsDbContext>();
            var due = today.AddDays(days);
            var bit = 1L << days;
            var rows = await db.PendingPayments.Where(p => p.DueDate == due && p.UncoveredCents > 0 && (p.RemindedDaysMask & bit) == 0).ToListAsync(cancellationToken);
            var accounts = rows.Select(r => r.AccountId).Distinct().ToList();
            var contacts = await db.Contacts.AsNoTracking().Where(c => accounts.Contains(c.AccountId)).ToDictionaryAsync(c => c.AccountId, cancellationToken);
            foreach (var row in rows)
            {
                row.RemindedDaysMask |= bit;
                if (!contacts.TryGetValue(row.AccountId, out var contact)) continue;
                var source = new Guid(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"pay-reminder:{row.ObligationId}:{days}")).AsSpan(0, 16));
                await Queue.AddForTopicAsync(db, source, row.AccountId, Topics.PaymentReminders, contact.Email,
                    Templates.PaymentDueReminder(contact.FirstName, row.Period, row.UncoveredCents, row.DueDate), now, cancellationToken);
                sent++;
            }

            await db.SaveChangesAsync(cancellationToken); // the messages and the "reminded" marks together
        }

        return sent;
    }
}
