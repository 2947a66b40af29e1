using SecureExec.Core.Audit;

namespace SecureExec.Core.Jobs;

/// <summary>Where a job is in its life. Every state after <see cref="Running"/> is terminal.</summary>
public enum JobStatus
{
    /// <summary>Accepted and committed; waiting for a worker.</summary>
    Queued,

    /// <summary>A worker holds it and its sandbox is running (or starting).</summary>
    Running,

    /// <summary>The command exited 0.</summary>
    Succeeded,

    /// <summary>The command exited non-zero or was killed by a signal of its own doing.</summary>
    Failed,

    /// <summary>The template's wall-time limit ended it; the process tree was killed.</summary>
    TimedOut,

    /// <summary>A memory, process, output, file-size or CPU limit ended it; which one is recorded.</summary>
    LimitExceeded,

    /// <summary>Its owner (or an administrator) cancelled it, queued or running.</summary>
    Cancelled,

    /// <summary>The server stopped while it ran; it is never run again.</summary>
    Interrupted,

    /// <summary>The sandbox could not run it (a host problem, not the command's): operators alert on this one.</summary>
    SandboxError,
}

/// <summary>The stable wire and storage names of <see cref="JobStatus"/> (snake_case) and what each means for the audit log.</summary>
public static class JobStatusNames
{
    private static readonly Dictionary<string, JobStatus> ByName = Enum.GetValues<JobStatus>().ToDictionary(Name, StringComparer.Ordinal);

    public static IReadOnlyCollection<string> All => ByName.Keys;

    public static string Name(this JobStatus status) => status switch
    {
        JobStatus.Queued => "queued",
        JobStatus.Running => "running",
        JobStatus.Succeeded => "succeeded",
        JobStatus.Failed => "failed",
        JobStatus.TimedOut => "timed_out",
        JobStatus.LimitExceeded => "limit_exceeded",
        JobStatus.Cancelled => "cancelled",
        JobStatus.Interrupted => "interrupted",
        JobStatus.SandboxError => "sandbox_error",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static bool TryParse(string? name, out JobStatus status) => ByName.TryGetValue(name ?? "", out status);

    public static JobStatus Parse(string name) =>
        TryParse(name, out var status) ? status : throw new FormatException($"'{name}' is not a job status");

    public static bool IsTerminal(this JobStatus status) => status is not (JobStatus.Queued or JobStatus.Running);

    /// <summary>The outcome of the <c>job.finished</c> entry: only a clean exit is a success.</summary>
    public static string AuditOutcome(this JobStatus status) =>
        status == JobStatus.Succeeded ? AuditOutcomes.Success : AuditOutcomes.Failure;
}
