using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Urssaf.Modules.Identity.Contracts.IntegrationEvents;
using Urssaf.Modules.Notifications.Domain;
using Urssaf.Modules.Notifications.Features.DeliverMessages;
using Urssaf.Modules.Notifications.Persistence;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.PersonalData;
using Urssaf.SharedKernel.Messaging;
using Urssaf.Modules.Notifications.Features.Shared;

namespace Urssaf.Modules.Notifications.Features.PersonalData;

/// <summary>
/// Notifications' part of the export: contact points, channel preferences, pending reminders, the messages sent (not their bodies),
/// and the secure-messaging threads with their messages and attached files.
/// </summary>
internal sealed class NotificationsPersonalData(NotificationsDbContext db, Attachments.AttachmentStore store) : IPersonalDataContributor
{
    public string Module => NotificationsDbContext.Schema;

    public async Task WriteJsonAsync(AccountId account, Utf8JsonWriter json, CancellationToken ct)
    {
        await json.WriteArrayAsync("contacts", db.Contacts.AsNoTracking().Where(c => c.AccountId == account)
            .Select(c => new { c.FirstName, c.Email, c.MobilePhone }).AsAsyncEnumerable(), ct);
        await json.WriteArrayAsync("preferences", db.Preferences.AsNoTracking().Where(p => p.AccountId == account)
            .Select(p => new { p.Topic, choice = p.Choice.ToString() }).AsAsyncEnumerable(), ct);
        await json.WriteArrayAsync("pendingDeclarations", db.PendingDeclarations.AsNoTracking().Where(p => p.AccountId == account)
            .Select(p => new { p.Period, p.DueDate, p.Filed }).AsAsyncEnumerable(), ct);
        await json.WriteArrayAsync("messages", db.OutgoingMessages.AsNoTracking().Where(m => m.AccountId == account).OrderBy(m => m.CreatedOnUtc)
            .Select(m => new
            {
                m.Id, m.Topic, channel = m.Channel.ToString(), m.Recipient, subject = m.Sensitive ? null : m.Subject, status = m.Status.ToString(),
                createdAt = m.CreatedOnUtc, sentAt = m.SentOnUtc,
            }).AsAsyncEnumerable(), ct);
        var threads = db.Threads.Where(t => t.AccountId == account).Select(t => t.Id);
        await json.WriteArrayAsync("threads", db.Threads.AsNoTracking().Where(t => t.AccountId == account).OrderBy(t => t.OpenedOnUtc)
            .Select(t => new { t.Id, t.Topic, t.Subject, status = t.Status.ToString(), openedAt = t.OpenedOnUtc, closedAt = t.ClosedOnUtc }).AsAsyncEnumerable(), ct);
        await json.WriteArrayAsync("threadMessages", db.ThreadMessages.AsNoTracking().Where(m => threads.Contains(m.ThreadId)).OrderBy(m => m.SentOnUtc)
            .Select(m => new { m.Id, m.ThreadId, author = m.Author.ToString(), m.AdviserName, m.Body, sentAt = m.SentOnUtc }).AsAsyncEnumerable(), ct);
        await json.WriteArrayAsync("attachments", db.ThreadAttachments.AsNoTracking().Where(a => threads.Contains(a.ThreadId))
            .Select(a => new { a.Id, a.ThreadId, a.MessageId, a.FileName, a.ContentType, a.Size }).AsAsyncEnumerable(), ct);
    }

    public async IAsyncEnumerable<PersonalDataFile> FilesAsync(AccountId account, [EnumeratorCancellation] CancellationToken ct)
    {
        var threads = db.Threads.Where(t => t.AccountId == account).Select(t => t.Id);
        await foreach (var attachment in db.ThreadAttachments.AsNoTracking().Where(a => threads.Contains(a.ThreadId)).AsAsyncEnumerable().WithCancellation(ct))
        {
            var path = store.PathOf(attachment);
            if (File.Exists(path))
                yield return new PersonalDataFile($"attachments/{attachment.Id}-{attachment.FileName}", attachment.ContentType,
                    _ => Task.FromResult<Stream>(File.OpenRead(path)));
        }
    }
}

