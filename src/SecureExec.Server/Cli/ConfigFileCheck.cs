using Microsoft.Extensions.Diagnostics.HealthChecks;
using SecureExec.Core.Configuration;

namespace SecureExec.Server.Cli;

/// <summary>
/// One configuration file loaded at start-up: its errors stop the server (start-up check), and readiness reports it.
/// </summary>
internal sealed class ConfigFileCheck(IReadOnlyList<ConfigError> errors, string loadedSummary) : IStartupCheck, IHealthCheck
{
    public IEnumerable<string> Problems() => errors.Select(e => e.ToString());

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(errors.Count == 0 ? HealthCheckResult.Healthy(loadedSummary) : HealthCheckResult.Unhealthy($"{errors.Count} error(s)"));

    /// <summary>Registers the file's check under <paramref name="name"/> for start-up and readiness.</summary>
    public static void Register(IServiceCollection services, string name, IReadOnlyList<ConfigError> errors, string loadedSummary)
    {
        var check = new ConfigFileCheck(errors, loadedSummary);
        services.AddSingleton<IStartupCheck>(check);
        services.AddHealthChecks().Add(new HealthCheckRegistration(name, check, HealthStatus.Unhealthy, ["ready"]));
    }

    /// <summary>Prints every error of a file that did not load, then the count; the exit code of a failed check.</summary>
    public static int PrintFailure(string path, IReadOnlyList<ConfigError> errors, TextWriter writer)
    {
        foreach (var error in errors)
        {
            writer.WriteLine(error);
        }

        writer.WriteLine($"{path}: {errors.Count} error(s)");
        return 1;
    }
}
