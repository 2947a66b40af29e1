namespace SecureExec.Core.Jobs;

/// <summary>
/// The job state machine: queued → running → one terminal state; a queued job may also be cancelled before it starts.
/// Terminal states are final, so a job is never run twice and a finished result is never overwritten.
/// </summary>
public static class JobTransitions
{
    public static bool IsAllowed(JobStatus from, JobStatus to) => (from, to) switch
    {
        (JobStatus.Queued, JobStatus.Running) => true,
        (JobStatus.Queued, JobStatus.Cancelled) => true,

        // A queued job whose template left the catalog (a restart with a new catalog) can never start.
        (JobStatus.Queued, JobStatus.SandboxError) => true,
        (JobStatus.Running, var end) => end.IsTerminal(),
        _ => false,
    };

    /// <summary>Throws when the move is not allowed: a bug, never a user error.</summary>
    public static void Ensure(JobStatus from, JobStatus to)
    {
        if (!IsAllowed(from, to))
        {
            throw new InvalidOperationException($"A job cannot move from {from.Name()} to {to.Name()}.");
        }
    }
}
