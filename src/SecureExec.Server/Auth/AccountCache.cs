using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using SecureExec.Server.Storage;

namespace SecureExec.Server.Auth;

/// <summary>
/// The accounts behind access tokens, read on every authenticated request. Kept for at most
/// <see cref="AuthOptions.AccountCacheDuration"/> (none by default, docs/auth.md says why); code that changes an
/// account in this process calls <see cref="Invalidate"/> so its next request sees the change at once.
/// </summary>
public sealed class AccountCache(IMemoryCache cache, TimeProvider time, AuthOptions options)
{
    /// <summary>Forgets what is cached for this user id or client id.</summary>
    public void Invalidate(string subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        cache.Remove(Key(AuthClaims.UserKind, subject));
        cache.Remove(Key(AuthClaims.ServiceKind, subject));
    }

    /// <summary>The account, or null when there is none of that kind and subject.</summary>
    internal async Task<AccountSnapshot?> GetAsync(SecureExecDbContext db, string kind, string subject, CancellationToken cancellationToken)
    {
        var lifetime = options.AccountCacheDuration;
        var key = Key(kind, subject);
        var now = time.GetUtcNow();
        if (lifetime > TimeSpan.Zero && cache.TryGetValue(key, out Cached? cached) && cached is not null && now - cached.LoadedAt < lifetime)
        {
            return cached.Account;
        }

        var account = await LoadAsync(db, kind, subject, cancellationToken);
        if (lifetime > TimeSpan.Zero)
        {
            // The cache's own expiry is only a memory bound; freshness is judged above on the injected clock.
            cache.Set(key, new Cached(account, now), new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = lifetime, Size = 1 });
        }

        return account;
    }

    private static async Task<AccountSnapshot?> LoadAsync(SecureExecDbContext db, string kind, string subject, CancellationToken cancellationToken)
    {
        if (kind == AuthClaims.UserKind)
        {
            var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == subject, cancellationToken);
            return user is null ? null : AccountSnapshot.Of(user);
        }

        if (kind == AuthClaims.ServiceKind)
        {
            var client = await db.ServiceAccounts.AsNoTracking().FirstOrDefaultAsync(a => a.ClientId == subject, cancellationToken);
            return client is null ? null : AccountSnapshot.Of(client);
        }

        return null;
    }

    private static string Key(string kind, string subject) => $"secureexec.account:{kind}:{subject}";

    private sealed record Cached(AccountSnapshot? Account, DateTimeOffset LoadedAt);
}
