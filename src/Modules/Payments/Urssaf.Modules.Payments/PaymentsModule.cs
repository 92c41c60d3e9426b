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
using Urssaf.Modules.Payments.Features.Shared;

namespace Urssaf.Modules.Payments;

/// <summary>The Payments module's registration: the only public type of this assembly.</summary>
public sealed class PaymentsModule : IModule
{
    public string Name => PaymentsDbContext.Schema;

    public Assembly ContractsAssembly => typeof(Contracts.AssemblyMarker).Assembly;

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleCore<PaymentsDbContext, PaymentsSqlServerDbContext, PaymentsSqliteDbContext>(configuration, Name, typeof(PaymentsModule).Assembly);
        services.AddOptions<PaymentsOptions>().Bind(configuration.GetSection(PaymentsOptions.Section))
            .Validate(o => CreditorIdentifier.IsValid(o.Creditor.Identifier), "Payments:Creditor:Identifier is not a valid SEPA creditor identifier (ICS).")
            .Validate(o => Iban.IsValid(o.Creditor.Iban), "Payments:Creditor:Iban is not a valid IBAN.")
            .Validate(o => Bic.IsValid(o.Creditor.Bic), "Payments:Creditor:Bic is not a valid BIC.")
            .Validate(o => o.Creditor.LocalInstrument is "CORE" or "B2B", "Payments:Creditor:LocalInstrument is CORE or B2B.")
            .Validate(o => o.SepaFileRetentionDays >= 1, "Payments:SepaFileRetentionDays is at least 1.")
            .Validate(o => o.Card.MaxAmount > 0 && decimal.Round(o.Card.MaxAmount, 2) == o.Card.MaxAmount, "Payments:Card:MaxAmount is a positive amount in euros.")
            .Validate(o => o.Plans.MaxInstalments is >= 1 and <= 12, "Payments:Plans:MaxInstalments is 1 to 12 (CSS R243-21 plans last at most 12 months here).")
            .Validate(o => o.Plans.AutoApproveMaxInstalments >= 0 && o.Plans.AutoApproveMaxAmount >= 0, "Payments:Plans:AutoApprove* are not negative.")
            .Validate(o => o.Plans.FirstInstalmentAfterDays >= 14, "Payments:Plans:FirstInstalmentAfterDays is at least 14 (SEPA pre-notification).")
            .Validate(o => o.Card.ExpiryMinutes is >= 5 and <= 1440, "Payments:Card:ExpiryMinutes is between 5 and 1440.")
            .Validate<IHostEnvironment>((o, env) => env.IsNonProduction() || o.Card.Provider != Card.StandIn.StandInCardProvider.ProviderName,
                "Payments:Card:Provider: the stand-in provider exists in Development and Testing only; configure a real provider.")
            .Validate<IHostEnvironment>((o, env) => env.IsNonProduction() || o.Creditor.Identifier != new CreditorOptions().Identifier,
                "Payments:Creditor:* must be configured outside Development and Testing (the default creditor identifier is illustrative).")
            .ValidateOnStart();
        // configured outside Development and Testing; generated once into the data directory there
        services.AddSingleton(sp => new IbanProtector(AtRestProtector.LoadKey(configuration, sp.GetRequiredService<IHostEnvironment>(),
            $"{PaymentsOptions.Section}:{nameof(PaymentsOptions.IbanKey)}", "payments-iban.key")));
        AddCardProvider(services, configuration);
        services.AddScoped<Features.Shared.PlanService>();
        services.AddScoped<Features.TrackObligations.AutomaticDebit>();
        services.AddModuleJournal<PaymentsDbContext>(Name, Features.PersonalData.PaymentsJournal.Describe);
    }

    /// <summary>The notification secret and the provider adapter chosen by <c>Payments:Card:Provider</c> (ADR 0091).</summary>
    private static void AddCardProvider(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(sp =>
        {
            var configured = configuration[$"{PaymentsOptions.Section}:Card:WebhookSecret"];
            if (string.IsNullOrEmpty(configured))
            {
                if (sp.GetRequiredService<IHostEnvironment>().IsProductionLike())
                    throw new InvalidOperationException("Payments:Card:WebhookSecret must be configured outside Development and Testing.");
                var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
                configured = SecretFiles.ReadOrCreate(Path.Combine(storage.FullDataDirectory, "payments-psp-webhook.secret"),
                    () => Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
            }

            return new Card.CardWebhookSecret(System.Text.Encoding.UTF8.GetBytes(configured));
        });
        services.AddSingleton(sp => new Card.StandIn.StandInAddress(
            (configuration[$"{PaymentsOptions.Section}:Card:StandInHostUrl"] is { Length: > 0 } url ? url : HostAddress(configuration["urls"])).TrimEnd('/')));
        services.AddHttpClient(Features.CardPayments.StandInCheckoutEndpoint.ClientName, c => c.Timeout = TimeSpan.FromSeconds(10));
        services.AddSingleton<Card.ICardPaymentProvider>(sp =>
        {
            var name = sp.GetRequiredService<IOptions<PaymentsOptions>>().Value.Card.Provider;
            return name switch
            {
                Card.StandIn.StandInCardProvider.ProviderName when sp.GetRequiredService<IHostEnvironment>().IsNonProduction() =>
                    new Card.StandIn.StandInCardProvider(sp.GetRequiredService<Card.CardWebhookSecret>(), sp.GetRequiredService<Card.StandIn.StandInAddress>()),
                _ => throw new InvalidOperationException($"Payments:Card:Provider '{name}' has no adapter in this build."),
            };
        });
    }

    /// <summary>The host's first listening address (wildcards as localhost), http://localhost:5080 by default.</summary>
    private static string HostAddress(string? urls)
    {
        var first = urls?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        if (first is null) return "http://localhost:5080";
        foreach (var wildcard in new[] { "://*", "://+", "://0.0.0.0", "://[::]" })
            if (first.Contains(wildcard, StringComparison.Ordinal)) first = first.Replace(wildcard, "://localhost", StringComparison.Ordinal);
        return Uri.TryCreate(first, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) : "http://localhost:5080";
    }

    public void AddJobs(IQuartzBuilder quartz, IConfiguration configuration) =>
        quartz.AddModuleMessagingJobs(Name, configuration.GetSection(MessagingOptions.Section).Get<MessagingOptions>() ?? new MessagingOptions())
            .AddDailyJob<Features.SepaBatches.PurgeSepaFilesJob>(Features.SepaBatches.PurgeSepaFilesJob.JobName, configuration, "0 15 1 * * ?") // 01:15 Paris
            .AddDailyJob<Features.CardPayments.ExpireCardPaymentsJob>(Features.CardPayments.ExpireCardPaymentsJob.JobName, configuration, "0 0/5 * * * ?");
}
