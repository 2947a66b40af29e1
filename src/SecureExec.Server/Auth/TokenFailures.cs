namespace SecureExec.Server.Auth;

/// <summary>The words a 401 uses for an expired access token, so clients (and this server) can tell it from a forged one.</summary>
internal static class TokenFailures
{
    public const string Missing = "An access token is required.";

    public const string Expired = "The access token has expired; refresh it or log in again.";

    public static bool IsExpiry(string? description) =>
        description is not null && description.Contains("expired", StringComparison.OrdinalIgnoreCase);
}
