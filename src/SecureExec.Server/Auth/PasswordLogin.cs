using Microsoft.EntityFrameworkCore;
using SecureExec.Core.Audit;
using SecureExec.Core.Authorization;
using SecureExec.Server.Api;
using SecureExec.Server.Audit;
using SecureExec.Server.Observability;
using SecureExec.Server.Storage;

namespace SecureExec.Server.Auth;

/// <summary>How a password login ended.</summary>
internal enum PasswordLoginStatus
{
    /// <summary>Name and password are right and the account is enabled.</summary>
    Succeeded,

    /// <summary>Wrong name or password, or a disabled account (the caller cannot tell which).</summary>
    Failed,

    /// <summary>The name or the address is locked after too many failures; nothing was checked.</summary>
    Locked,

    /// <summary>The password is right but a requested scope is not granted to the account.</summary>
    ScopeNotGranted,
}

/// <param name="Status">How the login ended.</param>
/// <param name="Account">The account that logged in (only when <see cref="Status"/> is Succeeded).</param>
/// <param name="Scopes">The granted scopes (only when Succeeded).</param>
/// <param name="RetryAfter">How long the lock lasts (only when Locked).</param>
internal sealed record PasswordLoginResult(
    PasswordLoginStatus Status, AccountSnapshot? Account = null, IReadOnlySet<string>? Scopes = null, TimeSpan RetryAfter = default);

/// <summary>
/// A user logging in with name and password, for the token endpoint's password grant and for the web console: throttled
/// per name and per address, the password checked with bcrypt (and against a decoy hash for unknown names, so timing
/// does not tell them apart), every outcome audited and counted.
/// </summary>
internal sealed class PasswordLogin(
    SecureExecDbContext db,
    PasswordHasher hasher,
    LoginThrottler throttler,
    AuditWriter audit,
    AuthEventAudit throttledAudit,
    PermissionPolicy policy,
    ServerMetrics metrics,
    TimeProvider time)
{
    private const int MaxNameInLog = 100;

    /// <param name="context">The request (address, correlation id, abort).</param>
    /// <param name="name">The user name as typed.</param>
    /// <param name="password">The password as typed.</param>
    /// <param name="requested">Scopes asked for; empty asks for every scope the roles grant.</param>
    /// <param name="channel">Recorded in the audit details: <c>grant_type=password</c> or <c>channel=console</c>.</param>
    public async Task<PasswordLoginResult> LoginAsync(HttpContext context, string name, string password, IReadOnlyCollection<string> requested, LoginChannel channel)
    {
        var accountKey = LoginThrottler.AccountKey(name);
        var addressKey = LoginThrottler.AddressKey(context);
        var cancellationToken = context.RequestAborted;
        using (await throttler.EnterAsync(accountKey, cancellationToken))
        {
            if (await throttler.LockedForAsync(db, accountKey, addressKey, cancellationToken) is TimeSpan retryAfter)
            {
                metrics.LoginFailed(channel.MetricName);
                await throttledAudit.RecordThrottledAsync(context, AuditActions.LoginFailed, AuditOutcomes.Denied, accountKey + "|" + addressKey,
                    Details(channel, name, "locked"));
                return new PasswordLoginResult(PasswordLoginStatus.Locked, RetryAfter: retryAfter);
            }

            var normalized = UserAccount.Normalize(name);
            var user = await db.Users.FirstOrDefaultAsync(u => u.NormalizedName == normalized, cancellationToken);
            var verified = hasher.Verify(password, user?.PasswordHash);
            if (!verified || user is null || user.Disabled)
            {
                await FailAsync(context, channel, name, verified ? "account disabled" : "wrong name or password", accountKey, addressKey);
                return new PasswordLoginResult(PasswordLoginStatus.Failed);
            }

            var scopes = policy.GrantedScopes(user.Roles, requested);
            if (requested.Except(scopes).Any())
            {
                await audit.SaveAsync(db, LoginAudit(context, channel, AuditOutcomes.Denied, name, "scope not granted", user.Id), CancellationToken.None);
                return new PasswordLoginResult(PasswordLoginStatus.ScopeNotGranted);
            }

            await throttler.ClearAccountAsync(db, accountKey, cancellationToken);
            user.LastLoginAt = time.GetUtcNow();
            await audit.SaveAsync(db, LoginAudit(context, channel, AuditOutcomes.Success, name, null, user.Id), cancellationToken);
            return new PasswordLoginResult(PasswordLoginStatus.Succeeded, AccountSnapshot.Of(user), scopes);
        }
    }

    /// <summary>
    /// Counts the failure and audits it, even when the client has gone away: hanging up before the answer must not
    /// keep a guess out of the lockout count or the log.
    /// </summary>
    private async Task FailAsync(HttpContext context, LoginChannel channel, string name, string reason, string accountKey, string addressKey)
    {
        try
        {
            await StageAndSaveFailureAsync(context, channel, name, reason, accountKey, addressKey);
        }
        catch (DbUpdateException e) when (IsLostRace(e))
        {
            // Another instance counted a failure on the same key first (it inserted the row, or a login cleared it):
            // count again on top of what it stored. The stripe lock only orders attempts within one process.
            db.ChangeTracker.Clear();
            await StageAndSaveFailureAsync(context, channel, name, reason, accountKey, addressKey);
        }

        metrics.LoginFailed(channel.MetricName);
    }

    private async Task StageAndSaveFailureAsync(HttpContext context, LoginChannel channel, string name, string reason, string accountKey, string addressKey)
    {
        var locked = await throttler.StageFailureAsync(db, accountKey, addressKey, CancellationToken.None);
        var entries = new List<AuditContent> { LoginAudit(context, channel, AuditOutcomes.Failure, name, reason, null) };
        entries.AddRange(locked.Select(l => context.Audit(AuditActions.Locked, AuditOutcomes.Denied) with
        {
            Details = new Dictionary<string, string> { ["key"] = l.Key, ["kind"] = l.Kind, ["until"] = l.Until.ToString("O") },
        }));
        await audit.SaveAsync(db, entries, CancellationToken.None);
    }

    private static bool IsLostRace(DbUpdateException e) => e is DbUpdateConcurrencyException || StorageFailures.IsUniqueViolation(e);

    private static AuditContent LoginAudit(HttpContext context, LoginChannel channel, string outcome, string name, string? reason, string? userId)
    {
        var content = context.Audit(outcome == AuditOutcomes.Success ? AuditActions.LoginSucceeded : AuditActions.LoginFailed, outcome);
        return content with { Actor = new AuditActor(userId, null), Details = Details(channel, name, reason) };
    }

    private static Dictionary<string, string> Details(LoginChannel channel, string name, string? reason)
    {
        // The name as typed (the audit log encodes it); cut short so a megabyte of "name" is not a megabyte of log.
        var shown = name.Length <= MaxNameInLog ? name : name[..MaxNameInLog] + "…";
        var details = new Dictionary<string, string> { [channel.DetailKey] = channel.DetailValue, ["user"] = shown };
        if (reason is not null)
        {
            details["reason"] = reason;
        }

        return details;
    }
}

/// <summary>Where a password login came from, as the audit log and the login-failure metric name it.</summary>
internal sealed record LoginChannel(string DetailKey, string DetailValue, string MetricName)
{
    /// <summary>The token endpoint's <c>grant_type=password</c>.</summary>
    public static LoginChannel PasswordGrant { get; } = new("grant_type", "password", "password");

    /// <summary>The web console's login form.</summary>
    public static LoginChannel Console { get; } = new("channel", "console", "console");
}
