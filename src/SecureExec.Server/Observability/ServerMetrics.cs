using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace SecureExec.Server.Observability;

/// <summary>
/// The server's own instruments on the <c>SecureExec</c> meter, exported at <c>/metrics</c>. Features record through
/// this one class so names and tags stay consistent.
/// </summary>
public sealed class ServerMetrics
{
    public const string MeterName = "SecureExec";

    private readonly Counter<long> _jobs;
    private readonly Histogram<double> _jobDuration;
    private readonly Histogram<double> _sandboxStartup;
    private readonly Histogram<double> _queueWait;
    private readonly Counter<long> _loginFailures;
    private readonly Counter<long> _lockouts;
    private readonly Counter<long> _injectionAttempts;
    private readonly Counter<long> _rateLimited;
    private readonly Counter<long> _denied;

    /// <summary>Buckets for durations in seconds, from a sandbox start (milliseconds) to a long job (minutes).</summary>
    private static readonly InstrumentAdvice<double> Seconds = new()
    {
        HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600],
    };

    public ServerMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _jobs = meter.CreateCounter<long>("secureexec.jobs", "{job}", "Jobs that ended, by template and outcome");
        _jobDuration = meter.CreateHistogram<double>("secureexec.job.duration", "s", "Wall time of finished jobs", tags: null, advice: Seconds);
        _sandboxStartup = meter.CreateHistogram<double>("secureexec.sandbox.startup", "s", "Time from spawning the sandbox to releasing the command", tags: null, advice: Seconds);
        _queueWait = meter.CreateHistogram<double>("secureexec.queue.wait", "s", "Time from submission to start", tags: null, advice: Seconds);
        _loginFailures = meter.CreateCounter<long>("secureexec.auth.login_failures", "{attempt}", "Failed logins");
        _lockouts = meter.CreateCounter<long>("secureexec.auth.lockouts", "{lockout}", "Accounts or addresses locked after failed logins");
        _injectionAttempts = meter.CreateCounter<long>("secureexec.security.injection_attempts", "{request}", "Requests refused for shell syntax in a value");
        _rateLimited = meter.CreateCounter<long>("secureexec.rate_limit.rejections", "{request}", "Requests refused by a rate limit");
        _denied = meter.CreateCounter<long>("secureexec.authz.denied", "{request}", "Requests refused for missing scopes or unknown templates");
        meter.CreateObservableGauge("secureexec.queue.depth", () => QueueDepth?.Invoke() ?? 0, "{job}", "Jobs waiting in the queue");
    }

    /// <summary>Set by the queue so the gauge can read its depth.</summary>
    public Func<int>? QueueDepth { get; set; }

    public void JobFinished(string template, string outcome, TimeSpan duration)
    {
        var tags = new TagList { { "template", template }, { "outcome", outcome } };
        _jobs.Add(1, tags);
        _jobDuration.Record(duration.TotalSeconds, tags);
    }

    public void SandboxStarted(TimeSpan startup) => _sandboxStartup.Record(startup.TotalSeconds);

    public void JobWaited(TimeSpan wait) => _queueWait.Record(wait.TotalSeconds);

    public void LoginFailed(string grantType) => _loginFailures.Add(1, new KeyValuePair<string, object?>("grant_type", grantType));

    public void Locked(string kind) => _lockouts.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public void InjectionAttempt(string template) => _injectionAttempts.Add(1, new KeyValuePair<string, object?>("template", template));

    public void RateLimited(string policy) => _rateLimited.Add(1, new KeyValuePair<string, object?>("policy", policy));

    public void Denied(string reason) => _denied.Add(1, new KeyValuePair<string, object?>("reason", reason));
}
