using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;

namespace Urssaf.SharedKernel.Infrastructure.Http;

/// <summary>
/// The client's address and network as limits should see them. The host rewrites the remote address from
/// <c>X-Forwarded-For</c> only when the request came through a configured proxy (<c>Http:ForwardedHeaders:*</c>,
/// ADR 50), so <see cref="Of"/> is the real client behind a trusted load balancer and the connection's peer otherwise.
/// <see cref="PartitionKey(HttpContext)"/> groups an IPv6 client with its whole /64 (one subscriber's allocation), so
/// rotating addresses inside it gains nothing; an IPv4 client is its own address.
/// </summary>
public static class ClientAddress
{
    /// <summary>Partition of requests whose peer address is unknown (a test server, a Unix socket): they share one.</summary>
    public const string Unknown = "unknown";

    /// <summary>The client's address (IPv4-mapped IPv6 addresses are given as IPv4), or null when the server does not know it.</summary>
    public static IPAddress? Of(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        return address is { IsIPv4MappedToIPv6: true } ? address.MapToIPv4() : address;
    }

    /// <summary>The key of the client's network for rate limits and throttles: the IPv4 address, or the IPv6 /64 (e.g. <c>2001:db8:1:2::/64</c>).</summary>
    public static string PartitionKey(HttpContext context) => PartitionKey(Of(context));

    /// <summary>The same key for an address kept as text (a journal row, a command field); unparsable or null is <see cref="Unknown"/>.</summary>
    public static string PartitionKey(string? address) =>
        address is not null && IPAddress.TryParse(address, out var parsed) ? PartitionKey(parsed) : Unknown;

    /// <summary>
    /// The same key for a stored or parsed address: the IPv4 address itself, the /64 prefix of an IPv6 address,
    /// <see cref="Unknown"/> for null.
    /// </summary>
    public static string PartitionKey(IPAddress? address)
    {
        if (address is null) return Unknown;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return $"{new IPAddress(bytes)}/64";
    }
}
