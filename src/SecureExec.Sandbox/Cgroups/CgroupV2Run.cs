using System.Globalization;
using SecureExec.Core.Templates;

namespace SecureExec.Sandbox.Cgroups;

/// <summary>A run's cgroup on the unified (v2) hierarchy.</summary>
internal sealed class CgroupV2Run : IRunCgroup
{
    private const long CpuPeriodMicroseconds = 100_000;
    private readonly string _directory;

    private CgroupV2Run(string directory)
    {
        _directory = directory;
        Directories = [directory];
    }

    public IReadOnlyList<string> Directories { get; }

    public static CgroupV2Run Create(string baseDirectory, string name, SandboxProfile profile, int extraProcesses)
    {
        var run = new CgroupV2Run(Path.Combine(baseDirectory, name));
        try
        {
            Directory.CreateDirectory(run._directory);
            CgroupFiles.Write(run._directory, "memory.max", profile.MemoryLimitBytes.ToString(CultureInfo.InvariantCulture));
            CgroupFiles.TryWrite(run._directory, "memory.swap.max", "0");
            CgroupFiles.Write(run._directory, "memory.oom.group", "1");
            CgroupFiles.Write(run._directory, "pids.max", (profile.MaxProcesses + extraProcesses).ToString(CultureInfo.InvariantCulture));
            var quota = Math.Max(1000, (long)(profile.CpuLimit * CpuPeriodMicroseconds));
            CgroupFiles.Write(run._directory, "cpu.max", string.Create(CultureInfo.InvariantCulture, $"{quota} {CpuPeriodMicroseconds}"));
            return run;
        }
        catch
        {
            run.Dispose();
            throw;
        }
    }

    public void AddProcess(int pid) =>
        CgroupFiles.Write(_directory, "cgroup.procs", pid.ToString(CultureInfo.InvariantCulture));

    public CgroupUsage ReadUsage() => new(
        CgroupFiles.ReadNumber(_directory, "memory.peak"),
        CgroupFiles.ReadKey(_directory, "memory.events", "oom_kill"),
        CgroupFiles.ReadKey(_directory, "pids.events", "max"),
        TimeSpan.FromMicroseconds(CgroupFiles.ReadKey(_directory, "cpu.stat", "usage_usec")));

    public void KillAll()
    {
        if (!CgroupFiles.TryWrite(_directory, "cgroup.kill", "1"))
        {
            foreach (var pid in CgroupFiles.ReadPids(_directory))
            {
                Native.ChildProcess.Kill(pid);
            }
        }
    }

    public void Dispose() => CgroupFiles.KillAndRemove(_directory, _ => KillAll());
}
