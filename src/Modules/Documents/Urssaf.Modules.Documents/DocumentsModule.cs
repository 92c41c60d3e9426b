using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using Urssaf.Modules.Documents.Persistence;
using Urssaf.SharedKernel.Infrastructure.Messaging;
using Urssaf.SharedKernel.Infrastructure.Modules;

namespace Urssaf.Modules.Documents;

/// <summary>The Documents module's registration: the only public type of this assembly.</summary>
public sealed class DocumentsModule : IModule
{
    public string Name => DocumentsDbContext.Schema;

    public Assembly ContractsAssembly => typeof(Contracts.AssemblyMarker).Assembly;

    public void AddServices(IServiceCollection services, IConfiguration configuration) =>
        services.AddModuleCore<DocumentsDbContext, DocumentsSqlServerDbContext, DocumentsSqliteDbContext>(configuration, Name, typeof(DocumentsModule).Assembly);

    public void AddJobs(IQuartzBuilder quartz, IConfiguration configuration) =>
        quartz.AddModuleMessagingJobs(Name, configuration.GetSection(MessagingOptions.Section).Get<MessagingOptions>() ?? new MessagingOptions());
}
