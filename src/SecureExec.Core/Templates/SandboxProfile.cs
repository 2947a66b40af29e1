namespace SecureExec.Core.Templates;

/// <summary>
/// How one run of a template is confined: the limits and freedoms the sandbox enforces.
/// Built by the catalog loader from a template's flat keys (the seed's <c>timeout</c>, <c>memory_limit</c> …).
/// </summary>
public sealed record SandboxProfile
{
    /// <summary>Wall-clock limit for the whole run.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>CPU time limit over all the run's processes; null means the wall-clock <see cref="Timeout"/>.</summary>
    public TimeSpan? CpuTime { get; init; }

    /// <summary>Egress network allowed (never the host's loopback).</summary>
    public bool AllowNetwork { get; init; }

    /// <summary>The workspace is writable.</summary>
    public bool AllowFileWrite { get; init; }

    /// <summary>Memory limit in bytes (no swap).</summary>
    public long MemoryLimitBytes { get; init; } = 512L * 1024 * 1024;

    /// <summary>CPU share in cores (0.5 = half a core).</summary>
    public double CpuLimit { get; init; } = 0.5;

    /// <summary>Most processes and threads alive at once.</summary>
    public int MaxProcesses { get; init; } = 64;

    /// <summary>Total stdout + stderr bytes kept; the run is stopped past it.</summary>
    public long MaxOutputBytes { get; init; } = 1024 * 1024;

    /// <summary>Largest file the command may write (RLIMIT_FSIZE).</summary>
    public long MaxFileSizeBytes { get; init; } = 16L * 1024 * 1024;

    /// <summary>Most open file descriptors (RLIMIT_NOFILE).</summary>
    public int MaxOpenFiles { get; init; } = 256;

    /// <summary>A root filesystem directory used instead of the host's system directories, or null.</summary>
    public string? RootFilesystem { get; init; }

    /// <summary>Variables set in the otherwise empty environment, besides the fixed PATH, HOME and LANG.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Host paths the command must be able to read, shown read-only at the same place: the allowed roots of the
    /// template's path parameters. Nothing else of the host beyond the system directories is visible.
    /// </summary>
    public IReadOnlyList<string> ReadOnlyPaths { get; init; } = [];

    /// <summary>Paths inside <see cref="ReadOnlyPaths"/> that stay hidden (the forbidden roots), covered by an empty directory.</summary>
    public IReadOnlyList<string> HiddenPaths { get; init; } = [];

    public static SandboxProfile Default { get; } = new();
}
