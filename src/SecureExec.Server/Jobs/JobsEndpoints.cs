using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SecureExec.Core.Audit;
using SecureExec.Core.Jobs;
using SecureExec.Sandbox;
using SecureExec.Server.Api;
using SecureExec.Server.Audit;
using SecureExec.Server.Auth;
using SecureExec.Server.Storage;

namespace SecureExec.Server.Jobs;

public static class JobsEndpoints
{
    /// <summary>
    /// <c>POST /execute</c>, and under <c>/jobs</c>: the list, one job, its output and its cancellation. Another user's
    /// job answers 404 exactly like a missing one, unless the caller reads all jobs.
    /// </summary>
    public static IEndpointRouteBuilder MapJobsEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapExecute();

        // Reads share the read budget; cancelling changes state, so it spends the run budget (the endpoint's policy wins).
        var jobs = endpoints.MapGroup("/jobs").RequireAccessToken().RequireRateLimiting(RateLimitPolicies.PerUserRead).WithTags("Jobs");
        jobs.MapGet("/", ListAsync).WithName("ListJobs").WithSummary("The caller's jobs (or everyone's with jobs:read:all), newest first");
        jobs.MapGet("/{id}", GetAsync).WithName("GetJob").WithSummary("One job");
        jobs.MapGet("/{id}/output", OutputAsync).WithName("GetJobOutput").WithSummary("A page of a job's stdout or stderr");
        jobs.MapPost("/{id}/cancel", CancelAsync).RequireRateLimiting(RateLimitPolicies.PerUser).WithName("CancelJob").WithSummary("Cancel a queued or running job");
        return endpoints;
    }

    private static async Task<Results<Ok<JobPage>, ValidationProblem, ProblemWithHeadersResult>> ListAsync(HttpContext context, SecureExecDbContext db, AuditWriter audit)
    {
        var (query, field, error, forbidden) = JobListQuery.Parse(context);
        if (forbidden)
        {
            return await DeniedAsync(context, db, audit, job: null);
        }

        if (query is null)
        {
            return Problems.InvalidRequest(field, error);
        }

        var rows = await query.Apply(db.Jobs.AsNoTracking()).ToListAsync(context.RequestAborted);
        var page = rows.Take(query.Limit).ToList();
        var next = rows.Count > query.Limit ? JobCursor.Encode(page[^1].Id) : null;
        return TypedResults.Ok(new JobPage([.. page.Select(JobView.Of)], next));
    }

    private static async Task<Results<Ok<JobView>, ProblemHttpResult>> GetAsync(string id, HttpContext context, SecureExecDbContext db)
    {
        var job = await FindReadableAsync(id, context, db, tracked: false);
        return job is null ? Problems.NotFound() : TypedResults.Ok(JobView.Of(job));
    }

    private static async Task<Results<Ok<JobOutputPage>, ValidationProblem, ProblemHttpResult>> OutputAsync(
        string id, HttpContext context, SecureExecDbContext db, RunningJobs running)
    {
        var job = await FindReadableAsync(id, context, db, tracked: false);
        if (job is null)
        {
            return Problems.NotFound();
        }

        var (stream, offset, length, field, error) = JobOutputPage.ParseQuery(context.Request.Query);
        if (field.Length > 0)
        {
            return Problems.InvalidRequest(field, error);
        }

        var complete = JobStatusNames.Parse(job.Status).IsTerminal();
        var bytes = await OutputBytesAsync(job, stream, db, running, context.RequestAborted);
        return TypedResults.Ok(JobOutputPage.Of(stream, bytes, offset, length, complete, job.OutputTruncated));
    }

    /// <summary>What the job printed on <paramref name="stream"/>: all of it once it has ended, so far while it runs here.</summary>
    internal static async Task<byte[]> OutputBytesAsync(JobRecord job, OutputStreamKind stream, SecureExecDbContext db, RunningJobs running, CancellationToken cancellationToken)
    {
        if (JobStatusNames.Parse(job.Status).IsTerminal())
        {
            var output = await db.Set<JobOutputRecord>().AsNoTracking().FirstOrDefaultAsync(o => o.JobId == job.Id, cancellationToken);
            return stream == OutputStreamKind.Stdout ? output?.Stdout ?? [] : output?.Stderr ?? [];
        }

        // While it runs, what it has printed so far (from this process's live buffer).
        return running.Find(job.Id)?.Output.Snapshot(stream) ?? [];
    }

    private static async Task<Results<Ok<JobView>, Accepted<JobView>, ProblemHttpResult, ProblemWithHeadersResult>> CancelAsync(
        string id, HttpContext context, SecureExecDbContext db, JobCanceller canceller, AuditWriter audit)
    {
        var job = await FindReadableAsync(id, context, db, tracked: true);
        if (job is null)
        {
            return Problems.NotFound();
        }

        if (!context.User.CanCancel(job))
        {
            return await DeniedAsync(context, db, audit, job);
        }

        var outcome = await canceller.CancelAsync(context, db, job);
        var view = JobView.Of(job);
        return outcome switch
        {
            CancelOutcome.Cancelled => TypedResults.Ok(view),
            CancelOutcome.Stopping => TypedResults.Accepted(view.Links.Self, view),
            _ => Problems.Conflict($"The job has already ended ({job.Status})."),
        };
    }

    /// <summary>The generic 403, audited as <c>authz.denied</c> (even when the client has gone away).</summary>
    internal static async Task<ProblemWithHeadersResult> DeniedAsync(HttpContext context, SecureExecDbContext db, AuditWriter audit, JobRecord? job)
    {
        var endpoint = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? context.Request.Path.Value ?? "";
        await audit.SaveAsync(db, context.Audit(AuditActions.Denied, AuditOutcomes.Denied) with
        {
            Template = job?.Template,
            JobId = job?.Id,
            Details = new Dictionary<string, string> { ["endpoint"] = $"{context.Request.Method} {endpoint}" },
        }, CancellationToken.None);
        return Problems.InsufficientScope();
    }

    /// <summary>The job when it exists and the caller may read it; null otherwise, the two never told apart.</summary>
    internal static async Task<JobRecord?> FindReadableAsync(string id, HttpContext context, SecureExecDbContext db, bool tracked)
    {
        if (id.Length != 32)
        {
            return null;
        }

        var jobs = tracked ? db.Jobs : db.Jobs.AsNoTracking();
        var job = await jobs.FirstOrDefaultAsync(j => j.Id == id, context.RequestAborted);
        return job is not null && context.User.CanRead(job) ? job : null;
    }
}
