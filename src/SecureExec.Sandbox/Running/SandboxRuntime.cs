using Microsoft.Extensions.Logging;
using SecureExec.Sandbox.Cgroups;
using SecureExec.Sandbox.Launch;
using SecureExec.Sandbox.Seccomp;

namespace SecureExec.Sandbox.Running;

/// <summary>What every run shares, prepared once: identity, compiled seccomp filter, /etc, cgroup hierarchy.</summary>
internal sealed class SandboxRuntime(
    SandboxOptions options,
    SandboxUser user,
    SeccompFilter seccomp,
    SandboxEtc etc,
    CgroupHierarchy? cgroups,
    TimeProvider time,
    ILogger logger)
{
    /// <summary>Outer bubblewrap and the sandbox's first process live in the run's cgroup beside the command.</summary>
    public const int ExtraProcesses = 2;

    public SandboxOptions Options => options;

    public SandboxUser User => user;

    public SeccompFilter Seccomp => seccomp;

    public SandboxEtc Etc => etc;

    public CgroupHierarchy? Cgroups => cgroups;

    public TimeProvider Time => time;

    public ILogger Logger => logger;

    public HostLauncher Launcher { get; } = new(options, user);
}
