using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Urssaf.Modules.Notifications.Domain;
using Urssaf.SharedKernel.Infrastructure.Messaging;
using Urssaf.SharedKernel.Infrastructure.Persistence;

namespace Urssaf.Modules.Notifications.Persistence;

/// <summary>
/// Seals the bodies of sensitive messages (activation and recovery links and codes, temporary password halves) whenever
/// they are written unsent, so that they never rest in clear; once sent they are erased (ADR 0040).
/// </summary>
internal sealed class SealSensitiveBodies(IServiceProvider services) : BeforeSaveInterceptor
{
    private SensitivePayloadProtector? _payloads; // resolved at the first sensitive save: a context built to migrate needs no key

    protected override void BeforeSave(DbContext context)
    {
        foreach (var entry in context.ChangeTracker.Entries<OutgoingMessage>())
            if (entry.State is EntityState.Added or EntityState.Modified && entry.Entity.Sensitive)
            {
                _payloads ??= services.GetRequiredService<SensitivePayloadProtector>();
                entry.Entity.SealBodies(text => _payloads.SealText(text, entry.Entity.Id.ToString("N")));
            }
    }
}
