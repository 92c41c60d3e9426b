using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using Urssaf.Modules.Compliance.Features.Penalties;
using Urssaf.Modules.Compliance.Features.Shared;
using Urssaf.Modules.Compliance.Persistence;
using Urssaf.SharedKernel.Infrastructure.Messaging;
using Urssaf.SharedKernel.Infrastructure.Modules;

namespace Urssaf.Modules.Compliance;

/// <summary>The Compliance module's registration: the only public type of this assembly.</summary>
public sealed class ComplianceModule : IModule
{
    public string Name => ComplianceDbContext.Schema;

    public Assembly ContractsAssembly => typeof(Contracts.AssemblyMarker).Assembly;

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleCore<ComplianceDbContext, ComplianceSqlServerDbContext, ComplianceSqliteDbContext>(configuration, Name, typeof(ComplianceModule).Assembly);
        services.AddOptions<ComplianceOptions>().Bind(configuration.GetSection(ComplianceOptions.Section))
            .Validate(o => o.DeadlineWindowDays is >= 0 and <= 60 && o.PenaltyBatchSize is > 0 and <= 50_000, "Compliance options out of range.")
            .ValidateOnStart();
        services.AddScoped<AccountStanding>();
    }

    public void AddJobs(IQuartzBuilder quartz, IConfiguration configuration) =>
        quartz.AddModuleMessagingJobs(Name, configuration.GetSection(MessagingOptions.Section).Get<MessagingOptions>() ?? new MessagingOptions())
            .AddDailyJob<ApplyPenaltiesJob>("apply-penalties", configuration, "0 30 0 * * ?"); // after the day's deadlines have passed (Paris)
}
