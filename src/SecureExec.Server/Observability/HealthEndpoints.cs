using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace SecureExec.Server.Observability;

public static class HealthEndpoints
{
    public static IServiceCollection AddServerHealth(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<SandboxReadinessCheck>("sandbox", tags: ["ready"]);
        return services;
    }

    /// <summary>
    /// <c>/health/live</c>: the process answers. <c>/health/ready</c>: every dependency tagged "ready" is healthy.
    /// 200 when healthy or degraded, 503 when not, as the health-check middleware answers; route handlers, so the
    /// OpenAPI document describes them.
    /// </summary>
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var health = endpoints.MapGroup("/health").WithTags("Health");
        health.MapGet("/live", (HealthCheckService checks, HttpContext context) => ReportAsync(checks, context, _ => false))
            .WithName("Live").WithSummary("The process answers");
        health.MapGet("/ready", (HealthCheckService checks, HttpContext context) => ReportAsync(checks, context, c => c.Tags.Contains("ready")))
            .WithName("Ready").WithSummary("Every dependency (database, sandbox, catalog, permissions) is healthy");
        return endpoints;
    }

    private static async Task<Results<Ok<HealthView>, JsonHttpResult<HealthView>>> ReportAsync(
        HealthCheckService checks, HttpContext context, Func<HealthCheckRegistration, bool> predicate)
    {
        var report = await checks.CheckHealthAsync(predicate, context.RequestAborted);
        context.Response.Headers.CacheControl = "no-store";
        var view = HealthView.Of(report);
        return report.Status == HealthStatus.Unhealthy
            ? TypedResults.Json(view, statusCode: StatusCodes.Status503ServiceUnavailable)
            : TypedResults.Ok(view);
    }
}

/// <summary>A health report: the overall status and each check's (<c>Healthy</c>, <c>Degraded</c>, <c>Unhealthy</c>).</summary>
public sealed record HealthView(string Status, IReadOnlyDictionary<string, HealthCheckView> Checks)
{
    internal static HealthView Of(HealthReport report) => new(
        report.Status.ToString(),
        report.Entries.ToDictionary(e => e.Key, e => new HealthCheckView(e.Value.Status.ToString(), e.Value.Description)));
}

public sealed record HealthCheckView(string Status, string? Description);
