using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using SecureExec.Server.Observability;
using SecureExec.Server.Storage;

namespace SecureExec.Server.Auth;

/// <summary>
/// Failed logins per account name and per address (<see cref="LoginThrottle"/> rows): more than
/// <see cref="LockoutOptions.MaxFailures"/> (per name) or <see cref="LockoutOptions.MaxFailuresPerAddress"/> (per
/// address) within <see cref="LockoutOptions.Window"/> lock the key for <see cref="LockoutOptions.Duration"/>. Names
/// that do not exist are counted and locked alike, so a lockout tells nothing about which accounts exist.
/// </summary>
internal sealed class LoginThrottler(TimeProvider time, AuthOptions options, ServerMetrics metrics)
{
    /// <summary>Attempts on one name run one at a time, so parallel guesses cannot all pass the check before any counts.</summary>
    private readonly SemaphoreSlim[] _stripes = [.. Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1))];

    public static string AccountKey(string userName)
    {
        var normalized = UserAccount.Normalize(userName);
        return normalized.Length <= 64
            ? "user:" + normalized
            : "user#" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalized)));
    }

    public static string AddressKey(HttpContext context) => "addr:" + context.SourceKey();

    /// <summary>Holds the account's stripe until disposed.</summary>
    public async Task<IDisposable> EnterAsync(string accountKey, CancellationToken cancellationToken)
    {
        var stripe = _stripes[(int)((uint)StringComparer.Ordinal.GetHashCode(accountKey) % (uint)_stripes.Length)];
        await stripe.WaitAsync(cancellationToken);
        return new Releaser(stripe);
    }

    /// <summary>How long until the later of the two keys' locks ends, or null when neither is locked.</summary>
    public async Task<TimeSpan?> LockedForAsync(SecureExecDbContext db, string accountKey, string addressKey, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        TimeSpan? longest = null;
        foreach (var key in new[] { accountKey, addressKey })
        {
            var row = await db.LoginThrottles.FindAsync([key], cancellationToken);
            if (row?.LockedUntil is DateTimeOffset until && until > now && (longest is null || until - now > longest))
            {
                longest = until - now;
            }
        }

        return longest;
    }

    /// <summary>Counts a failure against both keys (staged on <paramref name="db"/>); returns the keys it locked.</summary>
    public async Task<IReadOnlyList<LockedKey>> StageFailureAsync(SecureExecDbContext db, string accountKey, string addressKey, CancellationToken cancellationToken)
    {
        var locked = new List<LockedKey>(2);
        var lockout = options.Lockout;
        foreach (var (key, limit, kind) in new[] { (accountKey, lockout.MaxFailures, "account"), (addressKey, lockout.MaxFailuresPerAddress, "address") })
        {
            if (await CountAsync(db, key, limit, cancellationToken) is DateTimeOffset until)
            {
                locked.Add(new LockedKey(kind, key, until));
                metrics.Locked(kind);
            }
        }

        return locked;
    }

    /// <summary>A successful login clears the account's failures (not the address's: its count is across names).</summary>
    /// <remarks>
    /// Deleted at once rather than staged: another instance may delete or recreate the row meanwhile, and a staged
    /// removal of a row already gone would fail the login.
    /// </remarks>
    public async Task ClearAccountAsync(SecureExecDbContext db, string accountKey, CancellationToken cancellationToken) =>
        await db.LoginThrottles.Where(t => t.Key == accountKey).ExecuteDeleteAsync(cancellationToken);

    /// <summary>Adds one failure to the key's window; returns the end of the lock when this failure starts one.</summary>
    private async Task<DateTimeOffset?> CountAsync(SecureExecDbContext db, string key, int limit, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var row = await db.LoginThrottles.FindAsync([key], cancellationToken);
        if (row is null)
        {
            row = new LoginThrottle { Key = key, WindowStart = now };
            db.LoginThrottles.Add(row);
        }
        else if (now - row.WindowStart >= options.Lockout.Window || row.LockedUntil <= now)
        {
            // A new window, or the first failure after a lock ended: count from zero again.
            row.WindowStart = now;
            row.Failures = 0;
            row.LockedUntil = null;
        }

        row.Failures++;
        if (row.Failures < Math.Max(1, limit))
        {
            return null;
        }

        row.LockedUntil = now + options.Lockout.Duration;
        return row.LockedUntil;
    }

    private sealed class Releaser(SemaphoreSlim stripe) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                stripe.Release();
            }
        }
    }
}

/// <summary>A key that has just been locked: <c>account</c> or <c>address</c>, until when.</summary>
internal sealed record LockedKey(string Kind, string Key, DateTimeOffset Until);
