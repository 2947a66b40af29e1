using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace SecureExec.Server.Jobs;

/// <summary>One submitted run of a template: who asked, with what, and what happened.</summary>
public sealed class JobRecord
{
    /// <summary>Time-ordered (UUID v7, 32 hex digits), so ids page in submission order.</summary>
    public required string Id { get; init; }

    public required string Template { get; init; }

    /// <summary>SHA-256 of the catalog file the job was accepted under.</summary>
    public required string CatalogSha256 { get; init; }

    /// <summary>The validated parameters as JSON, sensitive values masked: what every view of the job shows.</summary>
    public required string ParametersForLogJson { get; init; }

    /// <summary>
    /// The exact argv to run (JSON array), rendered and validated at submission, so the worker runs what was judged.
    /// Cleared when the job ends: a sensitive value never stays in the row.
    /// </summary>
    public string? ArgvJson { get; set; }

    /// <summary>The argv with sensitive elements masked (JSON array).</summary>
    public required string ArgvForLogJson { get; init; }

    /// <summary>The argv digest of the <c>job.submitted</c> entry, repeated on <c>job.started</c>.</summary>
    public required string ArgvSha256 { get; init; }

    /// <summary>A <see cref="Core.Jobs.JobStatus"/> name; a concurrency token, so every change of state is conditional.</summary>
    public required string Status { get; set; }

    /// <summary>The token's subject: a user id, or a service account's client id.</summary>
    public required string OwnerSubject { get; init; }

    public string? OwnerClientId { get; init; }

    public string? CorrelationId { get; init; }

    public string? IdempotencyKey { get; init; }

    /// <summary>SHA-256 of the job id, template and validated values, so a reused key with a different request is refused.</summary>
    public string? RequestHash { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public int? ExitCode { get; set; }

    public int? Signal { get; set; }

    /// <summary>Which limit ended the job (memory, processes, output, file_size, cpu), when one did.</summary>
    public string? LimitHit { get; set; }

    /// <summary>Why the job could not run or ended abnormally, for people (never user text).</summary>
    public string? Error { get; set; }

    public long StdoutBytes { get; set; }

    public long StderrBytes { get; set; }

    public bool OutputTruncated { get; set; }

    public long WallTimeMs { get; set; }

    public long CpuTimeMs { get; set; }

    public long PeakMemoryBytes { get; set; }

    public long SandboxStartupMs { get; set; }

    public long QueueTimeMs { get; set; }

    public bool CancelRequested { get; set; }
}

/// <summary>What a finished job printed, kept apart from <see cref="JobRecord"/> so listing jobs never loads output.</summary>
public sealed class JobOutputRecord
{
    public required string JobId { get; init; }

    public byte[] Stdout { get; set; } = [];

    public byte[] Stderr { get; set; } = [];
}

internal sealed class JobRecordConfiguration : IEntityTypeConfiguration<JobRecord>, IEntityTypeConfiguration<JobOutputRecord>
{
    public void Configure(EntityTypeBuilder<JobRecord> builder)
    {
        // UTC instants as sortable integers: range filters and ordering work on every provider.
        var instant = new DateTimeOffsetToBinaryConverter();
        builder.ToTable("jobs");
        builder.HasKey(j => j.Id);
        builder.Property(j => j.Id).HasMaxLength(32);
        builder.Property(j => j.Template).HasMaxLength(200);
        builder.Property(j => j.CatalogSha256).HasMaxLength(64);
        builder.Property(j => j.ArgvSha256).HasMaxLength(64);
        builder.Property(j => j.Status).HasMaxLength(32).IsConcurrencyToken();
        builder.Property(j => j.OwnerSubject).HasMaxLength(200);
        builder.Property(j => j.IdempotencyKey).HasMaxLength(200);
        builder.Property(j => j.CreatedAt).HasConversion(instant);
        builder.Property(j => j.StartedAt).HasConversion(instant);
        builder.Property(j => j.FinishedAt).HasConversion(instant);
        builder.HasIndex(j => new { j.OwnerSubject, j.Id });
        builder.HasIndex(j => new { j.Status, j.Id });
        builder.HasIndex(j => new { j.OwnerSubject, j.IdempotencyKey }).IsUnique();
    }

    public void Configure(EntityTypeBuilder<JobOutputRecord> builder)
    {
        builder.ToTable("job_outputs");
        builder.HasKey(o => o.JobId);
        builder.Property(o => o.JobId).HasMaxLength(32);
    }
}
