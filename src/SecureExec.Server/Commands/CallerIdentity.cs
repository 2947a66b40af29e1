using System.Collections.Immutable;
using System.Security.Claims;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace SecureExec.Server.Commands;

/// <summary>
/// Who the caller is and what their token allows, read from the validated principal. The one place commands and jobs
/// read scopes: when the authentication feature's <c>ClaimsPrincipal.Scopes()</c> (which also narrows by the user's
/// current roles) lands, <see cref="Scopes"/> switches to it.
/// </summary>
internal static class CallerIdentity
{
    public static IReadOnlySet<string> Scopes(this ClaimsPrincipal user)
    {
        var scopes = ImmutableSortedSet.CreateBuilder<string>(StringComparer.Ordinal);
        scopes.UnionWith(user.GetScopes());
        foreach (var claim in user.FindAll(Claims.Scope))
        {
            scopes.UnionWith(claim.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        }

        return scopes.ToImmutable();
    }

    /// <summary>The token's subject (a user id or a service account's client id); jobs belong to it.</summary>
    public static string Subject(this ClaimsPrincipal user) =>
        user.FindFirst(Claims.Subject)?.Value
        ?? user.FindFirst(Claims.ClientId)?.Value
        ?? throw new InvalidOperationException("An authenticated principal has neither a subject nor a client id.");

    public static string? ClientId(this ClaimsPrincipal user) => user.FindFirst(Claims.ClientId)?.Value;
}
