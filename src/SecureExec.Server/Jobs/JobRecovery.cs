using Microsoft.EntityFrameworkCore;
using SecureExec.Core.Audit;
using SecureExec.Core.Jobs;
using SecureExec.Server.Audit;
using SecureExec.Server.Storage;

namespace SecureExec.Server.Jobs;

/// <summary>
/// Settles what the previous process left: a job still <c>running</c> died with it and becomes <c>interrupted</c>
/// (audited, never run again: its side effects are unknown); a job still <c>queued</c> was accepted and is
/// published again, oldest first.
/// </summary>
internal sealed partial class JobRecovery(IServiceScopeFactory scopes, AuditWriter audit, JobQueue queue, TimeProvider time, ILogger<JobRecovery> logger)
{
    public async Task RecoverAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SecureExecDbContext>();
        var running = JobStatus.Running.Name();
        var stale = await db.Jobs.Where(j => j.Status == running).OrderBy(j => j.Id).ToListAsync(cancellationToken);
        if (stale.Count > 0)
        {
            var now = time.GetUtcNow();
            foreach (var job in stale)
            {
                JobTransitions.Ensure(JobStatus.Running, JobStatus.Interrupted);
                job.Status = JobStatus.Interrupted.Name();
                job.FinishedAt = now;
                job.ArgvJson = null;
                job.Error = "the server stopped while the job ran";
            }

            await audit.SaveAsync(db, [.. stale.Select(job => JobRunner.Entry(job, AuditActions.JobFinished, AuditOutcomes.Failure,
                new Dictionary<string, string> { ["status"] = job.Status, ["reason"] = "server_restarted" }))], cancellationToken);
        }

        var queuedName = JobStatus.Queued.Name();
        var queued = await db.Jobs.AsNoTracking().Where(j => j.Status == queuedName).OrderBy(j => j.CreatedAt).ThenBy(j => j.Id).Select(j => j.Id).ToListAsync(cancellationToken);
        foreach (var id in queued)
        {
            queue.Requeue(id);
        }

        Recovered(logger, stale.Count, queued.Count);
    }

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "Jobs left by the previous run: {Interrupted} interrupted, {Requeued} queued again")]
    private static partial void Recovered(ILogger logger, int interrupted, int requeued);
}
