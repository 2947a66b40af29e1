using System.Diagnostics;
using System.Text.Json;

namespace SecureExec.Server.Api;

public static class ProblemDetailsSetup
{
    /// <summary>
    /// Every error is RFC 9457 problem details carrying <c>traceId</c> and <c>correlationId</c>: endpoint results,
    /// status codes without a body (404, 405, 415…), input that does not bind (400), and unhandled exceptions (500).
    /// </summary>
    public static IServiceCollection AddServerProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = Enrich);

        // Resource bodies in snake_case, like OAuth2's token responses, the audit log and the seed's API.
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);
        services.AddExceptionHandler<ProblemExceptionHandler>();

        // Binding failures reach the exception handler, which names what was wrong, instead of an empty 400.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }

    /// <summary>Exceptions and body-less error statuses become problem details. Goes right after the correlation id.</summary>
    public static IApplicationBuilder UseServerErrorHandling(this IApplicationBuilder app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }

    /// <summary>Our stable type for a status whose problem has none of its own (the framework puts an RFC link there).</summary>
    internal static string? TypeFor(int status) => status switch
    {
        StatusCodes.Status400BadRequest => ProblemTypes.BadRequest,
        StatusCodes.Status401Unauthorized => ProblemTypes.Unauthorized,
        StatusCodes.Status403Forbidden => ProblemTypes.Forbidden,
        StatusCodes.Status404NotFound => ProblemTypes.NotFound,
        StatusCodes.Status405MethodNotAllowed => ProblemTypes.MethodNotAllowed,
        StatusCodes.Status409Conflict => ProblemTypes.Conflict,
        StatusCodes.Status415UnsupportedMediaType => ProblemTypes.UnsupportedMediaType,
        StatusCodes.Status429TooManyRequests => ProblemTypes.RateLimited,
        StatusCodes.Status500InternalServerError => ProblemTypes.Internal,
        StatusCodes.Status503ServiceUnavailable => ProblemTypes.Unavailable,
        _ => null,
    };

    private static void Enrich(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var http = context.HttpContext;
        var status = problem.Status ?? http.Response.StatusCode;
        if ((problem.Type is null || problem.Type.StartsWith("https://tools.ietf.org/", StringComparison.Ordinal)) && TypeFor(status) is { } type)
        {
            problem.Type = type;
        }

        // The same id the JSON logs carry as TraceId, so one search finds the request's log lines.
        problem.Extensions.Remove("traceId");
        problem.Extensions["trace_id"] = Activity.Current?.TraceId.ToHexString() ?? http.TraceIdentifier;
        problem.Extensions["correlation_id"] = Observability.CorrelationId.GetCorrelationId(http);
    }
}
