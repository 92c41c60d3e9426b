using Urssaf.TestKit;

namespace Urssaf.Modules.Identity.Tests.Integration;

/// <summary>Every Identity options class is checked when the host starts: a bad value stops it, naming the setting.</summary>
public sealed class OptionsAtStartTests
{
    [Theory]
    [InlineData("Identity:PasswordHashIterations", "1000", "Identity:PasswordHashIterations")]
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

    [Fact]
    public void The_default_values_start()
    {
        using var app = new UrssafApp();
        Assert.NotNull(app.Services);
    }
}
