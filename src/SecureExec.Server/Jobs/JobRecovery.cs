using Microsoft.EntityFrameworkCore;
using SecureExec.Core.Audit;
using SecureExec.Core.Jobs;
using SecureExec.Server.Audit;
using SecureExec.Server.Storage;

namespace SecureExec.Server.Jobs;

/// <summary>
/// Settles what the previous process left: a job still <c>running</c> died with it and becomes <c>interrupted</c>
/// (audited, never run again: its side effects are unknown); a job still <c>queued</c> was accepted and is
/// published again, oldest first. A queue shared with other processes settles them instead: a running job may be
/// another process's, so only an abandoned delivery (the Redis reclaim) shows it interrupted.
/// </summary>
internal sealed partial class JobRecovery(IServiceScopeFactory scopes, AuditWriter audit, IJobQueue queue, TimeProvider time, ILogger<JobRecovery> logger)
{
    public async Task RecoverAsync(CancellationToken cancellationToken)
    {
        if (queue.IsShared)
        {
            LeftToSharedQueue(logger);
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SecureExecDbContext>();
        var running = JobStatus.Running.Name();
        var stale = await db.Jobs.Where(j => j.Status == running).OrderBy(j => j.Id).ToListAsync(cancellationToken);
        if (stale.Count > 0)
        {
            var now = time.GetUtcNow();
            await audit.SaveAsync(db, [.. stale.Select(job => Interrupt(job, now, "the server stopped while the job ran", "server_restarted"))], cancellationToken);
        }

        var queuedName = JobStatus.Queued.Name();
        var queued = await db.Jobs.AsNoTracking().Where(j => j.Status == queuedName).OrderBy(j => j.CreatedAt).ThenBy(j => j.Id).Select(j => j.Id).ToListAsync(cancellationToken);
        foreach (var id in queued)
        {
            await queue.RequeueAsync(id);
        }

        Recovered(logger, stale.Count, queued.Count);
    }

    /// <summary>Marks a job that was running when its worker went away interrupted; returns its <c>job.finished</c> entry.</summary>
    internal static AuditContent Interrupt(JobRecord job, DateTimeOffset now, string error, string reason)
    {
        JobTransitions.Ensure(JobStatus.Running, JobStatus.Interrupted);
        job.Status = JobStatus.Interrupted.Name();
        job.FinishedAt = now;
        job.ArgvJson = null;
        job.Error = error;
        return JobRunner.Entry(job, AuditActions.JobFinished, AuditOutcomes.Failure,
            new Dictionary<string, string> { ["status"] = job.Status, ["reason"] = reason });
    }

    [LoggerMessage(EventId = 4004, Level = LogLevel.Information, Message = "Start-up recovery left to the shared queue: its reclaim and reconciler settle the jobs")]
    private static partial void LeftToSharedQueue(ILogger logger);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "Jobs left by the previous run: {Interrupted} interrupted, {Requeued} queued again")]
    private static partial void Recovered(ILogger logger, int interrupted, int requeued);
}
