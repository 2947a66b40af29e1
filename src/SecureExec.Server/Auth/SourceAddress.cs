using System.Net;
using System.Net.Sockets;

namespace SecureExec.Server.Auth;

/// <summary>The key that counts a caller's address: the IPv4 address, or the /64 an IPv6 host can pick addresses from.</summary>
internal static class SourceAddress
{
    public static string SourceKey(this HttpContext context) => KeyOf(context.Connection.RemoteIpAddress);

    public static string KeyOf(IPAddress? address)
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

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
