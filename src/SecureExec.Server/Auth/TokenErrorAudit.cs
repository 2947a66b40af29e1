using Microsoft.AspNetCore;
using OpenIddict.Server;
using SecureExec.Core.Audit;
using SecureExec.Server.Api;
using SecureExec.Server.Observability;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace SecureExec.Server.Auth;

/// <summary>
/// Audits the token endpoint's errors that OpenIddict answers before the endpoint runs: a replayed refresh token
/// (<c>auth.refresh_reuse</c>; OpenIddict has revoked its family) and failed client authentication
/// (<c>auth.login_failed</c>, rate-limited per address since anyone can send them).
/// </summary>
internal sealed class TokenErrorAudit(AuthEventAudit audit, ServerMetrics metrics) : IOpenIddictServerHandler<ApplyTokenResponseContext>
{
    /// <summary>OpenIddict's error id for "the specified refresh token has already been redeemed".</summary>
    internal const string AlreadyRedeemedErrorId = "ID2012";

    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyTokenResponseContext>()
            .UseSingletonHandler<TokenErrorAudit>()
            .SetOrder(int.MinValue + 100_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ApplyTokenResponseContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.Transaction.GetHttpRequest()?.HttpContext;
        if (http is null || http.IsAudited() || string.IsNullOrEmpty(context.Error))
        {
            return;
        }

        var grantType = context.Request?.GrantType ?? "";
        var details = new Dictionary<string, string>
        {
            ["grant_type"] = grantType,
            ["error"] = context.Error,
            ["client_id"] = context.Request?.ClientId ?? "",
        };
        if (context.Error == Errors.InvalidGrant && grantType == GrantTypes.RefreshToken
            && context.Response.ErrorUri?.EndsWith(AlreadyRedeemedErrorId, StringComparison.Ordinal) == true)
        {
            // Bounded by itself: the replay has revoked the family, so repeating it finds a revoked token, not this.
            await audit.RecordAsync(http, http.Audit(AuditActions.RefreshReuse, AuditOutcomes.Denied) with { Details = details });
            return;
        }

        if (context.Error == Errors.InvalidClient)
        {
            metrics.LoginFailed(grantType);
            await audit.RecordThrottledAsync(http, AuditActions.LoginFailed, AuditOutcomes.Failure, http.SourceKey(), details);
        }
    }
}
