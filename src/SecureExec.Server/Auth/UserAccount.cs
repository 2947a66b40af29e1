using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureExec.Server.Auth;

/// <summary>A person who logs in with a password. Roles are names from permissions.yaml.</summary>
public sealed class UserAccount
{
    public required string Id { get; init; }

    /// <summary>As typed at creation; lookups use <see cref="NormalizedName"/>.</summary>
    public required string Name { get; set; }

    public required string NormalizedName { get; set; }

    /// <summary>bcrypt (SHA-384 pre-hashed), never the password.</summary>
    public required string PasswordHash { get; set; }

    public List<string> Roles { get; set; } = [];

    public bool Disabled { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? LastLoginAt { get; set; }

    /// <summary>Changes whenever the password, roles or status change; tokens issued before are refused.</summary>
    public string SecurityStamp { get; set; } = Guid.NewGuid().ToString("N");

    public static string Normalize(string name) => name.Trim().ToUpperInvariant();
}

/// <summary>A machine caller using client credentials: an OpenIddict application with roles of its own.</summary>
public sealed class ServiceAccount
{
    /// <summary>The OAuth client id (also the OpenIddict application's).</summary>
    public required string ClientId { get; init; }

    public List<string> Roles { get; set; } = [];

    public bool Disabled { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public string SecurityStamp { get; set; } = Guid.NewGuid().ToString("N");
}

/// <summary>Failed logins per key (an account or an address) in the current window, and the lockout they caused.</summary>
public sealed class LoginThrottle
{
    /// <summary><c>user:NAME</c> or <c>addr:ADDRESS</c>.</summary>
    public required string Key { get; init; }

    public int Failures { get; set; }

    public DateTimeOffset WindowStart { get; set; }

    public DateTimeOffset? LockedUntil { get; set; }
}

internal sealed class UserAccountConfiguration : IEntityTypeConfiguration<UserAccount>, IEntityTypeConfiguration<ServiceAccount>, IEntityTypeConfiguration<LoginThrottle>
{
    public void Configure(EntityTypeBuilder<UserAccount> builder)
    {
        builder.ToTable("users");
        builder.HasKey(u => u.Id);
        builder.HasIndex(u => u.NormalizedName).IsUnique();
        builder.Property(u => u.Name).HasMaxLength(64);
        builder.Property(u => u.NormalizedName).HasMaxLength(64);
        builder.Property(u => u.SecurityStamp).IsConcurrencyToken();
    }

    public void Configure(EntityTypeBuilder<ServiceAccount> builder)
    {
        builder.ToTable("service_accounts");
        builder.HasKey(a => a.ClientId);
        builder.Property(a => a.ClientId).HasMaxLength(100);
        builder.Property(a => a.SecurityStamp).IsConcurrencyToken();
    }

    public void Configure(EntityTypeBuilder<LoginThrottle> builder)
    {
        builder.ToTable("login_throttles");
        builder.HasKey(t => t.Key);
        builder.Property(t => t.Key).HasMaxLength(200);
    }
}
