using System.Security.Cryptography;
using Microsoft.AspNetCore.WebUtilities;

namespace SecureExec.Server.Auth.Accounts;

/// <summary>Random passwords and client secrets from the operating system's CSPRNG, base64url without padding.</summary>
internal static class Secrets
{
    /// <summary>18 random bytes: 24 characters, 144 bits.</summary>
    public static string NewPassword() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(18));

    /// <summary>32 random bytes: 43 characters, 256 bits.</summary>
    public static string NewClientSecret() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
}
