namespace SecureExec.Sandbox;

/// <summary>How a run ended.</summary>
public enum SandboxStatus
{
    Succeeded,
    Failed,
    TimedOut,
    LimitExceeded,
    Cancelled,
    SandboxError,
}

/// <summary>Which limit stopped a run that ended <see cref="SandboxStatus.LimitExceeded"/>.</summary>
public enum SandboxLimit
{
    None,
    Memory,
    Processes,
    Output,
    FileSize,
    Cpu,
}

/// <summary>What one run did: how it ended, what it used, and what the sandbox itself cost.</summary>
public sealed record SandboxResult
{
    public required SandboxStatus Status { get; init; }

    public SandboxLimit Limit { get; init; }

    /// <summary>Why the sandbox failed, for <see cref="SandboxStatus.SandboxError"/>.</summary>
    public string? Error { get; init; }

    public int? ExitCode { get; init; }

    /// <summary>The signal that ended the command, when bubblewrap reported 128 + signal.</summary>
    public int? Signal { get; init; }

    public TimeSpan WallTime { get; init; }

    public TimeSpan CpuTime { get; init; }

    /// <summary>Peak memory of the run's cgroup; 0 when running without cgroups.</summary>
    public long PeakMemoryBytes { get; init; }

    public long OutputBytes { get; init; }

    public bool OutputTruncated { get; init; }

    /// <summary>From spawning bubblewrap to releasing the command (namespaces, mounts, cgroup, network).</summary>
    public TimeSpan StartupTime { get; init; }

    /// <summary>Time spent waiting for a free run slot.</summary>
    public TimeSpan QueueTime { get; init; }
}
