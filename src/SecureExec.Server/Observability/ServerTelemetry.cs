using System.Diagnostics;
using System.Reflection;

namespace SecureExec.Server.Observability;

/// <summary>
/// The server's own trace source. Features start spans with <c>ServerTelemetry.ActivitySource.StartActivity("job.run")</c>;
/// they are exported with the ASP.NET Core request spans when OTLP is configured, and their ids are in every log line.
/// </summary>
public static class ServerTelemetry
{
    public const string SourceName = "SecureExec";

    public const string ServiceName = "secureexec";

    public static string Version { get; } =
        typeof(ServerTelemetry).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    public static ActivitySource ActivitySource { get; } = new(SourceName, Version);
}
