using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace SecureExec.Server.Auth;

/// <summary>
/// <c>grant_type=password</c> (RFC 6749 §4.3): a <see cref="PasswordLogin"/> answered with tokens or an OAuth error.
/// The only grant that gets a refresh token.
/// </summary>
internal sealed class PasswordGrant(PasswordLogin login, AuthOptions options)
{
    public async Task<IResult> ExchangeAsync(HttpContext context, OpenIddictRequest request)
    {
        context.MarkAudited();
        // offline_access is implied by this grant, so asking for it changes nothing.
        var requested = request.GetScopes().Where(s => s != Scopes.OfflineAccess).ToList();
        var result = await login.LoginAsync(context, request.Username ?? "", request.Password ?? "", requested, LoginChannel.PasswordGrant);
        return result.Status switch
        {
            PasswordLoginStatus.Succeeded => TokenResults.SignIn(
                TokenPrincipal.Create(result.Account!, request.ClientId, result.Scopes!, refreshable: true, options.Audience)),
            PasswordLoginStatus.Locked => TokenResults.Locked(context, result.RetryAfter),
            PasswordLoginStatus.ScopeNotGranted => TokenResults.Error(Errors.InvalidScope, "A requested scope is not granted to this account."),
            _ => TokenResults.Error(Errors.InvalidGrant, "The user name or password is wrong."),
        };
    }
}
