using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Urssaf.SharedKernel.Infrastructure.PersonalData;

namespace Urssaf.SharedKernel.Infrastructure.Modules;

/// <summary>
/// The parts a module provides by implementing an interface, found by Scrutor in the module assembly (internal ones
/// included) instead of one line each in every module class (ADR 0127): daily jobs (singletons, resolvable as
/// themselves for Quartz's runner and as <see cref="IDailyJob"/> for <c>run-job</c>), demo seeders, personal-data
/// contributors. Their schedules stay explicit in each module's <c>AddJobs</c>.
/// </summary>
public static class ModuleParts
{
    public static IServiceCollection AddModuleParts(this IServiceCollection services, Assembly assembly) =>
        services.Scan(scan => scan.FromAssemblies(assembly)
            .AddClasses(c => c.AssignableTo<IDailyJob>(), publicOnly: false)
                .AsSelfWithInterfaces(i => i == typeof(IDailyJob)).WithSingletonLifetime()
            .AddClasses(c => c.AssignableTo<IModuleSeeder>(), publicOnly: false)
                .As<IModuleSeeder>().WithSingletonLifetime()
            .AddClasses(c => c.AssignableTo<IPersonalDataContributor>(), publicOnly: false)
                .As<IPersonalDataContributor>().WithScopedLifetime());
}
