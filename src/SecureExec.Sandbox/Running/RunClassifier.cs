using SecureExec.Sandbox.Cgroups;
using SecureExec.Sandbox.Native;

namespace SecureExec.Sandbox.Running;

/// <summary>Turns what was observed about a finished run into its status and the limit that stopped it.</summary>
internal static class RunClassifier
{
    private const int SigKill = 9;
    private const int SigXcpu = 24;
    private const int SigXfsz = 25;

    public static (SandboxStatus Status, SandboxLimit Limit, int? ExitCode, int? Signal) Classify(
        KillReason? reason, ChildExit exit, int? reportedExitCode, CgroupUsage? usage, TimeSpan cpuTime, TimeSpan cpuLimit)
    {
        var exitCode = reportedExitCode ?? exit.ExitCode;
        int? signal = exitCode > 128 ? exitCode - 128 : exit.Signal;
        if (signal is not null && exitCode > 128)
        {
            exitCode = null;
        }

        var outcome = reason switch
        {
            KillReason.Cancelled => (SandboxStatus.Cancelled, SandboxLimit.None),
            KillReason.Timeout => (SandboxStatus.TimedOut, SandboxLimit.None),
            KillReason.Output => (SandboxStatus.LimitExceeded, SandboxLimit.Output),
            KillReason.Memory => (SandboxStatus.LimitExceeded, SandboxLimit.Memory),
            KillReason.Processes => (SandboxStatus.LimitExceeded, SandboxLimit.Processes),
            KillReason.Cpu => (SandboxStatus.LimitExceeded, SandboxLimit.Cpu),
            _ => FromExit(exitCode, signal, usage, cpuTime, cpuLimit),
        };
        return (outcome.Item1, outcome.Item2, exitCode, signal);
    }

    private static (SandboxStatus, SandboxLimit) FromExit(int? exitCode, int? signal, CgroupUsage? usage, TimeSpan cpuTime, TimeSpan cpuLimit)
    {
        if (usage?.OomKills > 0)
        {
            return (SandboxStatus.LimitExceeded, SandboxLimit.Memory);
        }

        switch (signal)
        {
            case SigXfsz:
                return (SandboxStatus.LimitExceeded, SandboxLimit.FileSize);
            case SigXcpu:
            case SigKill when cpuTime >= cpuLimit:
                return (SandboxStatus.LimitExceeded, SandboxLimit.Cpu);
        }

        if (usage?.ProcessLimitHits > 0 && exitCode != 0)
        {
            return (SandboxStatus.LimitExceeded, SandboxLimit.Processes);
        }

        return exitCode == 0 ? (SandboxStatus.Succeeded, SandboxLimit.None) : (SandboxStatus.Failed, SandboxLimit.None);
    }
}
