using System.Collections.Frozen;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using OpenIddict.Abstractions;

namespace SecureExec.Server.Auth;

/// <summary>Reading a caller's effective scopes, and requiring one on an endpoint or a route group.</summary>
public static class ScopeAuthorization
{
    /// <summary>
    /// The scopes this request may use: the token's scopes that the account's roles still grant (narrowed on every
    /// request, see <see cref="AccountTokenCheck"/>). Empty for an anonymous caller.
    /// </summary>
    public static IReadOnlySet<string> Scopes(this ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.Identity?.IsAuthenticated == true
            ? user.GetScopes().ToFrozenSet(StringComparer.Ordinal)
            : FrozenSet<string>.Empty;
    }

    /// <summary>Whether the caller holds <paramref name="scope"/> now.</summary>
    public static bool HasScope(this ClaimsPrincipal user, string scope) => user.Scopes().Contains(scope);

    /// <summary>
    /// Requires a valid access token holding <paramref name="scope"/> (e.g. <c>audit:read</c>, <c>jobs:read:all</c>,
    /// <c>admin</c>): 401 <c>invalid_token</c> without one, 403 <c>insufficient_scope</c> without the scope, audited as
    /// <c>authz.denied</c> with <c>required_scope</c> and <c>path</c> (see <see cref="AuthorizationResults"/>).
    /// </summary>
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, string scope)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(scope);
        return builder.RequireAuthorization(new AuthorizationPolicyBuilder()
            .RequireAuthenticatedUser()
            .AddRequirements(new ScopeRequirement(scope))
            .Build());
    }

    /// <summary>Requires a valid access token, whatever its scopes.</summary>
    public static TBuilder RequireAccessToken<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.RequireAuthorization();
}

/// <summary>The caller's effective scopes include <see cref="Scope"/>.</summary>
public sealed class ScopeRequirement(string scope) : AuthorizationHandler<ScopeRequirement>, IAuthorizationRequirement
{
    public string Scope { get; } = scope;

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ScopeRequirement requirement)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(requirement);
        if (context.User.HasScope(requirement.Scope))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
