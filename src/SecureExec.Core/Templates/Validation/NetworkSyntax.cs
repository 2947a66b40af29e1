using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace SecureExec.Core.Templates.Validation;

/// <summary>Strict host name and IP address syntax: what operators mean, not everything a parser tolerates.</summary>
internal static class NetworkSyntax
{
    /// <summary>RFC 1123 host name: ASCII labels of 1–63 letters, digits and inner hyphens, at most 253 in all.</summary>
    public static bool IsHostname(string value)
    {
        var name = value.EndsWith('.') ? value[..^1] : value;
        if (name.Length is 0 or > 253)
        {
            return false;
        }

        foreach (var label in name.Split('.'))
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-')
            {
                return false;
            }

            foreach (var c in label)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c != '-')
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>
    /// Dotted-decimal IPv4 with exactly four parts and no leading zeros (so no octal or hex forms such as
    /// <c>0x7f.1</c>), or IPv6 without a zone; rendered in canonical form.
    /// </summary>
    public static bool TryCanonicalIp(string value, out string canonical)
    {
        canonical = "";
        if (value.Contains(':', StringComparison.Ordinal))
        {
            if (value.Contains('%', StringComparison.Ordinal)
                || !IPAddress.TryParse(value, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return false;
            }

            canonical = v6.ToString();
            return true;
        }

        var parts = value.Split('.');
        if (parts.Length != 4)
        {
            return false;
        }

        foreach (var part in parts)
        {
            if (part.Length is 0 or > 3 || (part.Length > 1 && part[0] == '0') || !part.All(char.IsAsciiDigit)
                || int.Parse(part, CultureInfo.InvariantCulture) > 255)
            {
                return false;
            }
        }

        canonical = value;
        return true;
    }
}
