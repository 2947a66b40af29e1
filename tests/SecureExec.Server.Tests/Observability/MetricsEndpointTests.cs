using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SecureExec.Server.Observability;

namespace SecureExec.Server.Tests.Observability;

/// <summary><c>/metrics</c> serves the SecureExec instruments and ASP.NET Core's request duration as Prometheus text.</summary>
public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task Metrics_AfterRecording_ServeSecureExecInstrumentsAndHttpDuration()
    {
        await using var server = await ArrangedServer.StartAsync();
        var metrics = server.Services.GetRequiredService<ServerMetrics>();
        metrics.RateLimited("per-user");
        metrics.JobFinished("disk_usage", "succeeded", TimeSpan.FromMilliseconds(120));
        metrics.Denied("insufficient_scope");

        // The request duration is recorded once the response is done; wait for that measurement, not for a time.
        using var recorded = new RequestDurationRecorded(server.Services.GetRequiredService<IMeterFactory>());
        using (var live = await server.Client.GetAsync("/health/live"))
        {
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }

        await recorded.Task.WaitAsync(TimeSpan.FromSeconds(30));
        using var response = await server.Client.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        Assert.Contains("secureexec_rate_limit_rejections_total{", text, StringComparison.Ordinal);
        Assert.Contains("policy=\"per-user\"", text, StringComparison.Ordinal);
        Assert.Contains("secureexec_jobs_total{", text, StringComparison.Ordinal);
        Assert.Contains("secureexec_job_duration_seconds_bucket{", text, StringComparison.Ordinal);
        Assert.Matches("secureexec_job_duration_seconds_bucket\\{[^}]*le=\"0.025\"", text);
        Assert.Contains("secureexec_authz_denied_total{", text, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds_bucket{", text, StringComparison.Ordinal);
        Assert.Contains("http_route=\"/health/live\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_WhenDisabled_AreNotServed()
    {
        await using var server = await ArrangedServer.StartAsync(null, "--SecureExec:Telemetry:MetricsEnabled=false");

        using var response = await server.Client.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    /// <summary>Completes when this server's meter records an <c>http.server.request.duration</c> measurement.</summary>
    private sealed class RequestDurationRecorded : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly TaskCompletionSource _recorded = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public RequestDurationRecorded(IMeterFactory serverMeters)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Name == "http.server.request.duration" && ReferenceEquals(instrument.Meter.Scope, serverMeters))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<double>((_, _, _, _) => _recorded.TrySetResult());
            _listener.Start();
        }

        public Task Task => _recorded.Task;

        public void Dispose() => _listener.Dispose();
    }
}
