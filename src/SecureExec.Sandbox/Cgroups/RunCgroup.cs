namespace SecureExec.Sandbox.Cgroups;

/// <summary>What a run's cgroup has counted so far.</summary>
internal readonly record struct CgroupUsage(long PeakMemoryBytes, long OomKills, long ProcessLimitHits, TimeSpan CpuTime);

/// <summary>The cgroup of one run: limits set before the command starts, usage read while it runs, removed after.</summary>
internal interface IRunCgroup : IDisposable
{
    /// <summary>Moves a process (and the children it forks afterwards) into the run.</summary>
    void AddProcess(int pid);

    CgroupUsage ReadUsage();

    /// <summary>Kills every process of the run at once.</summary>
    void KillAll();

    /// <summary>The directories that must be gone once the run is disposed.</summary>
    IReadOnlyList<string> Directories { get; }
}
