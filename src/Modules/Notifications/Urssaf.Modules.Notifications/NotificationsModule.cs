using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using Urssaf.Modules.Notifications.Persistence;
using Urssaf.SharedKernel.Infrastructure.Messaging;
using Urssaf.SharedKernel.Infrastructure.Modules;

namespace Urssaf.Modules.Notifications;

/// <summary>The Notifications module's registration: the only public type of this assembly.</summary>
public sealed class NotificationsModule : IModule
{
    public string Name => NotificationsDbContext.Schema;

    public Assembly ContractsAssembly => typeof(Contracts.AssemblyMarker).Assembly;

    public void AddServices(IServiceCollection services, IConfiguration configuration) =>
        services.AddModuleCore<NotificationsDbContext, NotificationsSqlServerDbContext, NotificationsSqliteDbContext>(configuration, Name, typeof(NotificationsModule).Assembly);

    public void AddJobs(IQuartzBuilder quartz, IConfiguration configuration) =>
        quartz.AddModuleMessagingJobs(Name, configuration.GetSection(MessagingOptions.Section).Get<MessagingOptions>() ?? new MessagingOptions());
}
