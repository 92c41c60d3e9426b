using Urssaf.SharedKernel.Infrastructure.Messaging;
using Urssaf.SharedKernel.Infrastructure.Modules;

namespace Urssaf.Api;

/// <summary>
/// Command-line verbs of the host: <c>migrate</c>, <c>drain</c>, <c>run-job &lt;name&gt;</c> (a daily job now, then
/// deliver what it produced), and those modules provide (<see cref="IHostVerb"/>).
/// </summary>
internal static class HostVerbs
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
            case "run-job" when args.Length == 2 && app.Services.GetServices<IDailyJob>().SingleOrDefault(j => j.Name == args[1]) is { } job:
                await MigrateAsync(app.Services, CancellationToken.None);
                var items = await job.RunExclusiveAsync(app.Services.GetRequiredService<IJobLock>(),
                    app.Services.GetRequiredService<Urssaf.SharedKernel.Infrastructure.Observability.UrssafMetrics>(), CancellationToken.None);
                if (items is null)
                {
                    Console.WriteLine($"{job.Name}: running in another process, not run.");
                    Environment.ExitCode = 75; // EX_TEMPFAIL: try again later
                    return true;
                }

                Console.WriteLine($"{job.Name}: {items} items.");
                await app.Services.GetRequiredService<MessageDrainer>().DrainAsync();
                return true;
            case { } verb when app.Services.GetServices<IHostVerb>().SingleOrDefault(c => c.Verb == verb) is { } command:
                await MigrateAsync(app.Services, CancellationToken.None);
                Environment.ExitCode = await command.RunAsync(app.Services, args[1..], Console.Out, CancellationToken.None);
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
