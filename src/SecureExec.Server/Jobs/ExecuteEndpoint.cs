using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SecureExec.Core.Audit;
using SecureExec.Core.Jobs;
using SecureExec.Core.Templates;
using SecureExec.Core.Templates.Validation;
using SecureExec.Server.Api;
using SecureExec.Server.Audit;
using SecureExec.Server.Auth;
using SecureExec.Server.Commands;
using SecureExec.Server.Observability;
using SecureExec.Server.Storage;

namespace SecureExec.Server.Jobs;

/// <summary>
/// <c>POST /execute</c>: read the body strictly, authorize against the catalog first, validate, then commit the job and
/// its audit entry together and queue it. <c>?wait=true</c> answers 200 with the finished job when it ends in time.
/// </summary>
internal static partial class ExecuteEndpoint
{
    public const string IdempotencyHeader = "Idempotency-Key";
    private const int MaxAuditedValue = 256;

    public static RouteHandlerBuilder MapExecute(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost("/execute", ExecuteAsync)
            .RequireAccessToken()
            .RequireRateLimiting(RateLimitPolicies.PerUser)
            .Accepts<ExecuteRequest>("application/json") // read by hand (strictly), so the document is told what it is
            .WithName("Execute")
            .WithSummary("Run a template: 202 with the queued job, or 200 with the finished one when ?wait=true")
            .WithTags("Jobs");

    private static async Task<Results<Ok<JobView>, Accepted<JobView>, ValidationProblem, ProblemHttpResult, ProblemWithHeadersResult>> ExecuteAsync(
        HttpContext context, SecureExecDbContext db, CommandAuthorization authorization, ParameterValidator validator,
        JobSubmitter submitter, AuditWriter audit, ServerMetrics metrics, Microsoft.Extensions.Options.IOptions<JobsOptions> options, TimeProvider time)
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

        var template = await authorization.AuthorizeAsync(context, db, request.Template);
        if (template is null)
        {
            return Problems.InsufficientScope();
        }

        var validation = validator.Validate(template, request.Parameters);
        if (validation.Request is not { } validated)
        {
            await AuditRejectionAsync(context, db, audit, metrics, template, request.Parameters, validation);
            return Problems.Parameters(validation);
        }

        var submission = await submitter.SubmitAsync(context, db, validated, idempotencyKey.Length > 0 ? idempotencyKey : null, wait == "true");
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

    /// <summary><c>job.rejected</c> with each failing parameter's rule; and <c>security.injection_attempt</c> when a value tried.</summary>
    private static async Task AuditRejectionAsync(
        HttpContext context, SecureExecDbContext db, AuditWriter audit, ServerMetrics metrics, CommandTemplate template, JsonElement parameters, ValidationResult validation)
    {
        var contents = new List<AuditContent>
        {
            context.Audit(AuditActions.JobRejected, AuditOutcomes.Denied) with { Template = template.Name, Details = RuleDetails(validation.Errors) },
        };
        if (validation.IsInjectionAttempt)
        {
            metrics.InjectionAttempt(template.Name);
            var attempts = validation.Errors.Where(e => e.IsInjectionAttempt).ToList();
            var details = new Dictionary<string, string>(RuleDetails(attempts), StringComparer.Ordinal);
            foreach (var error in attempts)
            {
                // The offending value as sent (the chain encodes it), so anomaly detection sees the payload; never a secret.
                if (template.FindParameter(error.Parameter) is { Sensitive: false } && parameters.ValueKind == JsonValueKind.Object
                    && parameters.TryGetProperty(error.Parameter, out var value))
                {
                    details["value." + error.Parameter] = RawText(value);
                }
            }

            contents.Add(context.Audit(AuditActions.InjectionAttempt, AuditOutcomes.Denied) with { Template = template.Name, Details = details });
        }

        // Recorded even when the client has gone away.
        await audit.SaveAsync(db, contents, CancellationToken.None);
    }

    private static string RawText(JsonElement value)
    {
        try
        {
            var raw = value.GetRawText();
            return raw.Length <= MaxAuditedValue ? raw : raw[..MaxAuditedValue] + "...";
        }
        catch (InvalidOperationException)
        {
            return "(invalid utf-8)";
        }
    }

    private static Dictionary<string, string> RuleDetails(IEnumerable<ParameterError> errors) =>
        errors.GroupBy(e => e.Parameter, StringComparer.Ordinal)
            .ToDictionary(g => "rule." + g.Key, g => string.Join(",", g.Select(e => e.Rule)), StringComparer.Ordinal);

    [GeneratedRegex("^[\\x21-\\x7e]{1,200}$")]
    private static partial Regex SafeKey();
}
