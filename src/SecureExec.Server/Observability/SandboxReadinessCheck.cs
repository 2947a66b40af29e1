using Microsoft.Extensions.Diagnostics.HealthChecks;
using SecureExec.Sandbox;

namespace SecureExec.Server.Observability;

/// <summary>
/// Ready only while the sandbox self-test passes (namespaces, cgroups, seccomp, a trial run). The self-test costs a
/// sandbox start, so its result is reused for <see cref="CacheFor"/>; a host that loses a capability after start-up
/// (a cgroup controller, the sandbox user) turns not-ready within that time.
/// </summary>
internal sealed class SandboxReadinessCheck(SandboxSelfTest selfTest, TimeProvider time) : IHealthCheck
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private (DateTimeOffset At, IReadOnlyList<SandboxProblem> Problems)? _last;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            if (_last is not { } last || now - last.At >= CacheFor)
            {
                last = (now, await selfTest.RunAsync(cancellationToken));
                _last = last;
            }

            return last.Problems.Count == 0
                ? HealthCheckResult.Healthy("self-test passed")
                : HealthCheckResult.Unhealthy(string.Join("; ", last.Problems.Select(p => p.Code + ": " + p.Problem)));
        }
        finally
        {
            _gate.Release();
        }
    }
}
