using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureExec.Server.Auth;

/// <summary>
/// A token key, shared by every instance through the database: an ECDSA P-256 signing key (PKCS#8 PEM) or the AES
/// key that encrypts refresh tokens (base64). Signing keys are named <c>signing-TIME</c>, so their ids sort by age.
/// </summary>
public sealed class TokenKey
{
    public const string SigningKind = "signing";
    public const string EncryptionKind = "encryption";

    /// <summary>The key id (the JWT <c>kid</c> of a signing key).</summary>
    public required string Id { get; init; }

    public required string Kind { get; init; }

    /// <summary>The private key material: as secret as the key files it replaces.</summary>
    public required string Material { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When an instance first signed with this key (null: not yet).</summary>
    public DateTimeOffset? InUseSince { get; set; }

    /// <summary>When it was retired: no longer loaded, every token it signed having expired.</summary>
    public DateTimeOffset? RetiredAt { get; set; }
}

internal sealed class TokenKeyConfiguration : IEntityTypeConfiguration<TokenKey>
{
    public void Configure(EntityTypeBuilder<TokenKey> builder)
    {
        builder.ToTable("token_keys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Id).HasMaxLength(100);
        builder.Property(k => k.Kind).HasMaxLength(20);
    }
}
