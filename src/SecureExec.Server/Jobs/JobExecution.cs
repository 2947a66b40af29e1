using System.Text.Json;
using SecureExec.Core.Audit;
using SecureExec.Core.Templates;
using SecureExec.Core.Templates.Validation;
using SecureExec.Server.Api;
using SecureExec.Server.Audit;
using SecureExec.Server.Commands;
using SecureExec.Server.Observability;
using SecureExec.Server.Storage;

namespace SecureExec.Server.Jobs;

/// <summary>What became of a request to run a template.</summary>
internal enum ExecutionOutcome
{
    /// <summary>Unknown template or not the caller's to run (audited; the two are never told apart).</summary>
    Forbidden,

    /// <summary>A parameter failed validation (audited as <c>job.rejected</c>, and as an injection attempt when it was one).</summary>
    Invalid,

    /// <summary>Validated and handed to <see cref="JobSubmitter"/>: see <see cref="Execution.Submission"/>.</summary>
    Submitted,
}

internal sealed record Execution(ExecutionOutcome Outcome, CommandTemplate? Template = null, ValidationResult? Validation = null, Submission? Submission = null);

/// <summary>
/// The one path from "run this template with these values" to a job, shared by <c>POST /execute</c> and the web
/// console: authorize against the catalog first, validate, audit a refusal, then submit.
/// </summary>
internal sealed class JobExecution(CommandAuthorization authorization, ParameterValidator validator, JobSubmitter submitter, AuditWriter audit, ServerMetrics metrics)
{
    private const int MaxAuditedValue = 256;

    public async Task<Execution> ExecuteAsync(
        HttpContext context, SecureExecDbContext db, string templateName, JsonElement parameters, string? idempotencyKey, bool watch)
    {
        var template = await authorization.AuthorizeAsync(context, db, templateName);
        if (template is null)
        {
            return new Execution(ExecutionOutcome.Forbidden);
        }

        var validation = validator.Validate(template, parameters);
        if (validation.Request is not { } validated)
        {
            await AuditRejectionAsync(context, db, template, parameters, validation);
            return new Execution(ExecutionOutcome.Invalid, template, validation);
        }

        var submission = await submitter.SubmitAsync(context, db, validated, idempotencyKey, watch);
        return new Execution(ExecutionOutcome.Submitted, template, validation, submission);
    }

    /// <summary><c>job.rejected</c> with each failing parameter's rule; and <c>security.injection_attempt</c> when a value tried.</summary>
    private async Task AuditRejectionAsync(HttpContext context, SecureExecDbContext db, CommandTemplate template, JsonElement parameters, ValidationResult validation)
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
}
