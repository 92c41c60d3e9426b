using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.TestKit;

namespace Urssaf.Host.Tests;

/// <summary>
/// Limits are per client network: X-Forwarded-For is believed only from a configured proxy, and an IPv6 client is its /64.
/// The public-lookup policy (one request per window here) shows which partition a request fell in.
/// </summary>
public sealed class ClientNetworkTests : IDisposable
{
    private const string Proxy = "10.0.0.1";
    private readonly UrssafApp _behindProxy = new UrssafApp()
        .With("Http:ForwardedHeaders:KnownProxies:0", Proxy)
        .With("Http:ForwardedHeaders:KnownNetworks:0", "192.168.10.0/24")
        .With("RateLimiting:public-lookup:PermitLimit", "1")
        .With("RateLimiting:public-lookup:WindowSeconds", "3600");

    private readonly UrssafApp _direct = new UrssafApp()
        .With("RateLimiting:public-lookup:PermitLimit", "1")
        .With("RateLimiting:public-lookup:WindowSeconds", "3600");

    private static async Task<int> LookupAsync(UrssafApp app, string? peer, string? forwardedFor = null)
    {
        var context = await app.Server.SendAsync(c =>
        {
            c.Request.Method = HttpMethods.Get;
            c.Request.Path = "/api/v1/attestations/verify/ABCDEFGHJKLMNPQR";
            c.Connection.RemoteIpAddress = peer is null ? null : IPAddress.Parse(peer);
            if (forwardedFor is not null) c.Request.Headers["X-Forwarded-For"] = forwardedFor;
        });
        return context.Response.StatusCode;
    }

    [Fact]
    public async Task Clients_behind_a_configured_proxy_each_get_their_own_partition()
    {
        Assert.NotEqual(429, await LookupAsync(_behindProxy, Proxy, "203.0.113.5"));
        Assert.NotEqual(429, await LookupAsync(_behindProxy, Proxy, "203.0.113.6"));        // another client, same proxy
        Assert.NotEqual(429, await LookupAsync(_behindProxy, "192.168.10.7", "203.0.113.7")); // a proxy of a known network
        Assert.Equal(429, await LookupAsync(_behindProxy, "192.168.10.8", "203.0.113.5"));    // the first client again
    }

    [Fact]
    public async Task A_client_cannot_spoof_its_address_through_an_unknown_peer()
    {
        Assert.NotEqual(429, await LookupAsync(_behindProxy, "10.0.0.9", "198.51.100.1"));
        Assert.Equal(429, await LookupAsync(_behindProxy, "10.0.0.9", "198.51.100.2"));       // the header is ignored: same peer
        Assert.Equal(429, await LookupAsync(_behindProxy, "10.0.0.9", $"198.51.100.3, {Proxy}")); // naming a proxy in the header does not help
        Assert.NotEqual(429, await LookupAsync(_behindProxy, null, "198.51.100.4"));
        Assert.Equal(429, await LookupAsync(_behindProxy, null, "198.51.100.5"));             // a peer without an address is no proxy
    }

    [Fact]
    public async Task Nothing_is_trusted_by_default_not_even_loopback()
    {
        Assert.NotEqual(429, await LookupAsync(_direct, "127.0.0.1", "198.51.100.1"));
        Assert.Equal(429, await LookupAsync(_direct, "127.0.0.1", "198.51.100.2"));
        Assert.Equal(429, await LookupAsync(_direct, "::ffff:127.0.0.1", "198.51.100.3")); // the same client, IPv4-mapped
    }

    [Fact]
    public async Task An_IPv6_client_is_limited_by_its_64_and_another_64_is_not()
    {
        Assert.NotEqual(429, await LookupAsync(_direct, "2001:db8:1:2::1"));
        Assert.Equal(429, await LookupAsync(_direct, "2001:db8:1:2:ffff:ffff:ffff:fffe"));  // rotating inside the /64
        Assert.NotEqual(429, await LookupAsync(_direct, "2001:db8:1:3::1"));              // the next /64
        Assert.NotEqual(429, await LookupAsync(_behindProxy, Proxy, "2001:db8:9:9::1"));
        Assert.Equal(429, await LookupAsync(_behindProxy, Proxy, "2001:db8:9:9:1:2:3:4"));  // forwarded IPv6 clients too
    }

    [Theory]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2:abcd:ef01:2345:6789", true)]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:3::1", false)]
    [InlineData("203.0.113.5", "::ffff:203.0.113.5", true)]
    [InlineData("203.0.113.5", "203.0.113.6", false)]
    public void Partition_keys_group_an_IPv6_64_and_keep_IPv4_addresses_apart(string first, string second, bool same)
    {
        Assert.Equal(same, ClientAddress.PartitionKey(IPAddress.Parse(first)) == ClientAddress.PartitionKey(IPAddress.Parse(second)));
        Assert.Equal("2001:db8:1:2::/64", ClientAddress.PartitionKey(IPAddress.Parse("2001:db8:1:2:abcd::1")));
        Assert.Equal(ClientAddress.Unknown, ClientAddress.PartitionKey(new DefaultHttpContext()));
        Assert.Equal(ClientAddress.PartitionKey(IPAddress.Parse(first)), ClientAddress.PartitionKey(first)); // text form, as journals keep it
        Assert.Equal(ClientAddress.Unknown, ClientAddress.PartitionKey("not-an-address"));
        Assert.Equal(ClientAddress.Unknown, ClientAddress.PartitionKey((string?)null));
    }

    public void Dispose()
    {
        _behindProxy.Dispose();
        _direct.Dispose();
    }
}
