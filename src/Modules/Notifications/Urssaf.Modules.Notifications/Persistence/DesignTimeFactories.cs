using Microsoft.EntityFrameworkCore.Design;
using Urssaf.SharedKernel.Infrastructure.Persistence;

namespace Urssaf.Modules.Notifications.Persistence;

internal sealed class NotificationsSqlServerDesignTimeFactory : IDesignTimeDbContextFactory<NotificationsSqlServerDbContext>
{
    public NotificationsSqlServerDbContext CreateDbContext(string[] args) => new(DesignTimeOptions.SqlServer<NotificationsSqlServerDbContext>(NotificationsDbContext.Schema));
}

internal sealed class NotificationsSqliteDesignTimeFactory : IDesignTimeDbContextFactory<NotificationsSqliteDbContext>
{
    public NotificationsSqliteDbContext CreateDbContext(string[] args) => new(DesignTimeOptions.Sqlite<NotificationsSqliteDbContext>(NotificationsDbContext.Schema));
}
