using Microsoft.Extensions.Logging.Console;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using SecureExec.Server.Cli;

namespace SecureExec.Server.Observability;

public static class ObservabilitySetup
{
    public const string MetricsPath = "/metrics";

    /// <summary>
    /// <see cref="ServerMetrics"/>, OpenTelemetry metrics (the <c>SecureExec</c> meter and ASP.NET Core's) for
    /// Prometheus at <c>/metrics</c>, traces (ASP.NET Core and <see cref="ServerTelemetry.ActivitySource"/>), OTLP
    /// export only when an endpoint is configured, and JSON console logs carrying their scopes: the correlation id,
    /// trace id and span id of the request.
    /// </summary>
    public static IServiceCollection AddServerObservability(this IServiceCollection services, IConfiguration configuration)
    {
        var options = TelemetryOptions.Read(configuration);
        services.AddSingleton(options);
        services.AddSingleton<IStartupCheck>(options);
        services.AddSingleton<ServerMetrics>();

        services.Configure<JsonConsoleFormatterOptions>(o => o.IncludeScopes = true);
        services.Configure<LoggerFactoryOptions>(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(ServerTelemetry.ServiceName, serviceVersion: ServerTelemetry.Version))
            .WithTracing(tracing => tracing
                .AddSource(ServerTelemetry.SourceName)
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments(MetricsPath)));

        if (options.MetricsEnabled || options.OtlpEnabled)
        {
            telemetry.WithMetrics(metrics =>
            {
                metrics.AddMeter(ServerMetrics.MeterName).AddAspNetCoreInstrumentation();
                if (options.MetricsEnabled)
                {
                    metrics.AddPrometheusExporter();
                }
            });
        }

        if (options.OtlpEndpoint is { } endpoint)
        {
            telemetry.UseOtlpExporter(options.OtlpProtocol, endpoint);
        }
        else if (options.OtlpFromEnvironment)
        {
            // The exporter reads OTEL_EXPORTER_OTLP_* itself, as every OpenTelemetry SDK does.
            telemetry.UseOtlpExporter();
        }

        return services;
    }

    /// <summary>
    /// The Prometheus scrape endpoint, unless <c>SecureExec:Telemetry:MetricsEnabled</c> is false: a route handler
    /// that hands the request to the exporter's middleware, so the OpenAPI document describes it.
    /// </summary>
    public static IEndpointRouteBuilder MapServerMetrics(this IEndpointRouteBuilder endpoints)
    {
        if (endpoints.ServiceProvider.GetRequiredService<TelemetryOptions>().MetricsEnabled)
        {
            var scrape = endpoints.CreateApplicationBuilder()
                .UseOpenTelemetryPrometheusScrapingEndpoint(meterProvider: null, predicate: _ => true, path: null, configureBranchedPipeline: null, optionsName: null)
                .Build();
            // As a Delegate, not a RequestDelegate: a route handler carries what the OpenAPI document describes.
            endpoints.MapGet(MetricsPath, (Delegate)((HttpContext context) => scrape(context)))
                .WithName("Metrics").WithSummary("Metrics in the Prometheus text format").WithTags("Observability");
        }

        return endpoints;
    }
}
