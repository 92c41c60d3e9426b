using Urssaf.Modules.Compliance;
using Urssaf.Modules.Declarations;
using Urssaf.Modules.Documents;
using Urssaf.Modules.Identity;
using Urssaf.Modules.Notifications;
using Urssaf.Modules.Payments;
using Urssaf.SharedKernel.Infrastructure.Modules;

namespace Urssaf.Api;

/// <summary>The explicit list of modules: no scanning of bin/, no on/off switches (ADR 0002). Also add a new module to <see cref="MediatorSetup"/>.</summary>
internal static class ModuleCatalog
{
    public static readonly IModule[] All =
    [
        new IdentityModule(),
        new DeclarationsModule(),
        new PaymentsModule(),
        new DocumentsModule(),
        new NotificationsModule(),
        new ComplianceModule(),
    ];
}
