using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Urssaf.SharedKernel.Infrastructure.Modules;

/// <summary>
/// What the host needs to know of a module. Each module has exactly one public implementation, its
/// <c>&lt;Module&gt;Module</c> class, listed by hand in the host's module catalog.
/// </summary>
public interface IModule
{
    /// <summary>Lower-case name: schema, SQLite file, route segment, log scope (<c>declarations</c>).</summary>
    string Name { get; }

    /// <summary>The module's public Contracts assembly (integration events and the rare queries).</summary>
    Assembly ContractsAssembly { get; }

    void AddServices(IServiceCollection services, IConfiguration configuration);

    /// <summary>Registers the module's recurring jobs (its outbox/inbox relays and any daily job).</summary>
    void AddJobs(IQuartzBuilder quartz, IConfiguration configuration);
}
