namespace SecureExec.Sandbox.Running;

/// <summary>Checks of the host that need no state: programs installed, user namespaces allowed.</summary>
internal static class HostChecks
{
    public static IEnumerable<SandboxProblem> Run(SandboxOptions options)
    {
        foreach (var (path, package) in new[]
        {
            (options.BubblewrapPath, "bubblewrap"),
            (options.SetprivPath, "util-linux"),
            (options.PrlimitPath, "util-linux"),
            (options.SlirpPath, "slirp4netns"),
            (options.NsenterPath, "util-linux"),
            (options.IpPath, "iproute2"),
            (options.SysctlPath, "procps"),
        })
        {
            if (!File.Exists(path))
            {
                yield return new SandboxProblem("SANDBOX-PROGRAM", $"{path} is missing.", $"apt-get install -y {package}");
            }
        }

        if (ReadNumber("/proc/sys/user/max_user_namespaces") is 0)
        {
            yield return new SandboxProblem(
                "SANDBOX-USERNS",
                "User namespaces are disabled (user.max_user_namespaces = 0).",
                "sysctl -w user.max_user_namespaces=15000 and persist it in /etc/sysctl.d/90-secureexec.conf");
        }

        if (ReadNumber("/proc/sys/kernel/unprivileged_userns_clone") is 0)
        {
            yield return new SandboxProblem(
                "SANDBOX-USERNS",
                "Unprivileged user namespaces are disabled (kernel.unprivileged_userns_clone = 0).",
                "sysctl -w kernel.unprivileged_userns_clone=1 and persist it in /etc/sysctl.d/90-secureexec.conf");
        }

        if (ReadNumber("/proc/sys/kernel/apparmor_restrict_unprivileged_userns") is 1)
        {
            yield return new SandboxProblem(
                "SANDBOX-USERNS",
                "AppArmor restricts unprivileged user namespaces (kernel.apparmor_restrict_unprivileged_userns = 1).",
                "Install an AppArmor profile allowing userns for /usr/bin/bwrap (as Ubuntu's bwrap-userns-restrict does), " +
                "or sysctl -w kernel.apparmor_restrict_unprivileged_userns=0");
        }

        if (!File.Exists("/dev/net/tun") || (File.GetUnixFileMode("/dev/net/tun") & UnixFileMode.OtherWrite) == 0)
        {
            yield return new SandboxProblem(
                "SANDBOX-TUN",
                "/dev/net/tun is missing or not usable by unprivileged users, so templates that allow network cannot get egress.",
                "modprobe tun && chmod 0666 /dev/net/tun (udev's default; scripts/setup.sh does this)");
        }

        if (options.MaxConcurrentRuns < 1)
        {
            yield return new SandboxProblem("SANDBOX-CONFIG", "SecureExec:Sandbox:MaxConcurrentRuns must be at least 1.", "Set SecureExec:Sandbox:MaxConcurrentRuns to 1 or more.");
        }
    }

    private static long? ReadNumber(string path)
    {
        try
        {
            return long.TryParse(File.ReadAllText(path).Trim(), out var value) ? value : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
