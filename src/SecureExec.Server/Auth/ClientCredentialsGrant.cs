using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using SecureExec.Core.Audit;
using SecureExec.Core.Authorization;
using SecureExec.Server.Api;
using SecureExec.Server.Audit;
using SecureExec.Server.Observability;
using SecureExec.Server.Storage;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace SecureExec.Server.Auth;

/// <summary>
/// <c>grant_type=client_credentials</c> (RFC 6749 §4.4) for service accounts. OpenIddict has already authenticated
/// the client's secret; this requires an enabled <see cref="ServiceAccount"/> row and grants what its roles allow.
/// No refresh token: the client can authenticate again whenever it needs a token (§4.4.3).
/// </summary>
internal sealed class ClientCredentialsGrant(SecureExecDbContext db, AuditWriter audit, PermissionPolicy policy, AuthOptions options, ServerMetrics metrics)
{
    public async Task<IResult> ExchangeAsync(HttpContext context, OpenIddictRequest request)
    {
        context.MarkAudited();
        var clientId = request.ClientId ?? "";
        var account = await db.ServiceAccounts.AsNoTracking().FirstOrDefaultAsync(a => a.ClientId == clientId, context.RequestAborted);
        if (account is null || account.Disabled)
        {
            metrics.LoginFailed(GrantTypes.ClientCredentials);
            await AuditAsync(context, AuditOutcomes.Failure, clientId, account is null ? "no service account" : "service account disabled");
            return TokenResults.Error(Errors.InvalidClient, "The client is not allowed to get tokens.");
        }

        List<string> requested = [.. request.GetScopes().Where(s => s != Scopes.OfflineAccess)];
        var scopes = policy.GrantedScopes(account.Roles, requested);
        if (requested.Except(scopes).Any())
        {
            await AuditAsync(context, AuditOutcomes.Denied, clientId, "scope not granted");
            return TokenResults.Error(Errors.InvalidScope, "A requested scope is not granted to this client.");
        }

        await AuditAsync(context, AuditOutcomes.Success, clientId, null);
        return TokenResults.SignIn(TokenPrincipal.Create(AccountSnapshot.Of(account), clientId, scopes, refreshable: false, options.Audience));
    }

    /// <summary>Written even when the client has gone away, so hanging up never keeps an attempt out of the log.</summary>
    private Task AuditAsync(HttpContext context, string outcome, string clientId, string? reason)
    {
        var details = new Dictionary<string, string> { ["grant_type"] = GrantTypes.ClientCredentials };
        if (reason is not null)
        {
            details["reason"] = reason;
        }

        var action = outcome == AuditOutcomes.Success ? AuditActions.LoginSucceeded : AuditActions.LoginFailed;
        return audit.SaveAsync(db, context.Audit(action, outcome) with { Actor = new AuditActor(clientId, clientId), Details = details }, CancellationToken.None);
    }
}
