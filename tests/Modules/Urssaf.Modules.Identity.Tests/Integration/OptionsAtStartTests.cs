using Urssaf.TestKit;

namespace Urssaf.Modules.Identity.Tests.Integration;

/// <summary>Every Identity options class is checked when the host starts: a bad value stops it, naming the setting.</summary>
public sealed class OptionsAtStartTests
{
    [Theory]
    [InlineData("Identity:PasswordHashIterations", "0", "Identity:PasswordHashIterations")]
    [InlineData("Identity:CodeHashIterations", "0", "Identity:CodeHashIterations")]
    [InlineData("Identity:LookupKey", "not base64!", "Identity:LookupKey")]
    [InlineData("Identity:SessionCacheSeconds", "-1", "Identity:SessionCacheSeconds")]
    [InlineData("Identity:Sessions:IdleTimeout", "1.00:00:00", "Identity:Sessions:IdleTimeout")] // longer than the 12 h absolute lifetime
    [InlineData("FranceConnect:TimeoutSeconds", "0", "FranceConnect:TimeoutSeconds")]
    [InlineData("FranceConnect:AllowedRedirectUris:0", "/connexion/franceconnect", "FranceConnect:AllowedRedirectUris")]
    [InlineData("FranceConnect:Authority", "franceconnect.example", "FranceConnect:Authority")]
    [InlineData("Identity:Passkeys:Origins:0", "localhost:5080", "Identity:Passkeys:Origins")]
    [InlineData("Identity:Passkeys:RelyingPartyId", "https://localhost", "Identity:Passkeys:RelyingPartyId")]
    public void A_bad_value_stops_the_host_at_start(string key, string value, string named)
    {
        using var app = new UrssafApp().With(key, value);
        var error = Assert.ThrowsAny<Exception>(() => app.Services).ToString();
        Assert.Contains(named, error);
    }

    /// <summary>The test hosts' fast hashes (1,000 iterations) are refused everywhere but in Testing, Development included.</summary>
    [Theory]
    [InlineData("Identity:PasswordHashIterations", "209999")]
    [InlineData("Identity:CodeHashIterations", "49999")]
    public void Outside_Testing_fewer_iterations_than_the_floor_stop_the_host(string key, string value)
    {
        using var app = new UrssafApp().With("environment", "Development").With(key, value);
        var error = Assert.ThrowsAny<Exception>(() => app.Services).ToString();
        Assert.Contains(key, error);
    }

    [Fact]
    public void Outside_Testing_passwords_are_hashed_with_at_least_210000_iterations_whatever_is_configured()
    {
        var options = Microsoft.Extensions.Options.Options.Create(new Security.IdentityModuleOptions { PasswordHashIterations = 1000, CodeHashIterations = 1000 });
        var hash = Convert.FromBase64String(new Security.PasswordHashing(options, new Environment("Production")).Hash("Un-mot-de-passe#2026"));
        // ASP.NET Core Identity V3: format marker, PRF (2 = HMAC-SHA512), iteration count, big-endian
        Assert.Equal(0x01, hash[0]);
        Assert.Equal(2u, System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(hash.AsSpan(1)));
        Assert.Equal(210_000u, System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(hash.AsSpan(5)));
        var testing = Convert.FromBase64String(new Security.PasswordHashing(options, new Environment("Testing")).Hash("Un-mot-de-passe#2026"));
        Assert.Equal(1000u, System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(testing.AsSpan(5)));
    }

    private sealed class Environment(string name) : Microsoft.Extensions.Hosting.IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "Urssaf.Host";
        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
    }

    [Fact]
    public void The_default_values_start()
    {
        using var app = new UrssafApp();
        Assert.NotNull(app.Services);
    }
}
