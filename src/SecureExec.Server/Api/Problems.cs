using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SecureExec.Core.Templates.Validation;

namespace SecureExec.Server.Api;

/// <summary>
/// Typed problem-details results (RFC 9457) for endpoints, each with its stable <see cref="ProblemTypes"/> type.
/// The problem-details service adds <c>traceId</c> and <c>correlationId</c> when they are written.
/// </summary>
public static class Problems
{
    /// <summary>400: per-parameter messages, keyed by the parameter's name; <paramref name="rules"/> names each failed rule.</summary>
    public static ValidationProblem Validation(IDictionary<string, string[]> errors, string? detail = null, IDictionary<string, string[]>? rules = null) =>
        TypedResults.ValidationProblem(errors, detail ?? "One or more parameters are invalid.", title: "Invalid parameters", type: ProblemTypes.Validation,
            extensions: Rules(rules));

    /// <summary>400: a value carried shell syntax where the parameter does not allow it.</summary>
    public static ValidationProblem InjectionAttempt(IDictionary<string, string[]> errors, IDictionary<string, string[]>? rules = null) =>
        TypedResults.ValidationProblem(errors, "A value contains characters this parameter does not allow.", title: "Invalid parameters",
            type: ProblemTypes.InjectionAttempt, extensions: Rules(rules));

    /// <summary>
    /// 400 for a template's parameters: <c>errors</c> holds each failing parameter's messages, <c>rules</c> the stable
    /// rule names (<see cref="ValidationRules"/>); a refusal that looks like an injection attempt has its own type.
    /// </summary>
    public static ValidationProblem Parameters(ValidationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var byParameter = result.Errors.GroupBy(e => e.Parameter, StringComparer.Ordinal).ToList();
        var errors = byParameter.ToDictionary(g => g.Key, g => g.Select(e => $"{g.Key} {e.Message}").ToArray(), StringComparer.Ordinal);
        var rules = byParameter.ToDictionary(g => g.Key, g => g.Select(e => e.Rule).ToArray(), StringComparer.Ordinal);
        return result.IsInjectionAttempt ? InjectionAttempt(errors, rules) : Validation(errors, rules: rules);
    }

    /// <summary>400: a part of the request other than a template parameter (query, header, body field) is wrong.</summary>
    public static ValidationProblem InvalidRequest(IEnumerable<KeyValuePair<string, string[]>> errors) =>
        TypedResults.ValidationProblem(errors, "The request is not valid.", title: "Invalid request", type: ProblemTypes.Validation);

    /// <summary>400 naming one part of the request and what is wrong with it.</summary>
    public static ValidationProblem InvalidRequest(string name, string message) =>
        InvalidRequest(new Dictionary<string, string[]> { [name] = [message] });

    /// <summary>401 with <c>WWW-Authenticate: Bearer</c>, and the OAuth2 error code when one applies (RFC 6750).</summary>
    public static ProblemWithHeadersResult Unauthorized(string? error = null, string? errorDescription = null)
    {
        var challenge = error is null ? "Bearer" : $"Bearer error=\"{Quoted(error)}\"";
        if (error is not null && errorDescription is not null)
        {
            challenge += $", error_description=\"{Quoted(errorDescription)}\"";
        }

        return new(Problem(StatusCodes.Status401Unauthorized, ProblemTypes.Unauthorized, "Unauthorized", errorDescription ?? "A valid access token is required."),
            [new("WWW-Authenticate", challenge)]);
    }

    /// <summary>403 with a generic body: it never says which scope, template or owner was missing.</summary>
    public static ProblemHttpResult Forbidden() =>
        Problem(StatusCodes.Status403Forbidden, ProblemTypes.Forbidden, "Forbidden", "You are not allowed to do this.");

    /// <summary>
    /// 403 <c>insufficient_scope</c> (RFC 6750 §3.1): the generic <see cref="Forbidden"/> body with <c>"error":
    /// "insufficient_scope"</c>, and <c>WWW-Authenticate: Bearer error="insufficient_scope"</c>, naming
    /// <paramref name="scope"/> only when it is a route's reserved scope (never a template's: that would help probing).
    /// </summary>
    public static ProblemWithHeadersResult InsufficientScope(string? scope = null)
    {
        var problem = Forbidden();
        problem.ProblemDetails.Extensions["error"] = "insufficient_scope";
        var challenge = "Bearer error=\"insufficient_scope\"";
        if (!string.IsNullOrEmpty(scope))
        {
            challenge += $", scope=\"{Quoted(scope)}\"";
        }

        return new(problem, [new("WWW-Authenticate", challenge)]);
    }

    public static ProblemHttpResult NotFound(string? detail = null) =>
        Problem(StatusCodes.Status404NotFound, ProblemTypes.NotFound, "Not found", detail ?? "The resource does not exist.");

    public static ProblemHttpResult Conflict(string detail) =>
        Problem(StatusCodes.Status409Conflict, ProblemTypes.Conflict, "Conflict", detail);

    /// <summary>429 with <c>Retry-After</c> in whole seconds.</summary>
    public static ProblemWithHeadersResult TooManyRequests(TimeSpan retryAfter, string? detail = null) =>
        WithRetryAfter(Problem(StatusCodes.Status429TooManyRequests, ProblemTypes.RateLimited, "Too many requests",
            detail ?? $"Too many requests; retry after {RetryAfterSeconds(retryAfter)} seconds."), retryAfter);

    /// <summary>503 with <c>Retry-After</c>: the job queue is full, the request was not accepted.</summary>
    public static ProblemWithHeadersResult QueueFull(TimeSpan retryAfter) =>
        WithRetryAfter(Problem(StatusCodes.Status503ServiceUnavailable, ProblemTypes.QueueFull, "Queue full",
            $"The job queue is full; nothing was started. Retry after {RetryAfterSeconds(retryAfter)} seconds."), retryAfter);

    /// <summary>503 with <c>Retry-After</c>: the job queue cannot be reached, the request was not accepted.</summary>
    public static ProblemWithHeadersResult QueueUnavailable(TimeSpan retryAfter) =>
        WithRetryAfter(Problem(StatusCodes.Status503ServiceUnavailable, ProblemTypes.Unavailable, "Service unavailable",
            $"The job queue cannot be reached; nothing was started. Retry after {RetryAfterSeconds(retryAfter)} seconds."), retryAfter);

    /// <summary>503: a dependency the request needs is down.</summary>
    public static ProblemHttpResult Unavailable(string? detail = null) =>
        Problem(StatusCodes.Status503ServiceUnavailable, ProblemTypes.Unavailable, "Service unavailable", detail ?? "The service cannot answer right now.");

    /// <summary>Whole seconds, rounded up and at least one, as <c>Retry-After</c> carries them.</summary>
    public static long RetryAfterSeconds(TimeSpan retryAfter) => Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds));

    private static ProblemHttpResult Problem(int status, string type, string title, string detail) =>
        TypedResults.Problem(new ProblemDetails { Status = status, Type = type, Title = title, Detail = detail });

    private static ProblemWithHeadersResult WithRetryAfter(ProblemHttpResult problem, TimeSpan retryAfter) =>
        new(problem, [new("Retry-After", RetryAfterSeconds(retryAfter).ToString(System.Globalization.CultureInfo.InvariantCulture))]);

    private static Dictionary<string, object?>? Rules(IDictionary<string, string[]>? rules) =>
        rules is null ? null : new Dictionary<string, object?> { ["rules"] = rules };

    private static string Quoted(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
}
