using Microsoft.AspNetCore;
using OpenIddict.Abstractions;
using SecureExec.Server.Api;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace SecureExec.Server.Auth;

/// <summary>
/// <c>POST /auth/token</c>: OpenIddict has already checked the request's form, the client's credentials and any
/// refresh token (RFC 6749 §4.3, §4.4, §6); each grant's class decides who the caller is and which scopes they get.
/// </summary>
public static class TokenEndpoint
{
    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // Requests OpenIddict refuses itself (malformed, bad client secret) never reach the endpoint or its limit.
        endpoints.MapPost("/auth/token", (Delegate)ExchangeAsync).ExcludeFromDescription().RequireRateLimiting(RateLimitPolicies.PerAddress);
        endpoints.MapMe();
        return endpoints;
    }

    private static Task<IResult> ExchangeAsync(HttpContext context)
    {
        var request = context.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenIddict server request is missing.");
        var services = context.RequestServices;
        if (request.IsPasswordGrantType())
        {
            return services.GetRequiredService<PasswordGrant>().ExchangeAsync(context, request);
        }

        if (request.IsClientCredentialsGrantType())
        {
            return services.GetRequiredService<ClientCredentialsGrant>().ExchangeAsync(context, request);
        }

        if (request.IsRefreshTokenGrantType())
        {
            return services.GetRequiredService<RefreshTokenGrant>().ExchangeAsync(context, request);
        }

        return Task.FromResult(TokenResults.Error(Errors.UnsupportedGrantType, "The grant type is not supported."));
    }
}
