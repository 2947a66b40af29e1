namespace SecureExec.Sandbox.Native;

/// <summary>How a spawned child ended, as <c>wait4</c> reports it.</summary>
internal readonly record struct ChildExit(int? ExitCode, int? Signal, TimeSpan CpuTime);

/// <summary>
/// A direct child by pid. It is waited for without being reaped first, and marked ended before it is reaped,
/// so a kill can never reach another process that reused the pid.
/// </summary>
internal sealed unsafe class ChildProcess
{
    private const int PidType = 1;
    private const int Exited = 4;
    private const int NoWait = 0x01000000;
    private readonly Lock _gate = new();
    private bool _reaped;

    public ChildProcess(int pid)
    {
        Pid = pid;
        Exit = Task.Factory.StartNew(Wait, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    public int Pid { get; }

    /// <summary>Completes when the child has ended; waits on a dedicated thread, since .NET reaps only its own children.</summary>
    public Task<ChildExit> Exit { get; }

    public void Kill()
    {
        lock (_gate)
        {
            if (!_reaped)
            {
                _ = Posix.kill(Pid, Posix.SigKill);
            }
        }
    }

    /// <summary>Kills a process that is not this server's child (a cgroup member), by pid.</summary>
    public static void Kill(int pid)
    {
        if (pid > 0)
        {
            _ = Posix.kill(pid, Posix.SigKill);
        }
    }

    private ChildExit Wait()
    {
        var info = stackalloc byte[128];
        while (Posix.waitid(PidType, Pid, info, Exited | NoWait) < 0 && LastErrorIsInterrupt())
        {
        }

        int status;
        Posix.RUsage usage;
        lock (_gate)
        {
            _reaped = true;
            while (Posix.wait4(Pid, &status, 0, &usage) < 0)
            {
                if (!LastErrorIsInterrupt())
                {
                    throw Posix.Error("wait4");
                }
            }
        }

        var cpu = TimeSpan.FromSeconds(usage.UserSeconds + usage.SystemSeconds)
            + TimeSpan.FromMicroseconds(usage.UserMicroseconds + usage.SystemMicroseconds);
        var termSignal = status & 0x7f;
        return termSignal == 0
            ? new ChildExit((status >> 8) & 0xff, null, cpu)
            : new ChildExit(null, termSignal, cpu);
    }

    private static bool LastErrorIsInterrupt() =>
        System.Runtime.InteropServices.Marshal.GetLastPInvokeError() == Posix.Eintr;
}
