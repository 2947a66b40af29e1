using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SecureExec.Core.Templates.Validation;
using SecureExec.Server.Api;

namespace SecureExec.Server.Commands;

/// <summary>
/// The problem details (RFC 9457) of the commands and jobs endpoints, each with its stable <see cref="ProblemTypes"/>
/// type. Bodies never echo a value the caller sent.
/// </summary>
internal static class ExecutionProblems
{
    /// <summary>
    /// 403 <c>insufficient_scope</c> (RFC 6750 §3.1) with a generic body: the same for a template the caller may not
    /// run and one that does not exist, so the catalog cannot be probed.
    /// </summary>
    public static ProblemHttpResult Forbidden(HttpContext context)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer error=\"insufficient_scope\"";
        return Problem(StatusCodes.Status403Forbidden, ProblemTypes.Forbidden, "Forbidden", "You are not allowed to do this.",
            new Dictionary<string, object?> { ["error"] = "insufficient_scope" });
    }

    /// <summary>404, the same for a job that does not exist and one the caller may not see.</summary>
    public static ProblemHttpResult NotFound() =>
        Problem(StatusCodes.Status404NotFound, ProblemTypes.NotFound, "Not found", "The resource does not exist.");

    public static ProblemHttpResult Conflict(string detail) =>
        Problem(StatusCodes.Status409Conflict, ProblemTypes.Conflict, "Conflict", detail);

    /// <summary>503 with <c>Retry-After</c>: the job queue is full and nothing was stored.</summary>
    public static ProblemHttpResult QueueFull(HttpContext context, TimeSpan retryAfter)
    {
        var seconds = Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return Problem(StatusCodes.Status503ServiceUnavailable, ProblemTypes.QueueFull, "Queue full",
            $"The job queue is full; nothing was started. Retry after {seconds} seconds.");
    }

    /// <summary>400 naming one part of the request and what is wrong with it.</summary>
    public static ValidationProblem Invalid(string name, string message) =>
        TypedResults.ValidationProblem(
            new Dictionary<string, string[]> { [name] = [message] },
            "The request is not valid.", title: "Invalid request", type: ProblemTypes.Validation);

    /// <summary>
    /// 400 naming each failing parameter: <c>errors</c> holds the messages, <c>rules</c> the stable rule names
    /// (<see cref="ValidationRules"/>). A refusal that looks like an injection attempt has its own type.
    /// </summary>
    public static ValidationProblem Validation(ValidationResult result)
    {
        var errors = result.Errors.GroupBy(e => e.Parameter, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => $"{g.Key} {e.Message}").ToArray(), StringComparer.Ordinal);
        var rules = result.Errors.GroupBy(e => e.Parameter, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Rule).ToArray(), StringComparer.Ordinal);
        return result.IsInjectionAttempt
            ? TypedResults.ValidationProblem(errors, "A value contains characters this parameter does not allow.", title: "Invalid parameters",
                type: ProblemTypes.InjectionAttempt, extensions: new Dictionary<string, object?> { ["rules"] = rules })
            : TypedResults.ValidationProblem(errors, "One or more parameters are invalid.", title: "Invalid parameters",
                type: ProblemTypes.Validation, extensions: new Dictionary<string, object?> { ["rules"] = rules });
    }

    private static ProblemHttpResult Problem(int status, string type, string title, string detail, IDictionary<string, object?>? extensions = null)
    {
        var problem = new ProblemDetails { Status = status, Type = type, Title = title, Detail = detail };
        foreach (var (key, value) in extensions ?? new Dictionary<string, object?>())
        {
            problem.Extensions[key] = value;
        }

        return TypedResults.Problem(problem);
    }
}
