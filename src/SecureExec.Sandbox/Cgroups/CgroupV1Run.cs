using SecureExec.Core.Templates;

namespace SecureExec.Sandbox.Cgroups;

/// <summary>A run's cgroup on a v1 hierarchy: one directory per controller (memory, pids, cpu, cpuacct).</summary>
internal sealed class CgroupV1Run : IRunCgroup
{
    private const long CpuPeriodMicroseconds = 100_000;
    private readonly string _memory;
    private readonly string _pids;
    private readonly string _cpu;
    private readonly string _cpuacct;

    private CgroupV1Run(string memory, string pids, string cpu, string cpuacct)
    {
        _memory = memory;
        _pids = pids;
        _cpu = cpu;
        _cpuacct = cpuacct;
        Directories = new[] { memory, pids, cpu, cpuacct }.Distinct().ToList();
    }

    public IReadOnlyList<string> Directories { get; }

    public static CgroupV1Run Create(IReadOnlyDictionary<string, string> bases, string name, SandboxProfile profile, int extraProcesses)
    {
        var run = new CgroupV1Run(
            Path.Combine(bases["memory"], name),
            Path.Combine(bases["pids"], name),
            Path.Combine(bases["cpu"], name),
            Path.Combine(bases["cpuacct"], name));
        try
        {
            foreach (var directory in run.Directories)
            {
                Directory.CreateDirectory(directory);
            }

            CgroupFiles.Write(run._memory, "memory.limit_in_bytes", profile.MemoryLimitBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (File.Exists(Path.Combine(run._memory, "memory.memsw.limit_in_bytes")))
            {
                // memory + swap equal to memory: no swap at all.
                CgroupFiles.Write(run._memory, "memory.memsw.limit_in_bytes", profile.MemoryLimitBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            CgroupFiles.Write(run._pids, "pids.max", (profile.MaxProcesses + extraProcesses).ToString(System.Globalization.CultureInfo.InvariantCulture));
            CgroupFiles.Write(run._cpu, "cpu.cfs_period_us", CpuPeriodMicroseconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var quota = Math.Max(1000, (long)(profile.CpuLimit * CpuPeriodMicroseconds));
            CgroupFiles.Write(run._cpu, "cpu.cfs_quota_us", quota.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return run;
        }
        catch
        {
            run.Dispose();
            throw;
        }
    }

    public void AddProcess(int pid)
    {
        var text = pid.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var directory in Directories)
        {
            CgroupFiles.Write(directory, "cgroup.procs", text);
        }
    }

    public CgroupUsage ReadUsage() => new(
        CgroupFiles.ReadNumber(_memory, "memory.max_usage_in_bytes"),
        CgroupFiles.ReadKey(_memory, "memory.oom_control", "oom_kill"),
        CgroupFiles.ReadKey(_pids, "pids.events", "max"),
        TimeSpan.FromTicks(CgroupFiles.ReadNumber(_cpuacct, "cpuacct.usage") / 100));

    public void KillAll()
    {
        // v1 has no cgroup.kill; the pids controller bounds how many there can be, so a few passes empty it.
        for (var pass = 0; pass < 5; pass++)
        {
            var pids = CgroupFiles.ReadPids(_pids);
            if (pids.Count == 0)
            {
                return;
            }

            foreach (var pid in pids)
            {
                Native.ChildProcess.Kill(pid);
            }
        }
    }

    public void Dispose()
    {
        KillAll();
        foreach (var directory in Directories)
        {
            CgroupFiles.KillAndRemove(directory);
        }
    }
}
