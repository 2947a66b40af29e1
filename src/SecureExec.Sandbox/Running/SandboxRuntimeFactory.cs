using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SecureExec.Sandbox.Cgroups;
using SecureExec.Sandbox.Launch;
using SecureExec.Sandbox.Seccomp;

namespace SecureExec.Sandbox.Running;

/// <summary>
/// Prepares the shared <see cref="SandboxRuntime"/> once, on first use: checks the host, compiles the seccomp filter,
/// writes the sandbox /etc, prepares the cgroup hierarchy and sweeps what a crashed server left behind.
/// Problems are collected, never thrown, so the self-test can report all of them.
/// </summary>
internal sealed partial class SandboxRuntimeFactory
{
    private readonly Lazy<(SandboxRuntime? Runtime, IReadOnlyList<SandboxProblem> Problems)> _prepared;

    public SandboxRuntimeFactory(IOptions<SandboxOptions> options, TimeProvider time, ILogger<BubblewrapSandbox> logger)
    {
        Options = options.Value;
        _prepared = new(() => Prepare(Options, time, logger));
    }

    public SandboxOptions Options { get; }

    public SandboxRuntime? Runtime => _prepared.Value.Runtime;

    public IReadOnlyList<SandboxProblem> Problems => _prepared.Value.Problems;

    private static (SandboxRuntime?, IReadOnlyList<SandboxProblem>) Prepare(SandboxOptions options, TimeProvider time, ILogger logger)
    {
        var problems = HostChecks.Run(options).ToList();
        var user = SandboxUser.Resolve(options.SandboxUser);
        if (user is null)
        {
            problems.Add(new SandboxProblem(
                "SANDBOX-USER",
                $"The server runs as root and the sandbox user '{options.SandboxUser}' does not exist (or is root).",
                $"useradd --system --no-create-home --shell /usr/sbin/nologin {options.SandboxUser} (scripts/setup.sh does this)."));
        }

        SeccompFilter? seccomp = null;
        try
        {
            seccomp = SeccompFilter.Build();
        }
        catch (Exception error) when (error is DllNotFoundException or EntryPointNotFoundException or InvalidOperationException)
        {
            problems.Add(new SandboxProblem("SANDBOX-SECCOMP", $"Cannot build the seccomp filter: {error.Message}", "apt-get install -y libseccomp2"));
        }

        var cgroups = PrepareCgroups(options, problems, logger);
        if (problems.Count > 0 || user is null || seccomp is null)
        {
            return (null, problems);
        }

        var etc = new SandboxEtc(Path.Combine(options.StateDirectory, "etc"));
        try
        {
            etc.Write(options.InnerUid);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            problems.Add(new SandboxProblem(
                "SANDBOX-STATE-DIRECTORY",
                $"Cannot write the sandbox's /etc files under {options.StateDirectory}: {error.Message}",
                $"Point SecureExec:Sandbox:StateDirectory at a directory the server can write and the sandbox user can read (RuntimeDirectory=secureexec in systemd gives /run/secureexec)."));
            return (null, problems);
        }

        return (new SandboxRuntime(options, user, seccomp, etc, cgroups, time, logger), problems);
    }

    private static CgroupHierarchy? PrepareCgroups(SandboxOptions options, List<SandboxProblem> problems, ILogger logger)
    {
        if (options.CgroupMode == CgroupMode.Disabled)
        {
            LogCgroupsDisabled(logger);
            return null;
        }

        var hierarchy = CgroupHierarchy.Detect(options.CgroupName);
        if (hierarchy is null)
        {
            problems.Add(new SandboxProblem(
                "SANDBOX-CGROUP-MISSING",
                "No cgroup hierarchy is mounted, so memory, process and CPU limits cannot be enforced.",
                "mount -t cgroup2 none /sys/fs/cgroup (or boot with systemd), or set SecureExec:Sandbox:CgroupMode=Disabled to run with rlimits only."));
            return null;
        }

        var found = hierarchy.Prepare();
        problems.AddRange(found);
        if (found.Count == 0)
        {
            var swept = hierarchy.SweepLeftovers();
            LogCgroups(logger, hierarchy.Version, string.Join(", ", hierarchy.BaseDirectories), swept);
        }

        return hierarchy;
    }

    [LoggerMessage(EventId = 3120, Level = LogLevel.Warning, Message = "Sandbox cgroups are DISABLED by configuration (SecureExec:Sandbox:CgroupMode=Disabled): runs are limited by rlimits only, without memory, process-tree or CPU-share limits")]
    private static partial void LogCgroupsDisabled(ILogger logger);

    [LoggerMessage(EventId = 3121, Level = LogLevel.Information, Message = "Sandbox cgroups v{Version} under {Directories}; swept {Swept} leftover run cgroups")]
    private static partial void LogCgroups(ILogger logger, int version, string directories, int swept);
}
