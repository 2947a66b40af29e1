using System.Security.Claims;
using OpenIddict.Abstractions;
using SecureExec.Core.Authorization;

namespace SecureExec.Server.Auth.Accounts;

/// <summary>
/// The one place the admin API decides who may use it: an authenticated token holding the <c>admin</c> scope.
/// Swap <see cref="HasScope"/> for the shared scope helper when it exists.
/// </summary>
internal static class AdminAuthorization
{
    public const string Policy = "secureexec:admin";

    public static void AddPolicy(IServiceCollection services) =>
        services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy
            .RequireAuthenticatedUser()
            .RequireAssertion(context => HasScope(context.User, ReservedScopes.Admin)));

    /// <summary>The token's scopes: OpenIddict's <c>oi_scp</c> claims, or a space-separated <c>scope</c> claim.</summary>
    public static bool HasScope(ClaimsPrincipal user, string scope) =>
        user.HasScope(scope)
        || user.FindAll(OpenIddictConstants.Claims.Scope).Any(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(scope, StringComparer.Ordinal));
}
