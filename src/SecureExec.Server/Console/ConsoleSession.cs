using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace SecureExec.Server.Console;

/// <summary>
/// A web-console session kept on the server: the browser's cookie holds only <see cref="Id"/> (encrypted), so logging
/// out, an expired session or a deleted row ends it everywhere, and no token ever reaches the browser.
/// </summary>
public sealed class ConsoleSession
{
    /// <summary>A random 256-bit identifier (base64url).</summary>
    public required string Id { get; init; }

    /// <summary>The user the session belongs to.</summary>
    public required string UserId { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the session ends unless a request slides it further.</summary>
    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>The authentication ticket (the user's identity claims), serialized and encrypted with the data-protection keys.</summary>
    public required byte[] Ticket { get; set; }
}

internal sealed class ConsoleSessionConfiguration : IEntityTypeConfiguration<ConsoleSession>
{
    public void Configure(EntityTypeBuilder<ConsoleSession> builder)
    {
        builder.ToTable("console_sessions");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).HasMaxLength(64);
        builder.Property(s => s.UserId).HasMaxLength(64);
        builder.HasIndex(s => s.UserId);
        builder.HasIndex(s => s.ExpiresAt);

        // Stored as a sortable integer (as the jobs' times are), so expiry comparisons run in the database.
        var instant = new DateTimeOffsetToBinaryConverter();
        builder.Property(s => s.CreatedAt).HasConversion(instant);
        builder.Property(s => s.ExpiresAt).HasConversion(instant);
    }
}
