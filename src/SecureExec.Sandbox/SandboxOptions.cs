namespace SecureExec.Sandbox;

/// <summary>How the sandbox confines resources.</summary>
public enum CgroupMode
{
    /// <summary>A cgroup per run (v2, or v1 when that is what the host has). The self-test fails without one.</summary>
    Required,

    /// <summary>rlimits only: no memory, process-tree or CPU-share limits across the run. Logged at every start.</summary>
    Disabled,
}

/// <summary>Host-level sandbox settings, bound from the <c>SecureExec:Sandbox</c> configuration section (<c>Sandbox</c> of the section passed to AddSandbox).</summary>
public sealed class SandboxOptions
{
    public const string SectionName = "Sandbox";

    public string BubblewrapPath { get; set; } = "/usr/bin/bwrap";

    public string SetprivPath { get; set; } = "/usr/bin/setpriv";

    public string PrlimitPath { get; set; } = "/usr/bin/prlimit";

    public string SlirpPath { get; set; } = "/usr/bin/slirp4netns";

    public string NsenterPath { get; set; } = "/usr/bin/nsenter";

    public string IpPath { get; set; } = "/usr/sbin/ip";

    public string SysctlPath { get; set; } = "/usr/sbin/sysctl";

    /// <summary>
    /// Networks a run with egress can never reach, besides every address of the host itself. Null means
    /// <see cref="DefaultEgressDeniedNetworks"/>: private, shared, link-local (cloud metadata) and reserved ranges,
    /// where the server's database, Redis and neighbours live.
    /// </summary>
    public string[]? EgressDeniedNetworks { get; set; }

    public static IReadOnlyList<string> DefaultEgressDeniedNetworks { get; } =
    [
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24",
        "192.0.2.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/3",
    ];

    /// <summary>The unprivileged host user bubblewrap runs as when the server is root.</summary>
    public string SandboxUser { get; set; } = "secureexec-sandbox";

    /// <summary>The uid and gid the command sees inside its user namespace.</summary>
    public int InnerUid { get; set; } = 65534;

    public CgroupMode CgroupMode { get; set; } = CgroupMode.Required;

    /// <summary>Name of the directory under the server's own cgroup that holds one cgroup per run.</summary>
    public string CgroupName { get; set; } = "secureexec";

    /// <summary>Root-owned directory for the generated <c>/etc</c> files.</summary>
    public string StateDirectory { get; set; } = "/run/secureexec";

    public int MaxConcurrentRuns { get; set; } = Math.Max(2, Environment.ProcessorCount * 2);

    /// <summary>Size of the in-memory workspace; its pages count against the run's memory limit.</summary>
    public long WorkspaceSizeBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Size of the in-memory <c>/tmp</c>.</summary>
    public long TmpSizeBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>How often the cgroup is read for memory, process and CPU limits.</summary>
    public TimeSpan MonitorInterval { get; set; } = TimeSpan.FromMilliseconds(50);
}
