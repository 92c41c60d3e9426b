using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using Urssaf.Modules.Compliance.Persistence;
using Urssaf.SharedKernel.Infrastructure.Messaging;
using Urssaf.SharedKernel.Infrastructure.Modules;

namespace Urssaf.Modules.Compliance;

/// <summary>The Compliance module's registration: the only public type of this assembly.</summary>
public sealed class ComplianceModule : IModule
{
    public string Name => ComplianceDbContext.Schema;

    public Assembly ContractsAssembly => typeof(Contracts.AssemblyMarker).Assembly;

    public void AddServices(IServiceCollection services, IConfiguration configuration) =>
        services.AddModuleCore<ComplianceDbContext, ComplianceSqlServerDbContext, ComplianceSqliteDbContext>(configuration, Name, typeof(ComplianceModule).Assembly);

    public void AddJobs(IQuartzBuilder quartz, IConfiguration configuration) =>
        quartz.AddModuleMessagingJobs(Name, configuration.GetSection(MessagingOptions.Section).Get<MessagingOptions>() ?? new MessagingOptions());
}
