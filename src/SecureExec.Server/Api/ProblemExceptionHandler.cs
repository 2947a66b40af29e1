using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace SecureExec.Server.Api;

/// <summary>
/// Turns exceptions into problem details. Input that does not bind is the client's error: 400 (or 415) naming what
/// is wrong. A database that cannot answer now (connection lost, busy, serialization failure) is 503 with
/// <c>Retry-After</c>. Anything else is ours: 500 with a generic body, the exception only in the log.
/// </summary>
internal sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception is BadHttpRequestException bad ? BadRequest(httpContext, bad)
            : Storage.StorageFailures.IsUnavailable(exception) ? StorageUnavailable(httpContext, exception)
            : Internal(httpContext, exception);
        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    private ProblemDetails BadRequest(HttpContext context, BadHttpRequestException exception)
    {
        RequestRejected(logger, exception.StatusCode, context.Request.Method, context.Request.Path);
        var problem = new ProblemDetails { Status = exception.StatusCode, Title = "Malformed request" };
        if (exception.InnerException is JsonException json)
        {
            problem.Detail = json.Path is null or "$"
                ? "The request body is not valid JSON."
                : $"The request body is not valid JSON, or a value has the wrong type, at {json.Path}.";
            problem.Extensions["json_path"] = json.Path;
            problem.Extensions["line"] = json.LineNumber + 1;
            problem.Extensions["position"] = json.BytePositionInLine + 1;
        }
        else if (exception.StatusCode == StatusCodes.Status415UnsupportedMediaType)
        {
            problem.Title = "Unsupported media type";
            problem.Detail = "Send the request body as application/json.";
        }
        else if (context.Request.ContentLength == 0)
        {
            problem.Detail = "A request body is required.";
        }
        else
        {
            // The framework's binding messages name the parameter and source, e.g. "Required parameter ... was not provided".
            problem.Detail = exception.Message;
        }

        return problem;
    }

    private ProblemDetails StorageUnavailable(HttpContext context, Exception exception)
    {
        DatabaseUnavailable(logger, exception, context.Request.Method, context.Request.Path);
        context.Response.Headers.RetryAfter = "1";
        return new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Type = ProblemTypes.Unavailable,
            Title = "Service unavailable",
            Detail = "The database cannot answer right now; retry shortly.",
        };
    }

    private ProblemDetails Internal(HttpContext context, Exception exception)
    {
        Unhandled(logger, exception, context.Request.Method, context.Request.Path);
        return new ProblemDetails
        {
            Status = StatusCodes.Status500InternalServerError,
            Type = ProblemTypes.Internal,
            Title = "Internal error",
            Detail = "The server failed to handle the request. It has been logged; quote the traceId when reporting it.",
        };
    }

    [LoggerMessage(EventId = 9001, Level = LogLevel.Error, Message = "Unhandled exception for {Method} {Path}")]
    private static partial void Unhandled(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(EventId = 9003, Level = LogLevel.Warning, Message = "Database unavailable for {Method} {Path}")]
    private static partial void DatabaseUnavailable(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(EventId = 9002, Level = LogLevel.Information, Message = "Rejected {Method} {Path} with {StatusCode}: the request did not bind")]
    private static partial void RequestRejected(ILogger logger, int statusCode, string method, string path);
}
