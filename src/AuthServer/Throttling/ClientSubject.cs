using System.Net;
using System.Net.Sockets;

namespace AuthServer.Throttling;

/// <summary>
/// The address a client is counted by: an IPv4 address as it is, an IPv6 address by its /64 (one subscriber's
/// network, RFC 6177: an attacker there has 2^64 addresses, not one), an IPv4-mapped IPv6 address as IPv4.
/// </summary>
internal static class ClientSubject
{
    public static string Of(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes).ToString() + "/64";
    }
}
