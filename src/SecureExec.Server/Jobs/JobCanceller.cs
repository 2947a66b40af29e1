using Microsoft.EntityFrameworkCore;
using SecureExec.Core.Audit;
using SecureExec.Core.Jobs;
using SecureExec.Server.Api;
using SecureExec.Server.Audit;
using SecureExec.Server.Jobs.Events;
using SecureExec.Server.Storage;

namespace SecureExec.Server.Jobs;

internal enum CancelOutcome
{
    /// <summary>The job was queued and is now cancelled.</summary>
    Cancelled,

    /// <summary>The job is running; its sandbox is being stopped and the worker records the end.</summary>
    Stopping,

    /// <summary>The job had already ended.</summary>
    AlreadyEnded,
}

/// <summary>
/// <c>POST /jobs/{id}/cancel</c>: a queued job becomes <c>cancelled</c> at once; a running job's sandbox is stopped
/// and its worker records it <c>cancelled</c>. Each state change is conditional on the status read, so a cancel racing
/// a worker is retried against the job's new state instead of overwriting it.
/// </summary>
internal sealed class JobCanceller(AuditWriter audit, IRunningJobStopper stopper, JobCompletions completions, TimeProvider time)
{
    private const int Attempts = 3;

    public async Task<CancelOutcome> CancelAsync(HttpContext context, SecureExecDbContext db, JobRecord job)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await TryCancelAsync(context, db, job);
            }
            catch (DbUpdateConcurrencyException) when (attempt < Attempts)
            {
                await db.Entry(job).ReloadAsync();
            }
        }
    }

    private async Task<CancelOutcome> TryCancelAsync(HttpContext context, SecureExecDbContext db, JobRecord job)
    {
        var status = JobStatusNames.Parse(job.Status);
        var cancelled = context.Audit(AuditActions.JobCancelled, AuditOutcomes.Success) with
        {
            Template = job.Template,
            JobId = job.Id,
            Details = new Dictionary<string, string> { ["status"] = job.Status },
        };
        switch (status)
        {
            case JobStatus.Queued:
                JobTransitions.Ensure(JobStatus.Queued, JobStatus.Cancelled);
                job.Status = JobStatus.Cancelled.Name();
                job.CancelRequested = true;
                job.FinishedAt = time.GetUtcNow();
                job.ArgvJson = null;
                await audit.SaveAsync(db, [cancelled, JobRunner.Entry(job, AuditActions.JobFinished, AuditOutcomes.Failure,
                    new Dictionary<string, string> { ["status"] = job.Status })], CancellationToken.None);
                completions.Finished(job.Id);
                return CancelOutcome.Cancelled;
            case JobStatus.Running:
                // The update is conditional on the status (a concurrency token): a job that ended meanwhile is reloaded and answered 409.
                job.CancelRequested = true;
                await audit.SaveAsync(db, cancelled, CancellationToken.None);
                await stopper.StopAsync(job.Id);
                return CancelOutcome.Stopping;
            default:
                return CancelOutcome.AlreadyEnded;
        }
    }
}
