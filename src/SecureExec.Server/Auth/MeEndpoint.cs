using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using OpenIddict.Abstractions;
using SecureExec.Server.Api;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace SecureExec.Server.Auth;

/// <summary><c>GET /auth/me</c>: who the access token speaks for and the scopes it may use right now.</summary>
internal static class MeEndpoint
{
    public static RouteHandlerBuilder MapMe(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/auth/me", Get)
            .RequireAccessToken()
            .RequireRateLimiting(RateLimitPolicies.PerUserRead)
            .WithName("GetCurrentCaller")
            .WithSummary("The caller behind the access token and its effective scopes")
            .WithTags("Auth");

    private static Ok<CallerView> Get(ClaimsPrincipal user, HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new CallerView(
            user.GetClaim(Claims.Subject) ?? "",
            user.GetClaim(Claims.Name),
            user.GetClaim(AuthClaims.AccountKind) ?? "",
            user.GetClaim(Claims.ClientId),
            [.. user.Scopes().Order(StringComparer.Ordinal)],
            user.GetExpirationDate()));
    }
}

/// <summary>The caller of a request: the account's id and name, its kind (user or service), the client, the scopes now in effect.</summary>
public sealed record CallerView(string Subject, string? Name, string Kind, string? ClientId, IReadOnlyList<string> Scopes, DateTimeOffset? ExpiresAt);
