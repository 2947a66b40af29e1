using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SecureExec.Core.Jobs;
using SecureExec.Server.Audit;
using SecureExec.Server.Storage;
using StackExchange.Redis;

namespace SecureExec.Server.Jobs.Queue;

/// <summary>
/// Decides what a reclaimed entry (idle past <c>ReclaimAfter</c>: its worker stopped refreshing it) means, by the
/// job's row: still queued → the worker died before starting it, run it here; running → the worker died while
/// running it, mark it interrupted (never run twice: its side effects are unknown); ended or missing → just settle
/// the entry.
/// </summary>
internal sealed partial class AbandonedEntries(
    RedisJobStream stream, IServiceScopeFactory scopes, AuditWriter audit, RunningJobs running,
    IOptions<QueueOptions> options, TimeProvider time, ILogger<AbandonedEntries> logger)
{
    private const int PendingScan = 10_000;

    /// <summary>True when the reclaiming worker should run the job; otherwise the entry was settled (or left for later).</summary>
    public async Task<bool> ShouldRunAsync(string jobId, RedisValue entryId, Func<RedisValue, bool> heldHere)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SecureExecDbContext>();
        var job = await db.Jobs.FirstOrDefaultAsync(j => j.Id == jobId);
        var status = job is null ? null : (JobStatus?)JobStatusNames.Parse(job.Status);
        switch (status)
        {
            case JobStatus.Queued:
                Reclaimed(logger, jobId, "queued");
                return true;
            case JobStatus.Running when heldHere(entryId):
                // This process's own entry, only late in its refresh; the refresh takes it back.
                return false;
            case JobStatus.Running when running.Find(jobId) is not null || await HeldByLiveWorkerAsync(jobId, entryId):
                // A duplicate entry of a job that a live worker runs.
                await stream.SettleAsync(entryId);
                return false;
            case JobStatus.Running:
                await InterruptAsync(db, job!);
                await stream.SettleAsync(entryId);
                return false;
            default:
                await stream.SettleAsync(entryId);
                return false;
        }
    }

    private async Task<bool> HeldByLiveWorkerAsync(string jobId, RedisValue entryId)
    {
        var reclaimAfter = (long)options.Value.Redis.ReclaimAfter.TotalMilliseconds;
        foreach (var pending in await stream.PendingAsync(PendingScan))
        {
            if (pending.MessageId != entryId && pending.IdleTimeInMilliseconds < reclaimAfter && await stream.JobOfAsync(pending.MessageId) == jobId)
            {
                return true;
            }
        }

        return false;
    }

    private async Task InterruptAsync(SecureExecDbContext db, JobRecord job)
    {
        try
        {
            var entry = JobRecovery.Interrupt(job, time.GetUtcNow(), "the worker running the job stopped", "worker_lost");
            await audit.SaveAsync(db, entry, CancellationToken.None);
            Reclaimed(logger, job.Id, "interrupted");
        }
        catch (DbUpdateConcurrencyException)
        {
            // The job ended meanwhile: its worker was alive after all, and its result stands.
            Reclaimed(logger, job.Id, "ended meanwhile");
        }
    }

    [LoggerMessage(EventId = 4210, Level = LogLevel.Warning, Message = "Job {JobId} reclaimed from a lost worker: {Outcome}")]
    private static partial void Reclaimed(ILogger logger, string jobId, string outcome);
}
