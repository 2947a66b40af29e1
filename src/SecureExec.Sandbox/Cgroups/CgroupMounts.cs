namespace SecureExec.Sandbox.Cgroups;

/// <summary>One cgroup file system mount: v1 with its controllers, or the unified v2 hierarchy.</summary>
internal sealed record CgroupMount(string MountPoint, bool IsUnified, IReadOnlySet<string> Controllers);

/// <summary>Parses the kernel's description of cgroup mounts and of this process's cgroup membership.</summary>
internal static class CgroupMounts
{
    public static IReadOnlyList<CgroupMount> Read(string mountInfoPath)
    {
        var mounts = new List<CgroupMount>();
        foreach (var line in File.ReadLines(mountInfoPath))
        {
            // id parent major:minor root mount-point options [optional...] - fstype source super-options
            var separator = line.IndexOf(" - ", StringComparison.Ordinal);
            if (separator < 0)
            {
                continue;
            }

            var fields = line[..separator].Split(' ');
            var tail = line[(separator + 3)..].Split(' ');
            if (fields.Length < 5 || tail.Length < 3)
            {
                continue;
            }

            var mountPoint = fields[4].Replace("\\040", " ", StringComparison.Ordinal);
            if (tail[0] == "cgroup2")
            {
                mounts.Add(new CgroupMount(mountPoint, true, new HashSet<string>()));
            }
            else if (tail[0] == "cgroup")
            {
                mounts.Add(new CgroupMount(mountPoint, false, tail[2].Split(',').ToHashSet()));
            }
        }

        return mounts;
    }

    /// <summary>Controller list ("memory", "cpu,cpuacct", "" for v2) → this process's path in that hierarchy.</summary>
    public static IReadOnlyDictionary<string, string> ReadMembership(string cgroupPath)
    {
        var membership = new Dictionary<string, string>();
        foreach (var line in File.ReadLines(cgroupPath))
        {
            var parts = line.Split(':', 3);
            if (parts.Length == 3)
            {
                membership[parts[1]] = parts[2];
            }
        }

        return membership;
    }
}
