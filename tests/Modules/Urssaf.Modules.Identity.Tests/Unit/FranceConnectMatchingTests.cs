using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Urssaf.Modules.Identity.Domain;
using Urssaf.Modules.Identity.Features.FranceConnectStandIn;

namespace Urssaf.Modules.Identity.Tests.Unit;

/// <summary>The identity pivot against the formality's identity (ADR 0070), and what the NIR says of its holder.</summary>
public sealed class FranceConnectMatchingTests
{
    private static readonly EntrepreneurIdentity Claire = new("lookup", "2 95 •• •• ••• ••• ••", "Lefèvre-Durand", "Martin", "Claire, Anne",
        new DateOnly(1995, 10, 12), "female", "75107", "99100");

    [Theory]
    [InlineData("184057512300192", "male", "75123", "99100")]     // born in Paris 1er–20e code 75123
    [InlineData("295109912611193", "female", null, "99126")]      // department 99: born abroad, country 126
    [InlineData("2950997123456", "female", "97123", "99100")]     // overseas: the commune code is still digits 6–10
    [InlineData("795109912611193", null, null, null)]             // temporary number: nothing derived
    [InlineData("12345", null, null, null)]
    public void The_NIR_gives_sex_and_place_of_birth_in_FranceConnect_s_terms(string nir, string? gender, string? birthplace, string? country) =>
        Assert.Equal((gender, birthplace, country), EntrepreneurIdentity.FromNir(nir));

    [Theory]
    [InlineData("LEFEVRE DURAND", "Claire Anne", "1995-10-12", "female", "75107", "99100", true)]
    [InlineData("lefèvre-durand", "CLAIRE ANNE", "1995-10-12", null, null, null, true)]       // nothing to compare: not a reason to refuse
    [InlineData("Lefèvre Durand", "Claire Anne", "1995-10-12", "female", "", "99100", true)]  // empty birthplace compares nothing
    [InlineData("Martin", "Claire Anne", "1995-10-12", "female", "75107", "99100", false)]    // the usage name is not FranceConnect's family_name
    [InlineData("Lefèvre-Durand", "Claire", "1995-10-12", "female", "75107", "99100", false)] // every first name
    [InlineData("Lefèvre-Durand", "Claire Anne", "1995-10-13", "female", "75107", "99100", false)]
    [InlineData("Lefèvre-Durand", "Claire Anne", "1995-10-12", "male", "75107", "99100", false)]
    [InlineData("Lefèvre-Durand", "Claire Anne", "1995-10-12", "female", "69123", "99100", false)]
    [InlineData("Lefèvre-Durand", "Claire Anne", "1995-10-12", "female", "", "99134", false)]
    public void Only_an_exact_pivot_matches(string family, string given, string birthDate, string? gender, string? birthplace, string? country, bool matches) =>
        Assert.Equal(matches, new IdentityPivot(family, given, DateOnly.Parse(birthDate, System.Globalization.CultureInfo.InvariantCulture), gender, birthplace, country)
            .Matches(Claire));

    /// <summary>Outside Development and Testing the stand-in's path is not taken: the request reaches the host's own pipeline.</summary>
    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public async Task The_stand_in_is_not_mounted_outside_Development_and_Testing(string environment)
    {
        var services = new ServiceCollection().BuildServiceProvider(); // mounting it here would fail: it has no settings
        var builder = new ApplicationBuilder(services);
        var reachedHost = false;
        new FranceConnectStandInStartupFilter(new Environment(environment), services).Configure(app => app.Run(_ =>
        {
            reachedHost = true;
            return Task.CompletedTask;
        }))(builder);
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Path = "/franceconnect-standin/api/v2/.well-known/openid-configuration";
        await builder.Build()(context);
        Assert.True(reachedHost);
    }

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "test";
        public string ContentRootPath { get; set; } = "/";
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
