using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace SecureExec.Server.Api;

/// <summary>A problem-details result that also sets response headers (<c>Retry-After</c>, <c>WWW-Authenticate</c>).</summary>
public sealed class ProblemWithHeadersResult : IResult, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<ProblemDetails>, IContentTypeHttpResult
{
    private readonly ProblemHttpResult _problem;

    internal ProblemWithHeadersResult(ProblemHttpResult problem, IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        _problem = problem;
        Headers = headers;
    }

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    public ProblemDetails ProblemDetails => _problem.ProblemDetails;

    public int StatusCode => _problem.StatusCode;

    int? IStatusCodeHttpResult.StatusCode => StatusCode;

    public string ContentType => _problem.ContentType;

    object? IValueHttpResult.Value => ProblemDetails;

    ProblemDetails? IValueHttpResult<ProblemDetails>.Value => ProblemDetails;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        foreach (var (name, value) in Headers)
        {
            httpContext.Response.Headers[name] = value;
        }

        return _problem.ExecuteAsync(httpContext);
    }
}
