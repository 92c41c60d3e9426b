using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Urssaf.Api;

/// <summary>
/// <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are honoured only from the proxies the configuration names
/// (<c>Http:ForwardedHeaders:KnownProxies</c>, addresses, and <c>KnownNetworks</c>, CIDR ranges; ADR 50). Nothing is
/// trusted by default, not even loopback, so a client cannot pick its own address (and its own rate-limit partition)
/// by sending the header. Walking the header from the right stops at the first address that is not a known proxy.
/// </summary>
internal static class ForwardedHeadersSetup
{
    public const string Section = "Http:ForwardedHeaders";

    public static void AddForwardedHeaders(this WebApplicationBuilder builder)
    {
        var (proxies, networks) = Read(builder.Configuration.GetSection(Section));
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.KnownProxies.Clear();   // the framework trusts loopback by default
            o.KnownIPNetworks.Clear();
            foreach (var proxy in proxies) o.KnownProxies.Add(proxy);
            foreach (var network in networks) o.KnownIPNetworks.Add(network);
            o.ForwardLimit = null;    // as many hops as there are trusted proxies, no more (see above)
            o.RequireHeaderSymmetry = false;
        });
    }

    public static IApplicationBuilder UseConfiguredForwardedHeaders(this IApplicationBuilder app)
    {
        var options = app.ApplicationServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<ForwardedHeadersOptions>>().Value;
        if (options.KnownProxies.Count == 0 && options.KnownIPNetworks.Count == 0)
            return app; // with both lists empty the framework would trust any peer: the headers are ignored instead

        // The middleware accepts the first hop from a peer without an address; such a peer is not a known proxy.
        return app.UseWhen(http => http.Connection.RemoteIpAddress is not null, branch => branch.UseForwardedHeaders());
    }

    private static (List<IPAddress> Proxies, List<System.Net.IPNetwork> Networks) Read(IConfigurationSection section)
    {
        var proxies = Values(section.GetSection("KnownProxies")).Select(value => IPAddress.TryParse(value, out var address)
            ? address
            : throw new InvalidOperationException($"{Section}:KnownProxies: '{value}' is not an IP address.")).ToList();
        var networks = Values(section.GetSection("KnownNetworks")).Select(value => System.Net.IPNetwork.TryParse(value, out var network)
            ? network
            : throw new InvalidOperationException($"{Section}:KnownNetworks: '{value}' is not a CIDR range (e.g. 10.0.0.0/8).")).ToList();
        return (proxies, networks);
    }

    /// <summary>An array (<c>KnownProxies:0</c>, <c>:1</c>…) or one comma-separated value.</summary>
    private static IEnumerable<string> Values(IConfigurationSection section)
    {
        IEnumerable<string> children = section.GetChildren().Select(c => c.Value ?? "").ToList();
        return (children.Any() ? children : (section.Value ?? "").Split(',')).Select(v => v.Trim()).Where(v => v.Length > 0);
    }
}
