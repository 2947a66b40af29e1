using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;
using SecureExec.Server.Storage;

namespace SecureExec.Server.Auth;

/// <summary>
/// The token keys in the database (<see cref="TokenKey"/> rows), the same for every instance: on first use the key
/// files of an older release are moved in (so the tokens they signed stay valid), or a first signing key and the
/// refresh-token encryption key are made. The encryption key's fixed id makes that happen once even when several
/// instances start together: the loser of the insert takes the winner's keys.
/// </summary>
internal sealed class TokenKeyStore(LegacyKeyFiles files, TimeProvider time)
{
    public const string EncryptionKeyId = "refresh-token-encryption";

    /// <summary>Makes sure the keys exist (importing or creating them); commits on its own.</summary>
    public async Task EnsureAsync(SecureExecDbContext db, CancellationToken cancellationToken)
    {
        if (await db.TokenKeys().AnyAsync(k => k.Id == EncryptionKeyId, cancellationToken))
        {
            return;
        }

        var signing = files.SigningKeys();
        foreach (var (keyId, pem, inUseSince) in signing)
        {
            db.TokenKeys().Add(new TokenKey { Id = keyId, Kind = TokenKey.SigningKind, Material = pem, CreatedAt = time.GetUtcNow(), InUseSince = inUseSince });
        }

        if (signing.Count == 0)
        {
            db.TokenKeys().Add(NewSigningKey());
        }

        var encryption = files.EncryptionKey() ?? Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        db.TokenKeys().Add(new TokenKey { Id = EncryptionKeyId, Kind = TokenKey.EncryptionKind, Material = encryption, CreatedAt = time.GetUtcNow() });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (StorageFailures.IsUniqueViolation(e))
        {
            // Another instance stored the keys first; they are the ones to use.
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>The signing keys not retired, newest first (their ids sort by creation time).</summary>
    public static async Task<List<TokenKey>> ActiveSigningKeysAsync(SecureExecDbContext db, CancellationToken cancellationToken)
    {
        var keys = await db.TokenKeys().Where(k => k.Kind == TokenKey.SigningKind && k.RetiredAt == null).ToListAsync(cancellationToken);
        return [.. keys.OrderByDescending(k => k.Id, StringComparer.Ordinal)];
    }

    /// <summary>The keys OpenIddict signs, verifies and encrypts with, creating them first when missing.</summary>
    public async Task<(IReadOnlyList<ECDsaSecurityKey> Signing, SymmetricSecurityKey Encryption)> LoadAsync(SecureExecDbContext db, CancellationToken cancellationToken)
    {
        await EnsureAsync(db, cancellationToken);
        var signing = await ActiveSigningKeysAsync(db, cancellationToken);
        var encryption = await db.TokenKeys().AsNoTracking().SingleAsync(k => k.Id == EncryptionKeyId, cancellationToken);
        return ([.. signing.Select(SecurityKeyOf)], new SymmetricSecurityKey(Convert.FromBase64String(encryption.Material)));
    }

    /// <summary>A new signing key named by the current time; it signs from each instance's next start.</summary>
    public TokenKey NewSigningKey()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new TokenKey
        {
            Id = $"signing-{time.GetUtcNow():yyyyMMddTHHmmssfffZ}",
            Kind = TokenKey.SigningKind,
            Material = key.ExportPkcs8PrivateKeyPem(),
            CreatedAt = time.GetUtcNow(),
        };
    }

    public static ECDsaSecurityKey SecurityKeyOf(TokenKey key)
    {
        var ecdsa = ECDsa.Create();
        ecdsa.ImportFromPem(key.Material);
        return new ECDsaSecurityKey(ecdsa) { KeyId = key.Id };
    }
}

internal static class TokenKeyQueries
{
    public static DbSet<TokenKey> TokenKeys(this SecureExecDbContext db) => db.Set<TokenKey>();
}
