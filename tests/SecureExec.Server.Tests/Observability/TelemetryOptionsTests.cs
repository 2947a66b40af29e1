using Microsoft.Extensions.Configuration;
using OpenTelemetry.Exporter;
using SecureExec.Server.Observability;

namespace SecureExec.Server.Tests.Observability;

public sealed class TelemetryOptionsTests
{
    [Fact]
    public void Defaults_ServeMetricsAndExportNothing()
    {
        var options = Read();

        Assert.True(options.MetricsEnabled);
        Assert.False(options.OtlpEnabled);
        Assert.Empty(options.Problems());
    }

    [Fact]
    public void OtlpEndpoint_EnablesExportWithTheConfiguredProtocol()
    {
        var options = Read(("SecureExec:Telemetry:OtlpEndpoint", "http://collector:4318"), ("SecureExec:Telemetry:OtlpProtocol", "http/protobuf"));

        Assert.Equal(new Uri("http://collector:4318"), options.OtlpEndpoint);
        Assert.Equal(OtlpExportProtocol.HttpProtobuf, options.OtlpProtocol);
        Assert.Empty(options.Problems());
    }

    [Fact]
    public void StandardVariable_EnablesExportThroughTheExporter()
    {
        var options = Read(("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4317"));

        Assert.True(options.OtlpFromEnvironment);
        Assert.Null(options.OtlpEndpoint);
    }

    [Theory]
    [InlineData("SecureExec:Telemetry:OtlpEndpoint", "collector:4317", "OtlpEndpoint")]
    [InlineData("SecureExec:Telemetry:OtlpEndpoint", "/v1/traces", "OtlpEndpoint")]
    [InlineData("SecureExec:Telemetry:OtlpEndpoint", "ftp://collector", "OtlpEndpoint")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "not a uri", "OTEL_EXPORTER_OTLP_ENDPOINT")]
    [InlineData("SecureExec:Telemetry:OtlpProtocol", "udp", "OtlpProtocol")]
    [InlineData("SecureExec:Telemetry:MetricsEnabled", "yes", "MetricsEnabled")]
    public void BadValue_IsAStartupProblemNamingTheKey(string key, string value, string named)
    {
        var options = Read((key, value));

        Assert.Contains(named, Assert.Single(options.Problems()), StringComparison.Ordinal);
        Assert.False(options.OtlpEnabled);
    }

    private static TelemetryOptions Read(params (string Key, string Value)[] values) =>
        TelemetryOptions.Read(new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build());
}