/// <summary>
/// Closure (ADR 0111): contact points and preferences are erased, reminders stop, queued messages are dropped and the bodies
/// and recipients of sent ones are erased (their purpose is over); the sent messages' dates and topics stay as a trace. Secure-messaging
/// threads are kept with the account's records (a late correction or a plan may rest on them) and deleted, files included, when the
/// legal retention ends.
/// </summary>
internal sealed class NotificationsClosureHandler(NotificationsDbContext db, TimeProvider clock, Attachments.AttachmentStore store)
    : IIntegrationEventHandler<AccountClosed>, IIntegrationEventHandler<AccountRetentionEnded>, IIntegrationEventHandler<DataExportReady>
{
    public async Task Handle(AccountClosed e, CancellationToken ct)
    {
        var account = new AccountId(e.AccountId);
        foreach (var contact in await db.Contacts.Where(c => c.AccountId == account).ToListAsync(ct))
            (contact.FirstName, contact.Email, contact.MobilePhone) = ("", "", "");
        await db.Preferences.Where(p => p.AccountId == account).ExecuteDeleteAsync(ct);
        await db.PendingDeclarations.Where(p => p.AccountId == account).ExecuteDeleteAsync(ct);
        await db.PendingPayments.Where(p => p.AccountId == account).ExecuteDeleteAsync(ct); // no payment reminder either
        await db.OutgoingMessages.Where(m => m.AccountId == account && m.Status != DeliveryStatus.Sent).ExecuteDeleteAsync(ct);
        await db.OutgoingMessages.Where(m => m.AccountId == account).ExecuteUpdateAsync(u => u
            .SetProperty(m => m.Recipient, "").SetProperty(m => m.Subject, (string?)null)
            .SetProperty(m => m.TextBody, "").SetProperty(m => m.HtmlBody, (string?)null), ct);
    }

    public async Task Handle(AccountRetentionEnded e, CancellationToken ct)
    {
        var account = new AccountId(e.AccountId);
        await db.OutgoingMessages.Where(m => m.AccountId == account).ExecuteDeleteAsync(ct);
        await db.PendingPayments.Where(p => p.AccountId == account).ExecuteDeleteAsync(ct);
        // what decides the notices' audience goes with the last account of that SIRET
        var siret = await db.Contacts.Where(c => c.AccountId == account).Select(c => c.Siret).FirstOrDefaultAsync(ct);
        if (!string.IsNullOrEmpty(siret) && !await db.Contacts.AnyAsync(c => c.Siret == siret && c.AccountId != account, ct))
            await db.AudienceProfiles.Where(p => p.Siret == siret).ExecuteDeleteAsync(ct);
        await db.Contacts.Where(c => c.AccountId == account).ExecuteDeleteAsync(ct);
        var threads = db.Threads.Where(t => t.AccountId == account).Select(t => t.Id);
        var files = await db.ThreadAttachments.Where(a => threads.Contains(a.ThreadId)).Select(a => a.StorageName).ToListAsync(ct);
        await db.ThreadAttachments.Where(a => threads.Contains(a.ThreadId)).ExecuteDeleteAsync(ct);
        await db.ThreadMessages.Where(m => threads.Contains(m.ThreadId)).ExecuteDeleteAsync(ct);
        await db.LateCorrectionRequests.Where(r => r.AccountId == account).ExecuteDeleteAsync(ct);
        await db.Threads.Where(t => t.AccountId == account).ExecuteDeleteAsync(ct);
        foreach (var file in files) store.Remove(file); // after the rows: a crash in between leaves an orphan file, never a dangling row
    }

    public Task Handle(DataExportReady e, CancellationToken ct) =>
        Queue.AddForTopicAsync(db, e.EventId, new AccountId(e.AccountId), Topics.SecurityAlerts, e.Email,
            Templates.DataExportReady(e.FirstName, e.ExpiresAtUtc), clock.GetUtcNow().UtcDateTime, ct);
}
