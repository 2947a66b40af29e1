using SecureExec.Server.Storage;

namespace SecureExec.Server.Auth.Accounts;

/// <summary>
/// When signing keys (<see cref="TokenKey"/> rows) start and stop signing, and when they may go. Each instance signs
/// with the newest key it loaded at start and marks it in use (the first time is kept). A key stopped signing when a
/// newer one was first put in use; once every token it signed has expired (the longer of the access and refresh token
/// lifetimes, plus a margin: refresh tokens are signed too), it is retired and no longer loaded. Every instance must
/// be restarted within that time after a rotation, or its tokens stop verifying elsewhere.
/// </summary>
internal sealed class SigningKeyLifecycle(TokenKeyStore store, TimeProvider time, TimeSpan keepFor)
{
    public static readonly TimeSpan Margin = TimeSpan.FromMinutes(5);

    public static SigningKeyLifecycle For(TokenKeyStore store, TimeProvider time, AuthOptions options) =>
        new(store, time, (options.AccessTokenLifetime > options.RefreshTokenLifetime ? options.AccessTokenLifetime : options.RefreshTokenLifetime) + Margin);

    public TimeSpan KeepFor => keepFor;

    /// <summary>The signing keys not retired, newest first.</summary>
    public async Task<IReadOnlyList<string>> KeyIdsAsync(SecureExecDbContext db, CancellationToken cancellationToken)
    {
        await store.EnsureAsync(db, cancellationToken);
        return [.. (await TokenKeyStore.ActiveSigningKeysAsync(db, cancellationToken)).Select(k => k.Id)];
    }

    /// <summary>Records that the newest key signs from now, unless it already does; commits. Returns its key id.</summary>
    public async Task<string?> MarkNewestInUseAsync(SecureExecDbContext db, CancellationToken cancellationToken)
    {
        await store.EnsureAsync(db, cancellationToken);
        if (await TokenKeyStore.ActiveSigningKeysAsync(db, cancellationToken) is not [var newest, ..])
        {
            return null;
        }

        if (newest.InUseSince is null)
        {
            newest.InUseSince = time.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
        }

        return newest.Id;
    }

    /// <summary>Stages a new key (it signs from each instance's next start) and the retirement of expired ones; the caller commits.</summary>
    public async Task<(string KeyId, IReadOnlyList<string> Retired)> StageRotationAsync(SecureExecDbContext db, CancellationToken cancellationToken)
    {
        await store.EnsureAsync(db, cancellationToken);
        var retired = await StageRetireExpiredAsync(db, cancellationToken);
        var key = store.NewSigningKey();
        db.TokenKeys().Add(key);
        return (key.Id, retired);
    }

    /// <summary>Stages the retirement of every key that stopped signing longer than <see cref="KeepFor"/> ago; the caller commits. Returns their ids.</summary>
    public async Task<IReadOnlyList<string>> StageRetireExpiredAsync(SecureExecDbContext db, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var retired = new List<string>();
        DateTimeOffset? newerInUseSince = null;
        foreach (var key in await TokenKeyStore.ActiveSigningKeysAsync(db, cancellationToken))
        {
            // Newest first: newerInUseSince is the earliest a newer key took over, the moment this one stopped signing.
            if (newerInUseSince is { } stopped && now - stopped > keepFor)
            {
                key.RetiredAt = now;
                retired.Add(key.Id);
            }

            if (key.InUseSince is { } since && (newerInUseSince is null || since < newerInUseSince))
            {
                newerInUseSince = since;
            }
        }

        return retired;
    }
}
