using OpenTelemetry.Exporter;
using SecureExec.Server.Cli;

namespace SecureExec.Server.Observability;

/// <summary>
/// <c>SecureExec:Telemetry</c>: <c>MetricsEnabled</c> (the <c>/metrics</c> scrape endpoint, default true),
/// <c>OtlpEndpoint</c> (absolute URI; falls back to the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>; nothing is
/// exported when neither is set) and <c>OtlpProtocol</c> (<c>grpc</c>, the default, or <c>http/protobuf</c>).
/// </summary>
internal sealed class TelemetryOptions : IStartupCheck
{
    public const string Section = "SecureExec:Telemetry";
    public const string StandardOtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    private readonly List<string> _problems = [];

    public bool MetricsEnabled { get; private init; } = true;

    /// <summary>Set only from <c>SecureExec:Telemetry:OtlpEndpoint</c>; the standard variable is left to the exporter.</summary>
    public Uri? OtlpEndpoint { get; private init; }

    public bool OtlpFromEnvironment { get; private init; }

    public OtlpExportProtocol OtlpProtocol { get; private init; } = OtlpExportProtocol.Grpc;

    public bool OtlpEnabled => OtlpEndpoint is not null || OtlpFromEnvironment;

    public IEnumerable<string> Problems() => _problems;

    /// <summary>Reads the section without throwing: every bad value is a start-up problem, and a safe default is used.</summary>
    public static TelemetryOptions Read(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var problems = new List<string>();

        var metricsText = section["MetricsEnabled"];
        var metricsEnabled = true;
        if (!string.IsNullOrWhiteSpace(metricsText) && !bool.TryParse(metricsText, out metricsEnabled))
        {
            problems.Add($"{Section}:MetricsEnabled: '{metricsText}' is not true or false.");
            metricsEnabled = true;
        }

        Uri? endpoint = null;
        var endpointText = section["OtlpEndpoint"];
        if (!string.IsNullOrWhiteSpace(endpointText) && !TryHttpUri(endpointText, out endpoint))
        {
            problems.Add($"{Section}:OtlpEndpoint: '{endpointText}' is not an absolute http(s) URI, e.g. http://collector:4317.");
        }

        var standardText = configuration[StandardOtlpEndpointKey];
        var fromEnvironment = endpoint is null && string.IsNullOrWhiteSpace(endpointText) && !string.IsNullOrWhiteSpace(standardText);
        if (fromEnvironment && !TryHttpUri(standardText!, out _))
        {
            problems.Add($"{StandardOtlpEndpointKey}: '{standardText}' is not an absolute http(s) URI.");
            fromEnvironment = false;
        }

        var protocol = OtlpExportProtocol.Grpc;
        switch (section["OtlpProtocol"])
        {
            case null or "" or "grpc":
                break;
            case "http/protobuf":
                protocol = OtlpExportProtocol.HttpProtobuf;
                break;
            case var other:
                problems.Add($"{Section}:OtlpProtocol: '{other}' is neither grpc nor http/protobuf.");
                break;
        }

        var options = new TelemetryOptions { MetricsEnabled = metricsEnabled, OtlpEndpoint = endpoint, OtlpFromEnvironment = fromEnvironment, OtlpProtocol = protocol };
        options._problems.AddRange(problems);
        return options;
    }

    /// <summary>An absolute http(s) URI; on Linux "/v1/traces" would otherwise parse as an absolute file URI.</summary>
    private static bool TryHttpUri(string text, out Uri? uri)
    {
        uri = Uri.TryCreate(text, UriKind.Absolute, out var parsed) && (parsed.Scheme == Uri.UriSchemeHttp || parsed.Scheme == Uri.UriSchemeHttps) ? parsed : null;
        return uri is not null;
    }
}
