using Microsoft.AspNetCore;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using SecureExec.Core.Audit;
using SecureExec.Server.Api;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace SecureExec.Server.Auth;

/// <summary>
/// After OpenIddict revokes a token at <c>/auth/revoke</c> (RFC 7009): a revoked refresh token takes its whole family
/// with it (its authorization and every token issued under it, §2.1), and the revocation is audited.
/// </summary>
internal sealed class RevocationAudit(IOpenIddictAuthorizationManager authorizations, IOpenIddictTokenManager tokens, AuthEventAudit audit)
    : IOpenIddictServerHandler<HandleRevocationRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<HandleRevocationRequestContext>()
            .UseScopedHandler<RevocationAudit>()
            .SetOrder(OpenIddictServerHandlers.Revocation.RevokeToken.Descriptor.Order + 1_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(HandleRevocationRequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var principal = context.GenericTokenPrincipal;
        if (context.IsRejected || principal is null)
        {
            return;
        }

        var type = principal.GetTokenType() ?? "";
        if (type == TokenTypeIdentifiers.RefreshToken && principal.GetAuthorizationId() is { } authorizationId
            && await authorizations.FindByIdAsync(authorizationId, context.CancellationToken) is { } authorization)
        {
            await authorizations.TryRevokeAsync(authorization, context.CancellationToken);
            await tokens.RevokeByAuthorizationIdAsync(authorizationId, context.CancellationToken);
        }

        if (context.Transaction.GetHttpRequest()?.HttpContext is { } http)
        {
            var actor = new AuditActor(principal.GetClaim(Claims.Subject), principal.GetClaim(Claims.ClientId));
            await audit.RecordAsync(http, http.Audit(AuditActions.TokenRevoked, AuditOutcomes.Success) with
            {
                Actor = actor,
                Details = new Dictionary<string, string> { ["kind"] = type },
            });
        }
    }
}
