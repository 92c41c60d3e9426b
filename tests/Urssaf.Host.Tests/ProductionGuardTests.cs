using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Urssaf.Api;
using Urssaf.SharedKernel.Infrastructure.Hosting;
using Urssaf.SharedKernel.Infrastructure.Modules;
using Urssaf.TestKit;

namespace Urssaf.Host.Tests;

/// <summary>
/// Only Development and Testing (any case) may take shortcuts; every other environment name gets the production guards:
/// keys must be configured, Clock:StartAt and the seed verbs are refused.
/// </summary>
public sealed class ProductionGuardTests(UrssafApp app) : IClassFixture<UrssafApp>
{
    private const string StrongKey = "0f3c9a1e7b24d6085f1ac3e9b7d2406a";

    [Theory]
    [InlineData("Development", true)]
    [InlineData("development", true)]
    [InlineData("Testing", true)]
    [InlineData("TESTING", true)]
    [InlineData("Production", false)]
    [InlineData("production", false)]
    [InlineData("Prod", false)]
    [InlineData("Staging", false)]
    [InlineData("Test", false)]
    [InlineData(" Development", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Only_Development_and_Testing_are_non_production(string? name, bool nonProduction)
    {
        Assert.Equal(nonProduction, HostEnvironments.IsNonProduction(name));
        if (name is not null) Assert.Equal(!nonProduction, new Environment(name).IsProductionLike());
    }

    [Theory]
    [InlineData("Staging")]
    [InlineData("production")]
    [InlineData("Prod")]
    public void A_production_like_host_requires_its_keys(string environment)
    {
        using (var noJwt = Host(environment, ("Operator:Key", StrongKey)))
            Assert.Contains("Jwt:SigningKey must be configured", Assert.ThrowsAny<Exception>(() => noJwt.Services).ToString());
        using var noOperatorKey = Host(environment, ("Jwt:SigningKey", Convert.ToBase64String(new byte[32])));
        Assert.Contains("Operator:Key must be configured", Assert.ThrowsAny<Exception>(() => noOperatorKey.Services).ToString());
    }

    [Theory]
    [InlineData("Staging")]
    [InlineData("production")]
    public void A_production_like_host_requires_the_third_parties_OAuth_keys(string environment)
    {
        using var noOAuthKeys = Host(environment, ("Jwt:SigningKey", Convert.ToBase64String(new byte[32])), ("Operator:Key", StrongKey),
            ("Identity:LookupKey", Convert.ToBase64String(new byte[32])), ("Payments:IbanKey", Convert.ToBase64String(new byte[32])),
            ("Messaging:PayloadKey", Convert.ToBase64String(new byte[32])), ("Journal:SigningKey", JournalKey()));
        Assert.Contains("Identity:OAuth:", Assert.ThrowsAny<Exception>(() => noOAuthKeys.Services).ToString());
    }

    [Theory]
    [InlineData("Staging")]
    [InlineData("production")]
    public void A_production_like_host_requires_the_journal_signing_key(string environment)
    {
        using var noJournalKey = Host(environment, ("Jwt:SigningKey", Convert.ToBase64String(new byte[32])), ("Operator:Key", StrongKey),
            ("Identity:LookupKey", Convert.ToBase64String(new byte[32])), ("Payments:IbanKey", Convert.ToBase64String(new byte[32])),
            ("Messaging:PayloadKey", Convert.ToBase64String(new byte[32])));
        Assert.Contains("Journal:SigningKey must be configured", Assert.ThrowsAny<Exception>(() => noJournalKey.Services).ToString());
    }

    private static string JournalKey()
    {
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        return Convert.ToBase64String(key.ExportPkcs8PrivateKey());
    }

    [Theory]
    [InlineData("Development")]
    [InlineData("testing")]
    public void Development_and_Testing_hosts_generate_their_keys(string environment)
    {
        using var host = Host(environment);
        Assert.NotNull(host.Services.GetRequiredService<Urssaf.SharedKernel.Infrastructure.Http.JwtSettings>().SigningKey);
    }

    [Fact]
    public async Task Seed_is_refused_in_a_Staging_host()
    {
        var output = new StringWriter();
        Assert.Equal(2, await new SeedVerb(new Environment("Staging")).RunAsync(app.Services, ["1"], output, CancellationToken.None));
        Assert.Contains("refused", output.ToString());
    }

    [Theory]
    [InlineData("Staging")]
    [InlineData("production")]
    public async Task Mint_tokens_is_refused_outside_Development_and_Testing(string environment)
    {
        var file = Path.Combine(app.DataDirectory, $"tokens-{environment}.txt");
        var output = new StringWriter();
        var command = app.Services.GetServices<IHostVerb>().Single(c => c.Verb == "mint-tokens");
        Assert.Equal(2, await command.RunAsync(new WithEnvironment(app.Services, new Environment(environment)), ["3", file], output, CancellationToken.None));
        Assert.False(File.Exists(file));
        Assert.Contains("refused", output.ToString());
    }

    [Theory]
    [InlineData("short-operator-key", "fewer than 32")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "distinct characters")]
    [InlineData("abababababababababababababababababab", "distinct characters")]
    [InlineData("0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVW", "regular sequence")]
    public void A_weak_operator_key_is_refused_at_start(string key, string reason)
    {
        using var host = Host("Testing", ("Operator:Key", key));
        var error = Assert.ThrowsAny<Exception>(() => host.Services).ToString();
        Assert.Contains("Operator:Key is refused", error);
        Assert.Contains(reason, error);
        Assert.DoesNotContain(key, error); // the key itself is never echoed
    }

    [Fact]
    public void Strong_and_generated_operator_keys_are_accepted()
    {
        Assert.Null(SecuritySetup.OperatorKeyWeakness(StrongKey));
        Assert.Null(SecuritySetup.OperatorKeyWeakness(UrssafApp.OperatorKey));
        using var host = Host("Testing");
        _ = host.Services;
        var generated = File.ReadAllText(Path.Combine(host.DataDirectory, "operator.key")).Trim();
        Assert.Equal(64, generated.Length); // 32 CSPRNG bytes in hex
        Assert.Null(SecuritySetup.OperatorKeyWeakness(generated));
    }

    internal static Factory Host(string environment, params (string Key, string Value)[] settings) => new(environment, settings);

    internal sealed class Factory(string environment, (string Key, string Value)[] settings) : WebApplicationFactory<Program>
    {
        public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "urssaf-tests", Guid.NewGuid().ToString("N"));

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment(environment);
            builder.UseSetting("Storage:DataDirectory", DataDirectory);
            builder.UseSetting("Messaging:SchedulerEnabled", "false");
            builder.UseSetting("Logging:Format", "simple");
            foreach (var (key, value) in settings) builder.UseSetting(key, value);
        }

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "Urssaf.Host";
        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
    }

    /// <summary>The host's services, except the environment, as a verb would see them in another environment.</summary>
    private sealed class WithEnvironment(IServiceProvider inner, IHostEnvironment environment) : IServiceProvider
    {
        public object? GetService(Type serviceType) => serviceType == typeof(IHostEnvironment) ? environment : inner.GetService(serviceType);
    }
}
