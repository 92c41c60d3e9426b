using Microsoft.Extensions.DependencyInjection;
using Urssaf.Modules.Notifications.Domain;
using Urssaf.Modules.Notifications.Persistence;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Modules;
using Urssaf.SharedKernel.Infrastructure.Persistence;

namespace Urssaf.Modules.Notifications.Features.SeedDemoData;

/// <summary>Seeds the contact points Notifications keeps from <c>AccountActivated</c>.</summary>
internal sealed class NotificationsSeeder : IModuleSeeder
{
    public int Order => 4;

    public async Task SeedAsync(IReadOnlyList<SeedAccount> accounts, SeedContext context, IServiceProvider services, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<NotificationsDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.InsertAsync(accounts.Select(a => new Contact
        {
            AccountId = new AccountId(a.AccountId), FirstName = a.FirstName, Email = a.Email, MobilePhone = a.MobilePhone,
        }).ToList(), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
