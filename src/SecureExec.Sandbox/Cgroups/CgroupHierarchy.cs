using SecureExec.Core.Templates;

namespace SecureExec.Sandbox.Cgroups;

/// <summary>
/// Where this server may create per-run cgroups: a directory named by the options under the server's own cgroup,
/// on the unified (v2) hierarchy when the host has one with controllers, else on the v1 controller hierarchies.
/// </summary>
internal abstract class CgroupHierarchy
{
    public const string RunPrefix = "run-";
    public static readonly IReadOnlyList<string> V1Controllers = ["memory", "pids", "cpu", "cpuacct"];
    public static readonly IReadOnlyList<string> V2Controllers = ["memory", "pids", "cpu"];

    public abstract int Version { get; }

    /// <summary>Every directory holding run cgroups (one per v1 controller, one on v2).</summary>
    public abstract IReadOnlyList<string> BaseDirectories { get; }

    /// <summary>Creates the base directories; returns what stops it, each with its fix.</summary>
    public abstract IReadOnlyList<SandboxProblem> Prepare();

    public abstract IRunCgroup CreateRun(string runId, SandboxProfile profile, int extraProcesses);

    /// <summary>Detects the hierarchy from /proc/self/mountinfo and /proc/self/cgroup; null when none is mounted.</summary>
    public static CgroupHierarchy? Detect(string name, string procSelf = "/proc/self")
    {
        var mounts = CgroupMounts.Read(Path.Combine(procSelf, "mountinfo"));
        var membership = CgroupMounts.ReadMembership(Path.Combine(procSelf, "cgroup"));
        var unified = mounts.FirstOrDefault(mount => mount.IsUnified);
        if (unified is not null && File.Exists(Path.Combine(unified.MountPoint, "cgroup.controllers"))
            && File.ReadAllText(Path.Combine(unified.MountPoint, "cgroup.controllers")).Contains("memory", StringComparison.Ordinal)
            && membership.TryGetValue(string.Empty, out var unifiedPath))
        {
            // A server already moved into its "server" leaf (see CgroupV2Hierarchy) delegates from the leaf's parent.
            var own = unifiedPath.EndsWith("/" + CgroupV2Hierarchy.ServerLeaf, StringComparison.Ordinal)
                ? unifiedPath[..^(CgroupV2Hierarchy.ServerLeaf.Length + 1)]
                : unifiedPath;
            return new CgroupV2Hierarchy(Path.Join(unified.MountPoint, own), name);
        }

        var bases = new Dictionary<string, string>();
        foreach (var controller in V1Controllers)
        {
            var mount = mounts.FirstOrDefault(m => !m.IsUnified && m.Controllers.Contains(controller));
            var key = membership.Keys.FirstOrDefault(k => k.Split(',').Contains(controller));
            if (mount is not null && key is not null)
            {
                bases[controller] = Path.Join(mount.MountPoint, membership[key], name);
            }
        }

        return bases.Count == 0 ? null : new CgroupV1Hierarchy(bases);
    }

    /// <summary>Kills what a crashed server left in run cgroups and removes them; returns how many were removed.</summary>
    public int SweepLeftovers()
    {
        var removed = 0;
        foreach (var directory in BaseDirectories.Where(Directory.Exists))
        {
            foreach (var run in Directory.EnumerateDirectories(directory, RunPrefix + "*"))
            {
                if (CgroupFiles.KillAndRemove(run))
                {
                    removed++;
                }
            }
        }

        return removed;
    }
}
