using Urssaf.SharedKernel.Infrastructure.Messaging;
using Urssaf.SharedKernel.Infrastructure.Modules;

namespace Urssaf.Api;

/// <summary>Command-line verbs of the host: <c>migrate</c>, <c>drain</c>.</summary>
internal static class HostCommands
{
    public static async Task<bool> TryRunAsync(WebApplication app, string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "migrate":
                await MigrateAsync(app.Services, CancellationToken.None);
                Console.WriteLine($"Migrated {ModuleCatalog.All.Length} module databases.");
                return true;
            case "drain":
                var handled = await app.Services.GetRequiredService<MessageDrainer>().DrainAsync();
                Console.WriteLine($"Delivered {handled} messages.");
                return true;
            default:
                return false;
        }
    }

    public static async Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        foreach (var database in services.GetServices<IModuleDatabase>()) await database.MigrateAsync(cancellationToken);
    }
}
