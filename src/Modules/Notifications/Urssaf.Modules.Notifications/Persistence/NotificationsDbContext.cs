using Microsoft.EntityFrameworkCore;
using Urssaf.Modules.Notifications.Domain;
using Urssaf.SharedKernel.Infrastructure.Persistence;

namespace Urssaf.Modules.Notifications.Persistence;

/// <summary>The Notifications module's data, in schema <c>notifications</c> (SQL Server) or file <c>notifications.db</c> (SQLite).</summary>
internal abstract class NotificationsDbContext(DbContextOptions options) : ModuleDbContext(options, Schema)
{
    public const string Schema = "notifications";

    public DbSet<OutgoingMessage> OutgoingMessages => Set<OutgoingMessage>();
    public DbSet<Contact> Contacts => Set<Contact>();
    public DbSet<Preference> Preferences => Set<Preference>();
    public DbSet<PendingDeclaration> PendingDeclarations => Set<PendingDeclaration>();
    public DbSet<SecureThread> Threads => Set<SecureThread>();
    public DbSet<ThreadMessage> ThreadMessages => Set<ThreadMessage>();
    public DbSet<ThreadAttachment> ThreadAttachments => Set<ThreadAttachment>();
    public DbSet<LateCorrectionRequest> LateCorrectionRequests => Set<LateCorrectionRequest>();
    public DbSet<AudienceProfile> AudienceProfiles => Set<AudienceProfile>();
    public DbSet<RegulatoryNotice> RegulatoryNotices => Set<RegulatoryNotice>();
    public DbSet<PendingPayment> PendingPayments => Set<PendingPayment>();
}

internal sealed class NotificationsSqlServerDbContext(DbContextOptions<NotificationsSqlServerDbContext> options) : NotificationsDbContext(options);

internal sealed class NotificationsSqliteDbContext(DbContextOptions<NotificationsSqliteDbContext> options) : NotificationsDbContext(options);
