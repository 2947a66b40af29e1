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
/// <c>grant_type=password</c> (RFC 6749 §4.3): throttled per name and per address, the password checked with bcrypt
/// (and against a decoy hash for unknown names, so timing does not tell them apart), every outcome audited. The only
/// grant that gets a refresh token.
/// </summary>
internal sealed class PasswordGrant(
    SecureExecDbContext db,
    PasswordHasher hasher,
    LoginThrottler throttler,
    AuditWriter audit,
    AuthEventAudit throttledAudit,
    PermissionPolicy policy,
    AuthOptions options,
    ServerMetrics metrics,
    TimeProvider time)
{
    private const int MaxNameInLog = 100;

    public async Task<IResult> ExchangeAsync(HttpContext context, OpenIddictRequest request)
    {
        var name = request.Username ?? "";
        var accountKey = LoginThrottler.AccountKey(name);
        var addressKey = LoginThrottler.AddressKey(context);
        var cancellationToken = context.RequestAborted;
        context.MarkAudited();
        using (await throttler.EnterAsync(accountKey, cancellationToken))
        {
            if (await throttler.LockedForAsync(db, accountKey, addressKey, cancellationToken) is TimeSpan retryAfter)
            {
                metrics.LoginFailed(GrantTypes.Password);
                await throttledAudit.RecordThrottledAsync(context, AuditActions.LoginFailed, AuditOutcomes.Denied, accountKey + "|" + addressKey,
                    Details(name, "locked"));
                return TokenResults.Locked(context, retryAfter);
            }

            var normalized = UserAccount.Normalize(name);
            var user = await db.Users.FirstOrDefaultAsync(u => u.NormalizedName == normalized, cancellationToken);
            var verified = hasher.Verify(request.Password ?? "", user?.PasswordHash);
            if (!verified || user is null || user.Disabled)
            {
                return await FailAsync(context, name, verified ? "account disabled" : "wrong name or password", accountKey, addressKey);
            }

            var scopes = policy.GrantedScopes(user.Roles, Requested(request));
            if (Requested(request).Except(scopes).Any())
            {
                await audit.SaveAsync(db, LoginAudit(context, AuditOutcomes.Denied, name, "scope not granted", user.Id), CancellationToken.None);
                return TokenResults.Error(Errors.InvalidScope, "A requested scope is not granted to this account.");
            }

            await throttler.StageSuccessAsync(db, accountKey, cancellationToken);
            user.LastLoginAt = time.GetUtcNow();
            await audit.SaveAsync(db, LoginAudit(context, AuditOutcomes.Success, name, null, user.Id), cancellationToken);
            return TokenResults.SignIn(TokenPrincipal.Create(AccountSnapshot.Of(user), request.ClientId, scopes, refreshable: true, options.Audience));
        }
    }

    /// <summary>The requested scopes; <c>offline_access</c> is implied by this grant, so asking for it changes nothing.</summary>
    private static List<string> Requested(OpenIddictRequest request) =>
        [.. request.GetScopes().Where(s => s != Scopes.OfflineAccess)];

    /// <summary>
    /// Counts the failure and audits it, even when the client has gone away: hanging up before the answer must not
    /// keep a guess out of the lockout count or the log.
    /// </summary>
    private async Task<IResult> FailAsync(HttpContext context, string name, string reason, string accountKey, string addressKey)
    {
        var locked = await throttler.StageFailureAsync(db, accountKey, addressKey, CancellationToken.None);
        var entries = new List<AuditContent> { LoginAudit(context, AuditOutcomes.Failure, name, reason, null) };
        entries.AddRange(locked.Select(l => context.Audit(AuditActions.Locked, AuditOutcomes.Denied) with
        {
            Details = new Dictionary<string, string> { ["key"] = l.Key, ["kind"] = l.Kind, ["until"] = l.Until.ToString("O") },
        }));
        await audit.SaveAsync(db, entries, CancellationToken.None);
        metrics.LoginFailed(GrantTypes.Password);
        return TokenResults.Error(Errors.InvalidGrant, "The user name or password is wrong.");
    }

    private static AuditContent LoginAudit(HttpContext context, string outcome, string name, string? reason, string? userId)
    {
        var details = Details(name, reason);
        var content = context.Audit(outcome == AuditOutcomes.Success ? AuditActions.LoginSucceeded : AuditActions.LoginFailed, outcome);
        return content with { Actor = new AuditActor(userId, null), Details = details };
    }

    private static Dictionary<string, string> Details(string name, string? reason)
    {
        // The name as typed (the audit log encodes it); cut short so a megabyte of "name" is not a megabyte of log.
        var shown = name.Length <= MaxNameInLog ? name : name[..MaxNameInLog] + "…";
        var details = new Dictionary<string, string> { ["grant_type"] = GrantTypes.Password, ["user"] = shown };
        if (reason is not null)
        {
            details["reason"] = reason;
        }

        return details;
    }
}
