using System.Text.Json;

namespace SecureExec.Server.Jobs;

/// <summary>A job as every endpoint shows it: parameters masked, never the output itself (see its <c>output</c> link).</summary>
public sealed record JobView
{
    public required string Id { get; init; }

    public required string Template { get; init; }

    public required IReadOnlyDictionary<string, string> Parameters { get; init; }

    public required string Status { get; init; }

    public required string Owner { get; init; }

    public string? ClientId { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    public int? ExitCode { get; init; }

    public int? Signal { get; init; }

    /// <summary>Which limit ended the job: memory, processes, output, file_size or cpu.</summary>
    public string? Limit { get; init; }

    public string? Error { get; init; }

    public bool CancelRequested { get; init; }

    public long DurationMs { get; init; }

    public long CpuTimeMs { get; init; }

    public long PeakMemoryBytes { get; init; }

    public long QueueTimeMs { get; init; }

    public long SandboxStartupMs { get; init; }

    public long StdoutBytes { get; init; }

    public long StderrBytes { get; init; }

    public bool OutputTruncated { get; init; }

    public required JobLinks Links { get; init; }

    internal static JobView Of(JobRecord job) => new()
    {
        Id = job.Id,
        Template = job.Template,
        Parameters = JsonSerializer.Deserialize<Dictionary<string, string>>(job.ParametersForLogJson) ?? [],
        Status = job.Status,
        Owner = job.OwnerSubject,
        ClientId = job.OwnerClientId,
        CreatedAt = job.CreatedAt,
        StartedAt = job.StartedAt,
        FinishedAt = job.FinishedAt,
        ExitCode = job.ExitCode,
        Signal = job.Signal,
        Limit = job.LimitHit,
        Error = job.Error,
        CancelRequested = job.CancelRequested,
        DurationMs = job.WallTimeMs,
        CpuTimeMs = job.CpuTimeMs,
        PeakMemoryBytes = job.PeakMemoryBytes,
        QueueTimeMs = job.QueueTimeMs,
        SandboxStartupMs = job.SandboxStartupMs,
        StdoutBytes = job.StdoutBytes,
        StderrBytes = job.StderrBytes,
        OutputTruncated = job.OutputTruncated,
        Links = JobLinks.For(job.Id),
    };
}

public sealed record JobLinks(string Self, string Stdout, string Stderr, string Cancel)
{
    public static string SelfOf(string id) => $"/jobs/{id}";

    internal static JobLinks For(string id) =>
        new(SelfOf(id), $"/jobs/{id}/output?stream=stdout", $"/jobs/{id}/output?stream=stderr", $"/jobs/{id}/cancel");
}

/// <summary>One page of <c>GET /jobs</c>, newest first; <c>next</c> is the cursor of the following page, or null.</summary>
public sealed record JobPage(IReadOnlyList<JobView> Jobs, string? Next);
