using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SecureExec.Core.Audit;
using SecureExec.Core.Jobs;
using SecureExec.Core.Templates;
using SecureExec.Sandbox;
using SecureExec.Server.Audit;
using SecureExec.Server.Jobs.Events;
using SecureExec.Server.Observability;
using SecureExec.Server.Storage;

namespace SecureExec.Server.Jobs;

/// <summary>
/// Runs one queued job: moves it to running (conditionally, so it starts at most once) with <c>job.started</c>, runs
/// its stored argv in the sandbox under the template's profile, then stores the result, the output and
/// <c>job.finished</c> in one transaction and clears the runnable argv from the row.
/// </summary>
internal sealed partial class JobRunner(
    IServiceScopeFactory scopes, TemplateCatalog catalog, ISandbox sandbox, AuditWriter audit, RunningJobs running,
    JobCompletions completions, IJobEventBus events, ServerMetrics metrics, TimeProvider time, ILogger<JobRunner> logger)
{
    public async Task RunAsync(string jobId, CancellationToken stopping)
    {
        if (running.Find(jobId) is not null)
        {
            // A second delivery of a job this process is running (a shared queue delivers at least once).
            Skipped(logger, jobId, "running in this process");
            return;
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<SecureExecDbContext>();
            var job = await db.Jobs.FirstOrDefaultAsync(j => j.Id == jobId, CancellationToken.None);
            if (job is null || job.Status != JobStatus.Queued.Name())
            {
                Skipped(logger, jobId, job?.Status ?? "missing");
                return;
            }

            var template = catalog.Find(job.Template);
            if (template is null || job.ArgvJson is null)
            {
                await RefuseAsync(db, job);
                return;
            }

            await RunAsync(db, job, template, stopping);
        }
        finally
        {
            completions.Finished(jobId);
        }
    }

    private async Task RunAsync(SecureExecDbContext db, JobRecord job, CommandTemplate template, CancellationToken stopping)
    {
        var argv = JsonSerializer.Deserialize<string[]>(job.ArgvJson!)!;
        var run = running.Add(job.Id, template.Sandbox.MaxOutputBytes, stopping);
        try
        {
            var started = time.GetUtcNow();
            JobTransitions.Ensure(JobStatus.Queued, JobStatus.Running);
            job.Status = JobStatus.Running.Name();
            job.StartedAt = started;
            job.QueueTimeMs = (long)(started - job.CreatedAt).TotalMilliseconds;
            try
            {
                await audit.SaveAsync(db, Entry(job, AuditActions.JobStarted, AuditOutcomes.Success,
                    new Dictionary<string, string> { [AuditRequestDetails.ArgvDigestKey] = job.ArgvSha256 }));
            }
            catch (DbUpdateConcurrencyException)
            {
                Skipped(logger, job.Id, "cancelled before it started");
                return;
            }

            events.Publish(run);
            metrics.JobWaited(started - job.CreatedAt);
            var result = await RunSandboxAsync(new SandboxRequest(argv, template.Sandbox) { RunId = job.Id }, run);
            if (result.Status != SandboxStatus.SandboxError)
            {
                metrics.SandboxStarted(result.StartupTime);
            }

            var status = SandboxOutcome.StatusOf(result, run.CancelRequested);
            await FinishAsync(db, job, status, result, run.Output);
            metrics.JobFinished(template.Name, status.Name(), result.WallTime);
            Finished(logger, job.Id, template.Name, status.Name());
        }
        finally
        {
            running.Remove(run);
        }
    }

    /// <summary>The sandbox reports every outcome as a result; should it throw anyway, the job still ends, as a sandbox error.</summary>
    private async Task<SandboxResult> RunSandboxAsync(SandboxRequest request, RunningJob run)
    {
        try
        {
            return await sandbox.RunAsync(request, run.Output, run.Token);
        }
        catch (Exception e)
        {
            SandboxThrew(logger, e, request.RunId);
            return run.Token.IsCancellationRequested
                ? new SandboxResult { Status = SandboxStatus.Cancelled }
                : new SandboxResult { Status = SandboxStatus.SandboxError, Error = "the sandbox failed unexpectedly" };
        }
    }

    private async Task FinishAsync(SecureExecDbContext db, JobRecord job, JobStatus status, SandboxResult result, JobOutputBuffer output)
    {
        JobTransitions.Ensure(JobStatus.Running, status);
        var stdout = output.Snapshot(OutputStreamKind.Stdout);
        var stderr = output.Snapshot(OutputStreamKind.Stderr);
        job.Status = status.Name();
        job.FinishedAt = time.GetUtcNow();
        job.ArgvJson = null;
        job.ExitCode = result.ExitCode;
        job.Signal = result.Signal;
        job.LimitHit = SandboxOutcome.LimitName(result);
        job.Error = status switch
        {
            JobStatus.SandboxError => result.Error ?? "the sandbox failed",
            JobStatus.Interrupted => "the server stopped while the job ran",
            _ => null,
        };
        job.StdoutBytes = stdout.Length;
        job.StderrBytes = stderr.Length;
        job.OutputTruncated = result.OutputTruncated || output.Truncated;
        job.WallTimeMs = (long)result.WallTime.TotalMilliseconds;
        job.CpuTimeMs = (long)result.CpuTime.TotalMilliseconds;
        job.PeakMemoryBytes = result.PeakMemoryBytes;
        job.SandboxStartupMs = (long)result.StartupTime.TotalMilliseconds;
        db.Set<JobOutputRecord>().Add(new JobOutputRecord { JobId = job.Id, Stdout = stdout, Stderr = stderr });
        var details = new Dictionary<string, string>(SandboxOutcome.AuditDetails(status, result), StringComparer.Ordinal)
        {
            ["wall_time_ms"] = job.WallTimeMs.ToString(CultureInfo.InvariantCulture),
        };

        // Stored even while the server stops: the result is what the audit log and the owner need most.
        await audit.SaveAsync(db, Entry(job, AuditActions.JobFinished, status.AuditOutcome(), details), CancellationToken.None);
    }

    /// <summary>A queued job whose template is no longer in the catalog (a restart with another catalog) cannot run.</summary>
    private async Task RefuseAsync(SecureExecDbContext db, JobRecord job)
    {
        JobTransitions.Ensure(JobStatus.Queued, JobStatus.SandboxError);
        job.Status = JobStatus.SandboxError.Name();
        job.FinishedAt = time.GetUtcNow();
        job.ArgvJson = null;
        job.Error = "the template is no longer in the catalog";
        await audit.SaveAsync(db, Entry(job, AuditActions.JobFinished, AuditOutcomes.Failure,
            new Dictionary<string, string> { ["status"] = job.Status, ["reason"] = "template_not_in_catalog" }), CancellationToken.None);
        Finished(logger, job.Id, job.Template, job.Status);
    }

    /// <summary>An entry the worker writes on the owner's behalf, tied to the submission by correlation id and job id.</summary>
    internal static AuditContent Entry(JobRecord job, string action, string outcome, IReadOnlyDictionary<string, string> details) => new()
    {
        Action = action,
        Outcome = outcome,
        Actor = new AuditActor(job.OwnerSubject, job.OwnerClientId),
        CorrelationId = job.CorrelationId,
        Template = job.Template,
        JobId = job.Id,
        Details = details,
    };

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Job {JobId} ({Template}) ended {JobStatus}")]
    private static partial void Finished(ILogger logger, string jobId, string template, string jobStatus);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Error, Message = "The sandbox threw while running job {JobId}")]
    private static partial void SandboxThrew(ILogger logger, Exception exception, string jobId);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Debug, Message = "Job {JobId} not run: {Reason}")]
    private static partial void Skipped(ILogger logger, string jobId, string reason);
}
