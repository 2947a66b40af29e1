using OpenIddict.Abstractions;
using OpenIddict.Validation;
using SecureExec.Core.Authorization;
using SecureExec.Server.Storage;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Validation.OpenIddictValidationEvents;

namespace SecureExec.Server.Auth;

/// <summary>
/// The last step of access-token validation, after OpenIddict has checked signature, type, issuer, audience, lifetime
/// and the token's entry: the token must name an expiry and an account that still exists, is enabled and has the
/// security stamp the token was issued with; its scopes are narrowed to what the account's roles grant now.
/// </summary>
internal sealed class AccountTokenCheck(SecureExecDbContext db, AccountCache accounts, PermissionPolicy policy)
    : IOpenIddictValidationHandler<ProcessAuthenticationContext>
{
    /// <summary>The same words OpenIddict uses for a revoked token: the caller learns nothing more.</summary>
    public const string NoLongerValid = "The specified token is no longer valid.";

    public static OpenIddictValidationHandlerDescriptor Descriptor { get; } =
        OpenIddictValidationHandlerDescriptor.CreateBuilder<ProcessAuthenticationContext>()
            .UseScopedHandler<AccountTokenCheck>()
            .SetOrder(OpenIddictValidationHandlers.ValidateAccessToken.Descriptor.Order + 1_000)
            .SetType(OpenIddictValidationHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ProcessAuthenticationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var principal = context.AccessTokenPrincipal;
        if (principal is null)
        {
            return;
        }

        // Every token issued here has an expiry and an entry in the store (which revocation marks); one that lacks
        // either was not issued here, whatever its signature says.
        if (principal.GetExpirationDate() is null || principal.GetTokenId() is null)
        {
            context.Reject(Errors.InvalidToken, "The specified token is invalid.");
            return;
        }

        var kind = principal.GetClaim(AuthClaims.AccountKind);
        var subject = principal.GetClaim(Claims.Subject);
        var account = kind is null || subject is null
            ? null
            : await accounts.GetAsync(db, kind, subject, context.CancellationToken);
        if (account is null || !account.Accepts(principal.GetClaim(AuthClaims.SecurityStamp)))
        {
            context.Reject(Errors.InvalidToken, NoLongerValid);
            return;
        }

        principal.SetScopes(policy.StillGranted(principal.GetScopes(), account.Roles));
    }
}
