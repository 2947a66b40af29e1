namespace SecureExec.Sandbox.Running;

/// <summary>Why a run was stopped from outside the command.</summary>
internal enum KillReason
{
    Cancelled,
    Timeout,
    Output,
    Memory,
    Processes,
    Cpu,
}

/// <summary>Records the first reason to stop a run and kills it once; later reasons are ignored.</summary>
internal sealed class KillSwitch(Action kill)
{
    private int _reason = -1;

    public KillReason? Reason => Volatile.Read(ref _reason) is var value and >= 0 ? (KillReason)value : null;

    public void Trip(KillReason reason)
    {
        if (Interlocked.CompareExchange(ref _reason, (int)reason, -1) == -1)
        {
            kill();
        }
    }
}
