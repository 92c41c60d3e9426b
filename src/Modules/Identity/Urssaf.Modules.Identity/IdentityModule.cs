using System.Reflection;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using Microsoft.Extensions.Hosting;
using Urssaf.Modules.Identity.Features.RecordFormality;
using Urssaf.Modules.Identity.Persistence;
using Urssaf.Modules.Identity.Security;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Infrastructure.Persistence;
using Urssaf.SharedKernel.Infrastructure.Messaging;
using Urssaf.SharedKernel.Infrastructure.Modules;
using Urssaf.SharedKernel.Infrastructure.Journal;

namespace Urssaf.Modules.Identity;

/// <summary>The Identity module's registration: the only public type of this assembly.</summary>
public sealed class IdentityModule : IModule
{
    public string Name => IdentityDbContext.Schema;

    public Assembly ContractsAssembly => typeof(Contracts.AssemblyMarker).Assembly;

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleCore<IdentityDbContext, IdentitySqlServerDbContext, IdentitySqliteDbContext>(configuration, Name, typeof(IdentityModule).Assembly);
        services.AddOptions<IdentityModuleOptions>().Bind(configuration.GetSection(IdentityModuleOptions.Section))
            .Validate<IHostEnvironment>((o, env) => o.PasswordHashIterations >= IdentityModuleOptions.MinPasswordHashIterations
                || (IdentityModuleOptions.MayHashFaster(env) && o.PasswordHashIterations >= 1),
                "Identity:PasswordHashIterations is at least 210000 (PBKDF2-HMAC-SHA512, OWASP; at least 1 in the Testing environment).")
            .Validate<IHostEnvironment>((o, env) => o.CodeHashIterations >= IdentityModuleOptions.MinCodeHashIterations
                || (IdentityModuleOptions.MayHashFaster(env) && o.CodeHashIterations >= 1),
                "Identity:CodeHashIterations is at least 50000 (PBKDF2-SHA256; at least 1 in the Testing environment).")
            .Validate(o => o.LookupKey is not { Length: > 0 } key || Convert.TryFromBase64String(key, new byte[key.Length], out _),
                "Identity:LookupKey is a base64 key.")
            .Validate(o => o.SessionCacheSeconds is null or (>= 0 and <= 300), "Identity:SessionCacheSeconds is 0 to 300.")
            .Validate(o => o.Sessions.IdleTimeout > TimeSpan.Zero && o.Sessions.IdleTimeout <= o.Sessions.AbsoluteLifetime,
                "Identity:Sessions:IdleTimeout is positive and at most AbsoluteLifetime.")
            .Validate(o => o.Sessions.RememberMeIdleTimeout > TimeSpan.Zero && o.Sessions.RememberMeIdleTimeout <= o.Sessions.RememberMeAbsoluteLifetime,
                "Identity:Sessions:RememberMeIdleTimeout is positive and at most RememberMeAbsoluteLifetime.")
            .ValidateOnStart();
        services.AddSingleton<PasswordHashing>();
        services.AddSingleton(sp => new NirProtector(Convert.FromBase64String(LookupKey(configuration, sp.GetRequiredService<IHostEnvironment>()))));
        services.AddSingleton<AccessTokens>();
        services.AddScoped<PasswordAttempts>();
        services.AddScoped<IAccessTokenSessionValidator, SessionValidator>();
        services.AddSingleton(new SessionCache(TimeSpan.FromSeconds(SessionCacheSeconds(configuration))));
        services.AddKeyedSingleton<IInterceptor, SessionRevocationInterceptor>(Name);
        services.AddThirdPartyOAuth(configuration);
        services.AddScoped<SignIns>();
        // FranceConnect (ADR 0070): the relying party over HTTP, and the stand-in provider in Development and Testing
        services.AddOptions<FranceConnectOptions>().Bind(configuration.GetSection(FranceConnectOptions.Section))
            .Validate(o => o.Authority is not { Length: > 0 } a || IsAbsoluteUrl(a), "FranceConnect:Authority is an absolute URL.")
            .Validate(o => o.CallbackUri is not { Length: > 0 } c || IsAbsoluteUrl(c), "FranceConnect:CallbackUri is an absolute URL.")
            .Validate(o => o.RedirectUris.All(IsAbsoluteUrl), "FranceConnect:AllowedRedirectUris are absolute URLs.")
            .Validate(o => IsAbsoluteUrl(o.PostLogoutRedirectUri), "FranceConnect:PostLogoutRedirectUri is an absolute URL.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.ClientId), "FranceConnect:ClientId is required.")
            .Validate(o => o.TimeoutSeconds is >= 1 and <= 120, "FranceConnect:TimeoutSeconds is 1 to 120.")
            .ValidateOnStart();
        services.AddSingleton<FranceConnectSettings>();
        services.AddHttpClient(FranceConnectOptions.HttpClientName,
            c => c.Timeout = TimeSpan.FromSeconds(configuration.GetValue($"{FranceConnectOptions.Section}:TimeoutSeconds", 10)));
        services.AddScoped<FranceConnectClient>();
        services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, Features.FranceConnectStandIn.FranceConnectStandInStartupFilter>();
        // passkeys (ADR 0071)
        services.AddOptions<Features.Passkeys.PasskeyOptions>().Bind(configuration.GetSection(Features.Passkeys.PasskeyOptions.Section))
            .Validate(o => !string.IsNullOrWhiteSpace(o.RelyingPartyId) && !o.RelyingPartyId.Contains('/'), "Identity:Passkeys:RelyingPartyId is a host name.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.RelyingPartyName), "Identity:Passkeys:RelyingPartyName is required.")
            .Validate(o => o.EffectiveOrigins.All(IsAbsoluteUrl), "Identity:Passkeys:Origins are absolute URLs.")
            .ValidateOnStart();
        services.AddSingleton<Fido2NetLib.IFido2>(sp =>
        {
            var passkeys = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<Features.Passkeys.PasskeyOptions>>().Value;
            return new Fido2NetLib.Fido2(new Fido2NetLib.Fido2Configuration
            {
                RPID = passkeys.RelyingPartyId, RPName = passkeys.RelyingPartyName, Origins = passkeys.EffectiveOrigins.ToHashSet(StringComparer.Ordinal),
                TimestampDriftTolerance = 300_000,
            });
        });
        services.AddModuleJournal<IdentityDbContext>(Name, IdentityJournal.Describe);
        services.AddScoped<Urssaf.SharedKernel.Infrastructure.Http.IOperatorDirectory, Features.Operators.OperatorDirectory>();
        services.AddSingleton<Features.PersonalData.ExportFiles>();
        services.AddSingleton<IHostVerb, Features.SeedDemoData.MintTokensVerb>();
        services.AddSingleton<IHostVerb>(sp => new ImportFormalitiesVerb(
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions));
    }

    private static bool IsAbsoluteUrl(string value) => Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";

    private static int SessionCacheSeconds(IConfiguration configuration)
    {
        var options = configuration.GetSection(IdentityModuleOptions.Section).Get<IdentityModuleOptions>() ?? new IdentityModuleOptions();
        var database = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        return Math.Max(0, options.SessionCacheSeconds ?? (database.Provider == DatabaseProvider.Sqlite ? 30 : 0));
    }

    /// <summary>The NIR lookup key: configured in Production, generated once into the data directory elsewhere.</summary>
    private static string LookupKey(IConfiguration configuration, IHostEnvironment environment)
    {
        if (configuration[$"{IdentityModuleOptions.Section}:LookupKey"] is { Length: > 0 } key) return key;
        if (Urssaf.SharedKernel.Infrastructure.Hosting.HostEnvironments.IsProductionLike(environment)) throw new InvalidOperationException("Identity:LookupKey must be configured outside Development and Testing.");
        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        return SecretFiles.ReadOrCreate(Path.Combine(storage.FullDataDirectory, "identity-lookup.key"),
            () => Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
    }

    public void AddJobs(IQuartzBuilder quartz, IConfiguration configuration)
    {
        quartz.AddModuleMessagingJobs(Name, configuration.GetSection(MessagingOptions.Section).Get<MessagingOptions>() ?? new MessagingOptions());
        quartz.AddDailyJob<Features.PersonalData.PrepareDataExportsJob>(Features.PersonalData.PrepareDataExportsJob.JobName, configuration, "0/10 * * * * ?");
        quartz.AddDailyJob<Features.PersonalData.IdentityRetentionJob>(Features.PersonalData.IdentityRetentionJob.JobName, configuration, "0 30 3 * * ?");
    }
}
