using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using Urssaf.Modules.Identity.Persistence;
using Urssaf.SharedKernel.Infrastructure.Messaging;
using Urssaf.SharedKernel.Infrastructure.Modules;

namespace Urssaf.Modules.Identity;

/// <summary>The Identity module's registration: the only public type of this assembly.</summary>
public sealed class IdentityModule : IModule
{
    public string Name => IdentityDbContext.Schema;

    public Assembly ContractsAssembly => typeof(Contracts.AssemblyMarker).Assembly;

    public void AddServices(IServiceCollection services, IConfiguration configuration) =>
        services.AddModuleCore<IdentityDbContext, IdentitySqlServerDbContext, IdentitySqliteDbContext>(configuration, Name, typeof(IdentityModule).Assembly);

    public void AddJobs(IQuartzBuilder quartz, IConfiguration configuration) =>
        quartz.AddModuleMessagingJobs(Name, configuration.GetSection(MessagingOptions.Section).Get<MessagingOptions>() ?? new MessagingOptions());
}
