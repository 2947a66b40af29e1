using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using SecureExec.Core.Authorization;
using SecureExec.Server.Storage;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace SecureExec.Server.Auth;

/// <summary>
/// <c>POST /auth/token</c>: OpenIddict has already checked the request's form (RFC 6749 §4.3, §4.4, §6); this decides
/// who the caller is and which scopes their roles grant.
/// </summary>
public static class TokenEndpoint
{
    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/auth/token", ExchangeAsync).ExcludeFromDescription();
        return endpoints;
    }

    private static async Task<IResult> ExchangeAsync(HttpContext context, SecureExecDbContext db, PasswordHasher hasher, PermissionPolicy policy, AuthOptions options)
    {
        var request = context.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenIddict server request is missing.");
        if (request.IsPasswordGrantType())
        {
            var normalized = UserAccount.Normalize(request.Username ?? "");
            var user = await db.Users.FirstOrDefaultAsync(u => u.NormalizedName == normalized);
            if (!hasher.Verify(request.Password ?? "", user?.PasswordHash) || user is null || user.Disabled)
            {
                return Forbid(Errors.InvalidGrant, "The user name or password is wrong.");
            }

            return SignIn(user.Id, user.Name, null, user.Roles, request.GetScopes(), policy, options);
        }

        if (request.IsRefreshTokenGrantType())
        {
            var result = await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            var subject = result.Principal?.GetClaim(Claims.Subject);
            var user = subject is null ? null : await db.Users.FirstOrDefaultAsync(u => u.Id == subject);
            if (user is null || user.Disabled)
            {
                return Forbid(Errors.InvalidGrant, "The refresh token is no longer valid.");
            }

            return SignIn(user.Id, user.Name, null, user.Roles, result.Principal!.GetScopes(), policy, options);
        }

        return Forbid(Errors.UnsupportedGrantType, "The grant type is not supported.");
    }

    private static IResult SignIn(string subject, string name, string? clientId, IReadOnlyList<string> roles, IEnumerable<string> requested, PermissionPolicy policy, AuthOptions options)
    {
        var asked = requested.Where(s => s != Scopes.OfflineAccess).ToList();
        var scopes = policy.GrantedScopes(roles, asked);
        if (asked.Except(scopes).Any())
        {
            return Forbid(Errors.InvalidScope, "A requested scope is not granted to this account.");
        }

        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, subject).SetClaim(Claims.Name, name);
        if (clientId is not null)
        {
            identity.SetClaim(Claims.ClientId, clientId);
        }

        identity.SetScopes(scopes.Append(Scopes.OfflineAccess).Distinct());
        identity.SetResources(options.Audience);
        identity.SetDestinations(_ => [Destinations.AccessToken]);
        return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static IResult Forbid(string error, string description) =>
        Results.Forbid(
            new AuthenticationProperties(new Dictionary<string, string?>
            {
                [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
                [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
            }),
            [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
}
