using Microsoft.AspNetCore.Authentication;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using SecureExec.Core.Audit;
using SecureExec.Core.Authorization;
using SecureExec.Server.Api;
using SecureExec.Server.Audit;
using SecureExec.Server.Storage;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace SecureExec.Server.Auth;

/// <summary>
/// <c>grant_type=refresh_token</c> (RFC 6749 §6). OpenIddict has checked the token (signature, absolute expiry, not
/// redeemed or revoked; a replayed one has revoked its whole family) and rotates it on success. This re-reads the
/// account: gone, disabled or a changed security stamp refuses; the scopes shrink to what the roles grant now.
/// </summary>
internal sealed class RefreshTokenGrant(
    SecureExecDbContext db,
    AccountCache accounts,
    AuditWriter audit,
    PermissionPolicy policy,
    AuthOptions options,
    TimeProvider time)
{
    public async Task<IResult> ExchangeAsync(HttpContext context, OpenIddictRequest request)
    {
        context.MarkAudited();
        var result = await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        var principal = result.Principal
            ?? throw new InvalidOperationException("OpenIddict passed a refresh request through without its principal.");
        var subject = principal.GetClaim(Claims.Subject);
        var tokenId = principal.GetTokenId();
        if (tokenId is null || !await RefreshTokenRedemption.TryClaimAsync(db, tokenId, time.GetUtcNow(), context.RequestAborted))
        {
            // A concurrent request with the same token won. The loser gets nothing; presenting the token again finds
            // it redeemed, and OpenIddict then revokes the whole family.
            await AuditAsync(context, AuditActions.RefreshReuse, AuditOutcomes.Denied, subject, request.ClientId, "redeemed concurrently");
            return TokenResults.Error(Errors.InvalidGrant, "The specified refresh token has already been redeemed.");
        }

        var kind = principal.GetClaim(AuthClaims.AccountKind);
        var account = kind is null || subject is null ? null : await accounts.GetAsync(db, kind, subject, context.RequestAborted);
        if (account is null || !account.Accepts(principal.GetClaim(AuthClaims.SecurityStamp)))
        {
            await AuditAsync(context, AuditActions.TokenRefreshed, AuditOutcomes.Denied, subject, request.ClientId, "account gone, disabled or changed");
            return TokenResults.Error(Errors.InvalidGrant, "The refresh token is no longer valid.");
        }

        // OpenIddict has already refused a scope the original grant did not include (§6).
        var asked = request.GetScopes();
        var scopes = policy.StillGranted(asked.IsEmpty ? principal.GetScopes() : asked, account.Roles);
        await AuditAsync(context, AuditActions.TokenRefreshed, AuditOutcomes.Success, subject, request.ClientId, null);
        return TokenResults.SignIn(TokenPrincipal.Create(account, request.ClientId, scopes, refreshable: true, options.Audience));
    }

    /// <summary>Written even when the client has gone away: the token it presented has been claimed either way.</summary>
    private Task AuditAsync(HttpContext context, string action, string outcome, string? subject, string? clientId, string? reason)
    {
        var details = new Dictionary<string, string> { ["grant_type"] = GrantTypes.RefreshToken };
        if (reason is not null)
        {
            details["reason"] = reason;
        }

        return audit.SaveAsync(db, context.Audit(action, outcome) with { Actor = new AuditActor(subject, clientId), Details = details },
            CancellationToken.None);
    }
}
