using System.Security.Claims;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace SecureExec.Server.Commands;

/// <summary>
/// Who the caller is, read from the validated principal. What their token allows is
/// <see cref="Auth.ScopeAuthorization.Scopes"/>, which also narrows the token's scopes by the account's current roles.
/// </summary>
internal static class CallerIdentity
{
    /// <summary>The token's subject (a user id or a service account's client id); jobs belong to it.</summary>
    public static string Subject(this ClaimsPrincipal user) =>
        user.FindFirst(Claims.Subject)?.Value
        ?? user.FindFirst(Claims.ClientId)?.Value
        ?? throw new InvalidOperationException("An authenticated principal has neither a subject nor a client id.");

    public static string? ClientId(this ClaimsPrincipal user) => user.FindFirst(Claims.ClientId)?.Value;
}
