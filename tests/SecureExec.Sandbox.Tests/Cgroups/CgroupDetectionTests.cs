using SecureExec.Sandbox.Cgroups;

namespace SecureExec.Sandbox.Tests.Cgroups;

/// <summary>
/// Which hierarchy the sandbox picks, from the kernel's own descriptions (mountinfo and /proc/self/cgroup) written
/// into a scratch directory. The v2 rows cover hosts this machine (cgroup v1) cannot be.
/// </summary>
public sealed class CgroupDetectionTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("secureexec-cgroup-detect-").FullName;

    [Theory]
    [InlineData("v2 with controllers", 2, "/user.slice/secureexec.service", "{mount}/user.slice/secureexec.service/secureexec")]
    [InlineData("v2, server already in its leaf", 2, "/system.slice/secureexec.service/server", "{mount}/system.slice/secureexec.service/secureexec")]
    [InlineData("v2 at the root", 2, "/", "{mount}/secureexec")]
    public void UnifiedHierarchy_WithMemoryController_IsVersion2(string host, int version, string ownPath, string expectedBase)
    {
        var mount = Path.Combine(_scratch, "unified");
        Directory.CreateDirectory(mount);
        File.WriteAllText(Path.Combine(mount, "cgroup.controllers"), "cpuset cpu io memory hugetlb pids rdma misc\n");
        WriteProc($"30 25 0:26 / {mount} rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate\n", $"0::{ownPath}\n");

        var hierarchy = CgroupHierarchy.Detect("secureexec", _scratch);

        Assert.True(hierarchy is not null, host);
        Assert.Equal(version, hierarchy.Version);
        Assert.Equal([expectedBase.Replace("{mount}", mount, StringComparison.Ordinal)], hierarchy.BaseDirectories);
    }

    [Theory]
    [InlineData("separate controllers", "memory|pids|cpu|cpuacct", "4:memory:/api|8:pids:/|1:cpu:/|2:cpuacct:/", 4)]
    [InlineData("cpu and cpuacct co-mounted", "memory|pids|cpu,cpuacct", "4:memory:/api|8:pids:/|2:cpu,cpuacct:/", 3)]
    public void V1Controllers_AreFoundPerHierarchy(string host, string mounts, string membership, int directories)
    {
        var mountInfo = string.Concat(mounts.Split('|').Select((controllers, i) =>
            $"{40 + i} 25 0:{30 + i} / /sys/fs/cgroup/{controllers} rw,nosuid - cgroup cgroup rw,{controllers}\n"));
        WriteProc(mountInfo, membership.Replace('|', '\n') + "\n");

        var hierarchy = CgroupHierarchy.Detect("secureexec", _scratch);

        Assert.True(hierarchy is not null, host);
        Assert.Equal(1, hierarchy.Version);
        Assert.Equal(directories, hierarchy.BaseDirectories.Count);
        Assert.Contains("/sys/fs/cgroup/memory/api/secureexec", hierarchy.BaseDirectories);
    }

    [Fact]
    public void NoCgroupMount_IsNone()
    {
        WriteProc("22 1 0:21 / /proc rw - proc proc rw\n", "0::/\n");

        Assert.Null(CgroupHierarchy.Detect("secureexec", _scratch));
    }

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    private void WriteProc(string mountInfo, string cgroup)
    {
        File.WriteAllText(Path.Combine(_scratch, "mountinfo"), mountInfo);
        File.WriteAllText(Path.Combine(_scratch, "cgroup"), cgroup);
    }
}
