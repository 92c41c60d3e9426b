using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Quartz;
using Urssaf.Modules.Payments.Domain;
using Urssaf.Modules.Payments.Persistence;
using Urssaf.Modules.Payments.Security;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Infrastructure.Messaging;
using Urssaf.SharedKernel.Infrastructure.Modules;
using Urssaf.SharedKernel.Infrastructure.Persistence;
using Urssaf.SharedKernel.Infrastructure.Hosting;
using Urssaf.SharedKernel.Infrastructure.Security;
using Urssaf.SharedKernel.Infrastructure.Journal;

namespace Urssaf.Modules.Payments;

/// <summary>The Payments module's registration: the only public type of this assembly.</summary>
public sealed class PaymentsModule : IModule
{
    public string Name => PaymentsDbContext.Schema;

    public Assembly ContractsAssembly => typeof(Contracts.AssemblyMarker).Assembly;

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleCore<PaymentsDbContext, PaymentsSqlServerDbContext, PaymentsSqliteDbContext>(configuration, Name, typeof(PaymentsModule).Assembly);
        services.AddSingleton<IModuleSeeder, Features.Seed.PaymentsSeeder>();
        services.AddOptions<PaymentsOptions>().Bind(configuration.GetSection(PaymentsOptions.Section))
            .Validate(o => CreditorIdentifier.IsValid(o.Creditor.Identifier), "Payments:Creditor:Identifier is not a valid SEPA creditor identifier (ICS).")
            .Validate(o => Iban.IsValid(o.Creditor.Iban), "Payments:Creditor:Iban is not a valid IBAN.")
            .Validate(o => Bic.IsValid(o.Creditor.Bic), "Payments:Creditor:Bic is not a valid BIC.")
            .Validate(o => o.Creditor.LocalInstrument is "CORE" or "B2B", "Payments:Creditor:LocalInstrument is CORE or B2B.")
            .Validate(o => o.SepaFileRetentionDays >= 1, "Payments:SepaFileRetentionDays is at least 1.")
            .Validate<IHostEnvironment>((o, env) => env.IsNonProduction() || o.Creditor.Identifier != new CreditorOptions().Identifier,
                "Payments:Creditor:* must be configured outside Development and Testing (the default creditor identifier is illustrative).")
            .ValidateOnStart();
        // configured outside Development and Testing; generated once into the data directory there
        services.AddSingleton(sp => new IbanProtector(AtRestProtector.LoadKey(configuration, sp.GetRequiredService<IHostEnvironment>(),
            $"{PaymentsOptions.Section}:{nameof(PaymentsOptions.IbanKey)}", "payments-iban.key")));
        services.AddDailyJobService<Features.SepaBatches.PurgeSepaFilesJob>();
        services.AddModuleJournal<PaymentsDbContext>(Name, Features.PersonalData.PaymentsJournal.Describe);
        services.AddScoped<Urssaf.SharedKernel.Infrastructure.PersonalData.IPersonalDataContributor, Features.PersonalData.PaymentsPersonalData>();
    }

    public void AddJobs(IQuartzBuilder quartz, IConfiguration configuration) =>
        quartz.AddModuleMessagingJobs(Name, configuration.GetSection(MessagingOptions.Section).Get<MessagingOptions>() ?? new MessagingOptions())
            .AddDailyJob<Features.SepaBatches.PurgeSepaFilesJob>(Features.SepaBatches.PurgeSepaFilesJob.JobName, configuration, "0 15 1 * * ?"); // 01:15 Paris
}
