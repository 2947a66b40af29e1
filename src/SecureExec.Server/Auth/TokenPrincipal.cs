using System.Security.Claims;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace SecureExec.Server.Auth;

/// <summary>The identity a new access token (and, for a password login, its refresh token) carries.</summary>
internal static class TokenPrincipal
{
    /// <param name="account">Whose token it is; its id is <c>sub</c>, its security stamp goes in <see cref="AuthClaims.SecurityStamp"/>.</param>
    /// <param name="clientId">The authenticated client, if any (for a service account, its own client id).</param>
    /// <param name="scopes">The granted scopes.</param>
    /// <param name="refreshable">Adds <c>offline_access</c>, which makes OpenIddict issue a refresh token too.</param>
    /// <param name="audience">The API's <c>aud</c>.</param>
    public static ClaimsPrincipal Create(AccountSnapshot account, string? clientId, IEnumerable<string> scopes, bool refreshable, string audience)
    {
        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, account.Subject)
            .SetClaim(Claims.Name, account.Name)
            .SetClaim(AuthClaims.AccountKind, account.Kind)
            .SetClaim(AuthClaims.SecurityStamp, account.SecurityStamp);
        if (clientId is not null)
        {
            identity.SetClaim(Claims.ClientId, clientId);
        }

        var granted = scopes.Where(s => s != Scopes.OfflineAccess);
        identity.SetScopes(refreshable ? granted.Append(Scopes.OfflineAccess) : granted);
        identity.SetResources(audience);
        identity.SetDestinations(_ => [Destinations.AccessToken]);
        return new ClaimsPrincipal(identity);
    }
}
