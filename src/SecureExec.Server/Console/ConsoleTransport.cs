using System.Net;

namespace SecureExec.Server.Console;

/// <summary>Whether a browser keeps the console's Secure session cookie on this request's address.</summary>
internal static class ConsoleTransport
{
    /// <summary>
    /// HTTPS, or plain HTTP to a loopback address (<c>localhost</c>, 127.0.0.0/8, ::1), which browsers treat as a secure
    /// context. Anywhere else a login would only loop back to the login page.
    /// </summary>
    public static bool KeepsSecureCookies(HttpRequest request)
    {
        if (request.IsHttps)
        {
            return true;
        }

        var host = request.Host.Host;
        return string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
            || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
    }
}
