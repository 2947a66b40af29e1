using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SecureExec.Core.Audit;
using SecureExec.Core.Jobs;
using SecureExec.Server.Api;
using SecureExec.Server.Audit;
using SecureExec.Server.Auth;
using SecureExec.Server.Storage;

namespace SecureExec.Server.Jobs;

/// <summary>
/// <c>POST /execute</c>: read the body strictly, authorize against the catalog first, validate, then commit the job and
/// its audit entry together and queue it. <c>?wait=true</c> answers 200 with the finished job when it ends in time.
/// </summary>
internal static partial class ExecuteEndpoint
{
    public const string IdempotencyHeader = "Idempotency-Key";

    public static RouteHandlerBuilder MapExecute(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost("/execute", ExecuteAsync)
            .RequireAccessToken()
            .RequireRateLimiting(RateLimitPolicies.PerUser)
            .Accepts<ExecuteRequest>("application/json") // read by hand (strictly), so the document is told what it is
            .WithName("Execute")
            .WithSummary("Run a template: 202 with the queued job, or 200 with the finished one when ?wait=true")
            .WithTags("Jobs");

    private static async Task<Results<Ok<JobView>, Accepted<JobView>, ValidationProblem, ProblemHttpResult, ProblemWithHeadersResult>> ExecuteAsync(
        HttpContext context, SecureExecDbContext db, JobExecution executor, AuditWriter audit,
        Microsoft.Extensions.Options.IOptions<JobsOptions> options, TimeProvider time)
    {
        var wait = context.Request.Query["wait"].ToString();
        if (wait is not ("" or "true" or "false"))
        {
            return Problems.InvalidRequest("wait", "wait must be true or false");
        }

        var idempotencyKey = context.Request.Headers[IdempotencyHeader].ToString();
        if (idempotencyKey.Length > 0 && !SafeKey().IsMatch(idempotencyKey))
        {
            return Problems.InvalidRequest(IdempotencyHeader, "must be 1 to 200 printable ASCII characters without spaces");
        }

        var (request, field, error) = await ExecuteRequest.ReadAsync(context.Request, context.RequestAborted);
        if (request is null)
        {
            await audit.SaveAsync(db, context.Audit(AuditActions.JobRejected, AuditOutcomes.Denied) with
            {
                Details = new Dictionary<string, string> { ["reason"] = "malformed_request", ["field"] = field },
            });
            return Problems.InvalidRequest(field, $"{field} {error}");
        }

        var execution = await executor.ExecuteAsync(context, db, request.Template, request.Parameters, idempotencyKey.Length > 0 ? idempotencyKey : null, wait == "true");
        switch (execution.Outcome)
        {
            case ExecutionOutcome.Forbidden:
                return Problems.InsufficientScope();
            case ExecutionOutcome.Invalid:
                return Problems.Parameters(execution.Validation!);
        }

        var (template, submission) = (execution.Template!, execution.Submission!);
        switch (submission.Outcome)
        {
            case SubmissionOutcome.QueueFull:
                return Problems.QueueFull(options.Value.QueueFullRetryAfter);
            case SubmissionOutcome.QueueUnavailable:
                return Problems.QueueUnavailable(options.Value.QueueFullRetryAfter);
            case SubmissionOutcome.KeyConflict:
                return Problems.Conflict($"This {IdempotencyHeader} was used for a different request.");
            case SubmissionOutcome.Replayed:
                return Answer(submission.Job!);
        }

        var job = submission.Job!;
        if (submission.Finished is { } finished)
        {
            try
            {
                await finished.WaitAsync(template.Sandbox.Timeout + options.Value.WaitMargin, time, context.RequestAborted);
                job = await db.Jobs.AsNoTracking().FirstAsync(j => j.Id == job.Id, context.RequestAborted);
            }
            catch (Exception e) when (e is TimeoutException or OperationCanceledException)
            {
                // Still running, or the client left: the usual 202 tells where to look.
            }
        }

        return Answer(job);
    }

    /// <summary>200 with a finished job, 202 with one still queued or running; both point at the job.</summary>
    private static Results<Ok<JobView>, Accepted<JobView>, ValidationProblem, ProblemHttpResult, ProblemWithHeadersResult> Answer(JobRecord job)
    {
        var view = JobView.Of(job);
        return JobStatusNames.Parse(job.Status).IsTerminal()
            ? TypedResults.Ok(view)
            : TypedResults.Accepted(view.Links.Self, view);
    }

    [GeneratedRegex("^[\\x21-\\x7e]{1,200}$")]
    private static partial Regex SafeKey();
}
