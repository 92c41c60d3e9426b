using System.Diagnostics;
using System.Globalization;
using Urssaf.SharedKernel.Infrastructure.Modules;
using Urssaf.SharedKernel.Infrastructure.Hosting;

namespace Urssaf.Api;

/// <summary>
/// <c>seed &lt;count&gt; [first]</c>: creates active accounts with their enterprise, four filed and paid quarters and every
/// module's view of them, by batches of 5,000, each module writing through its own <see cref="IModuleSeeder"/>.
/// For load tests and demos; refused outside Development and Testing.
/// </summary>
internal sealed class SeedVerb(IHostEnvironment environment) : IHostVerb
{
    private const int Batch = 5_000;

    public string Verb => "seed";

    public string Usage => "seed <count> [first-index]   create <count> active seeded accounts (password Seed-Password#2026)";

    public async Task<int> RunAsync(IServiceProvider services, IReadOnlyList<string> arguments, TextWriter output, CancellationToken cancellationToken)
    {
        if (environment.IsProductionLike())
        {
            await output.WriteLineAsync($"seed is refused in the {environment.EnvironmentName} environment: only Development and Testing allow it.");
            return 2;
        }

        if (arguments.Count is < 1 or > 2 || !int.TryParse(arguments[0], CultureInfo.InvariantCulture, out var count) || count <= 0
            || (arguments.Count == 2 && !int.TryParse(arguments[1], CultureInfo.InvariantCulture, out _)))
        {
            await output.WriteLineAsync("usage: " + Usage);
            return 2;
        }

        var first = arguments.Count == 2 ? int.Parse(arguments[1], CultureInfo.InvariantCulture) : 0;
        var context = new SeedContext(services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);
        var seeders = services.GetServices<IModuleSeeder>().OrderBy(s => s.Order).ToList();
        var watch = Stopwatch.StartNew();
        var spent = new TimeSpan[seeders.Count]; // per module, to show where seeding time goes
        for (var start = first; start < first + count; start += Batch)
        {
            var accounts = Enumerable.Range(start, Math.Min(Batch, first + count - start)).Select(SeedAccount.Create).ToList();
            await using var scope = services.CreateAsyncScope();
            for (var i = 0; i < seeders.Count; i++)
            {
                var started = Stopwatch.GetTimestamp();
                await seeders[i].SeedAsync(accounts, context, scope.ServiceProvider, cancellationToken);
                spent[i] += Stopwatch.GetElapsedTime(started);
            }

            context.Declarations.Clear();
            await output.WriteLineAsync($"{start + accounts.Count - first} accounts seeded ({watch.Elapsed.TotalSeconds:0.0} s)");
        }

        await output.WriteLineAsync("By module: " + string.Join(", ", seeders.Select((s, i) => $"{s.GetType().Name.Replace("Seeder", "")} {spent[i].TotalSeconds:0.0} s")));
        await output.WriteLineAsync($"Seeded {count} accounts in {watch.Elapsed.TotalSeconds:0.0} s ({count / watch.Elapsed.TotalSeconds:0} per second).");
        return 0;
    }
}
