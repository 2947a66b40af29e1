using SecureExec.Core.Jobs;
using SecureExec.Sandbox;

namespace SecureExec.Server.Jobs;

/// <summary>How a sandbox run's result becomes a job's terminal status and recorded limit.</summary>
internal static class SandboxOutcome
{
    /// <summary>
    /// The job's status after its run. A run stopped by cancellation is <see cref="JobStatus.Cancelled"/> when its
    /// owner asked, otherwise the server was stopping and it is <see cref="JobStatus.Interrupted"/>.
    /// </summary>
    public static JobStatus StatusOf(SandboxResult result, bool cancelRequested) => result.Status switch
    {
        SandboxStatus.Succeeded => JobStatus.Succeeded,
        SandboxStatus.Failed => JobStatus.Failed,
        SandboxStatus.TimedOut => JobStatus.TimedOut,
        SandboxStatus.LimitExceeded => JobStatus.LimitExceeded,
        SandboxStatus.Cancelled => cancelRequested ? JobStatus.Cancelled : JobStatus.Interrupted,
        SandboxStatus.SandboxError => JobStatus.SandboxError,
        _ => throw new ArgumentOutOfRangeException(nameof(result), result.Status, "unknown sandbox status"),
    };

    /// <summary>The stable name of the limit that ended a run, or null.</summary>
    public static string? LimitName(SandboxResult result) => result.Status != SandboxStatus.LimitExceeded ? null : result.Limit switch
    {
        SandboxLimit.Memory => "memory",
        SandboxLimit.Processes => "processes",
        SandboxLimit.Output => "output",
        SandboxLimit.FileSize => "file_size",
        SandboxLimit.Cpu => "cpu",
        _ => "unknown",
    };

    /// <summary>The <c>job.finished</c> details: status, exit code, signal and limit, when present.</summary>
    public static IReadOnlyDictionary<string, string> AuditDetails(JobStatus status, SandboxResult result)
    {
        var details = new Dictionary<string, string>(StringComparer.Ordinal) { ["status"] = status.Name() };
        if (result.ExitCode is { } exit)
        {
            details["exit_code"] = exit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (result.Signal is { } signal)
        {
            details["signal"] = signal.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (LimitName(result) is { } limit)
        {
            details["limit"] = limit;
        }

        if (result.OutputTruncated)
        {
            details["output_truncated"] = "true";
        }

        return details;
    }
}
