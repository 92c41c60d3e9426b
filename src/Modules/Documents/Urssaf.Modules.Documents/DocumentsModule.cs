using System.Reflection;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Quartz;
using Urssaf.Modules.Documents.Features;
using Urssaf.Modules.Documents.Persistence;
using Urssaf.Modules.Documents.Signing;
using Urssaf.Modules.Documents.Storage;
using Urssaf.SharedKernel.Infrastructure.Messaging;
using Urssaf.SharedKernel.Infrastructure.Modules;
using Urssaf.SharedKernel.Infrastructure.Persistence;
using Urssaf.SharedKernel.Infrastructure.Hosting;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Infrastructure.Journal;
using Urssaf.Modules.Documents.Features.Shared;

namespace Urssaf.Modules.Documents;

/// <summary>The Documents module's registration: the only public type of this assembly.</summary>
public sealed class DocumentsModule : IModule
{
    public string Name => DocumentsDbContext.Schema;

    public Assembly ContractsAssembly => typeof(Contracts.AssemblyMarker).Assembly;

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleCore<DocumentsDbContext, DocumentsSqlServerDbContext, DocumentsSqliteDbContext>(configuration, Name, typeof(DocumentsModule).Assembly);
        services.AddOptions<DocumentsOptions>().Bind(configuration.GetSection(DocumentsOptions.Section))
            .PostConfigure(o => o.PublicBaseUrl = string.IsNullOrWhiteSpace(o.PublicBaseUrl) ? DocumentsOptions.HostAddress(configuration["urls"]) : o.PublicBaseUrl)
            .Validate(o => Uri.TryCreate(o.PublicBaseUrl, UriKind.Absolute, out _), "Documents:PublicBaseUrl must be an absolute URL.")
            .Validate(o => o.AttestationValidityMonths is >= 1 and <= 6, "Documents:AttestationValidityMonths is 1 to 6 (CT D8222-5).")
            .ValidateOnStart();
        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        services.AddSingleton<IDocumentStore>(new FileDocumentStore(Path.Combine(storage.FullDataDirectory, "documents")));
        services.AddSingleton(sp => new DocumentSigner(Certificate(configuration, sp.GetRequiredService<IHostEnvironment>(), storage)));
        services.AddScoped<DocumentIssuer>();
        services.AddModuleJournal<DocumentsDbContext>(Name, Features.PersonalData.DocumentsJournal.Describe);
    }

    /// <summary>The signing certificate: configured (PKCS#12) in Production; a self-signed one generated into the data directory elsewhere.</summary>
    private static X509Certificate2 Certificate(IConfiguration configuration, IHostEnvironment environment, StorageOptions storage)
    {
        var options = configuration.GetSection(DocumentsOptions.Section).Get<DocumentsOptions>() ?? new DocumentsOptions();
        var path = options.SigningCertificatePath;
        if (string.IsNullOrEmpty(path))
        {
            if (environment.IsProductionLike()) throw new InvalidOperationException("Documents:SigningCertificatePath must be configured outside Development and Testing.");
            path = Path.Combine(storage.FullDataDirectory, "documents-signing.pfx");
            SecretFiles.ReadOrCreateBytes(path, DocumentSigner.CreateSelfSignedPkcs12); // written atomically: a kill never leaves half a certificate
        }

        return X509CertificateLoader.LoadPkcs12FromFile(path, options.SigningCertificatePassword, X509KeyStorageFlags.EphemeralKeySet);
    }

    public void AddJobs(IQuartzBuilder quartz, IConfiguration configuration)
    {
        quartz.AddModuleMessagingJobs(Name, configuration.GetSection(MessagingOptions.Section).Get<MessagingOptions>() ?? new MessagingOptions());
        quartz.AddDailyJob<OrphanDocumentSweep>("sweep-orphan-documents", configuration, "0 15 4 * * ?"); // 04:15 Paris
    }
}
