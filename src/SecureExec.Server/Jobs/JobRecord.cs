using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureExec.Server.Jobs;

/// <summary>One submitted run of a template: who asked, with what, and what happened.</summary>
public sealed class JobRecord
{
    /// <summary>Time-ordered (UUID v7, 32 hex digits), so ids page in submission order.</summary>
    public required string Id { get; init; }

    public required string Template { get; init; }

    /// <summary>The validated parameters as JSON; sensitive values are replaced by the mask once the job ends.</summary>
    public required string ParametersJson { get; set; }

    /// <summary>The parameters with sensitive values masked, for every view of the job.</summary>
    public required string ParametersForLogJson { get; init; }

    public required string Status { get; set; }

    /// <summary>The token's subject: a user id, or a service account's client id.</summary>
    public required string OwnerSubject { get; init; }

    public string? OwnerClientId { get; init; }

    public string? CorrelationId { get; init; }

    public string? IdempotencyKey { get; init; }

    /// <summary>SHA-256 of template and parameters, so a reused key with a different request is refused.</summary>
    public string? RequestHash { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public int? ExitCode { get; set; }

    public int? Signal { get; set; }

    /// <summary>Which limit ended the job (memory, processes, output, file_size, cpu), when one did.</summary>
    public string? LimitHit { get; set; }

    public string? Error { get; set; }

    public byte[] Stdout { get; set; } = [];

    public byte[] Stderr { get; set; } = [];

    public bool OutputTruncated { get; set; }

    public long WallTimeMs { get; set; }

    public long CpuTimeMs { get; set; }

    public long PeakMemoryBytes { get; set; }

    public long SandboxStartupMs { get; set; }

    public long QueueTimeMs { get; set; }

    public bool CancelRequested { get; set; }
}

internal sealed class JobRecordConfiguration : IEntityTypeConfiguration<JobRecord>
{
    public void Configure(EntityTypeBuilder<JobRecord> builder)
    {
        builder.ToTable("jobs");
        builder.HasKey(j => j.Id);
        builder.Property(j => j.Id).HasMaxLength(32);
        builder.Property(j => j.Template).HasMaxLength(200);
        builder.Property(j => j.Status).HasMaxLength(32);
        builder.HasIndex(j => new { j.OwnerSubject, j.Id });
        builder.HasIndex(j => j.Status);
        builder.HasIndex(j => new { j.OwnerSubject, j.IdempotencyKey }).IsUnique();
    }
}
