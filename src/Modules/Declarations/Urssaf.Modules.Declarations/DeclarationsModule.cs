using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using Urssaf.Modules.Declarations.Domain;
using Urssaf.Modules.Declarations.Domain.Rates;
using Urssaf.Modules.Declarations.Features.AnnouncePeriods;
using Urssaf.Modules.Declarations.Persistence;
using Urssaf.SharedKernel.Infrastructure.Messaging;
using Urssaf.SharedKernel.Infrastructure.Modules;

namespace Urssaf.Modules.Declarations;

/// <summary>The Declarations module's registration: the only public type of this assembly.</summary>
public sealed class DeclarationsModule : IModule
{
    public string Name => DeclarationsDbContext.Schema;

    public Assembly ContractsAssembly => typeof(Contracts.AssemblyMarker).Assembly;

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleCore<DeclarationsDbContext, DeclarationsSqlServerDbContext, DeclarationsSqliteDbContext>(configuration, Name, typeof(DeclarationsModule).Assembly);
        var calendar = configuration.GetSection(CalendarOptions.Section).Get<CalendarOptions>() ?? new CalendarOptions();
        services.AddSingleton(new DeclarationCalendar(calendar));
        services.AddSingleton(RateTable.Official);
    }

    public void AddJobs(IQuartzBuilder quartz, IConfiguration configuration) =>
        quartz.AddModuleMessagingJobs(Name, configuration.GetSection(MessagingOptions.Section).Get<MessagingOptions>() ?? new MessagingOptions())
            .AddDailyJob<AnnouncePeriodsJob>("announce-periods", configuration, "0 5 0 * * ?"); // just after midnight, Paris
}
