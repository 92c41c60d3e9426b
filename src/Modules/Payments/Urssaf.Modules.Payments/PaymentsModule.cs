using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using Urssaf.Modules.Payments.Persistence;
using Urssaf.SharedKernel.Infrastructure.Messaging;
using Urssaf.SharedKernel.Infrastructure.Modules;

namespace Urssaf.Modules.Payments;

/// <summary>The Payments module's registration: the only public type of this assembly.</summary>
public sealed class PaymentsModule : IModule
{
    public string Name => PaymentsDbContext.Schema;

    public Assembly ContractsAssembly => typeof(Contracts.AssemblyMarker).Assembly;

    public void AddServices(IServiceCollection services, IConfiguration configuration) =>
        services.AddModuleCore<PaymentsDbContext, PaymentsSqlServerDbContext, PaymentsSqliteDbContext>(configuration, Name, typeof(PaymentsModule).Assembly);

    public void AddJobs(IQuartzBuilder quartz, IConfiguration configuration) =>
        quartz.AddModuleMessagingJobs(Name, configuration.GetSection(MessagingOptions.Section).Get<MessagingOptions>() ?? new MessagingOptions());
}
