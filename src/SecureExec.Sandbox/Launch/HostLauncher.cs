using System.Globalization;
using SecureExec.Core.Templates;

namespace SecureExec.Sandbox.Launch;

/// <summary>
/// The host side of the launch: rlimits through <c>prlimit</c>, then, when the server is root, <c>setpriv</c> to the
/// unprivileged sandbox user with no capabilities at all, then bubblewrap. Each program execs the next, so the
/// spawned pid is bubblewrap's.
/// </summary>
internal sealed class HostLauncher(SandboxOptions options, SandboxUser user)
{
    public static readonly IReadOnlyList<string> Environment = ["PATH=/usr/sbin:/usr/bin:/sbin:/bin"];

    public string Program => options.PrlimitPath;

    public List<string> Build(SandboxProfile profile, IReadOnlyList<string> bubblewrapArguments)
    {
        var cpuSeconds = (long)Math.Ceiling(CpuLimit(profile).TotalSeconds);
        var argv = new List<string>
        {
            options.PrlimitPath,
            Limit("nofile", profile.MaxOpenFiles),
            Limit("fsize", profile.MaxFileSizeBytes),
            Limit("core", 0),
            // soft: SIGXCPU; hard one second later: SIGKILL. The cgroup watches the whole tree's CPU time.
            string.Create(CultureInfo.InvariantCulture, $"--cpu={cpuSeconds}:{cpuSeconds + 1}"),
        };

        if (options.CgroupMode == CgroupMode.Disabled)
        {
            // Without a cgroup: address space instead of memory, processes per host user (shared by concurrent runs).
            argv.Add(Limit("as", profile.MemoryLimitBytes));
            argv.Add(Limit("nproc", (long)profile.MaxProcesses * options.MaxConcurrentRuns));
        }

        argv.Add("--");
        if (user.SwitchesUser)
        {
            argv.AddRange(user.SetprivArguments(options.SetprivPath));
        }

        argv.Add(options.BubblewrapPath);
        argv.AddRange(bubblewrapArguments);
        return argv;
    }

    public static TimeSpan CpuLimit(SandboxProfile profile) => profile.CpuTime ?? profile.Timeout;

    private static string Limit(string name, long value) =>
        string.Create(CultureInfo.InvariantCulture, $"--{name}={value}:{value}");
}
