using Microsoft.Extensions.Logging;
using SecureExec.Sandbox.Running;

namespace SecureExec.Sandbox;

/// <summary>
/// The sandbox: a bounded number of concurrent runs (callers wait for a slot, which is the back-pressure), each
/// one a <see cref="SandboxRun"/> in bubblewrap.
/// </summary>
internal sealed partial class BubblewrapSandbox : ISandbox, IDisposable
{
    private readonly SandboxRuntimeFactory _factory;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _slots;

    public BubblewrapSandbox(SandboxRuntimeFactory factory, TimeProvider time, ILogger<BubblewrapSandbox> logger)
    {
        _factory = factory;
        _time = time;
        _logger = logger;
        var slots = Math.Max(1, factory.Options.MaxConcurrentRuns);
        _slots = new SemaphoreSlim(slots, slots);
    }

    public async Task<SandboxResult> RunAsync(SandboxRequest request, IOutputSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(sink);
        if (request.Argv.Count == 0 || string.IsNullOrEmpty(request.Argv[0]))
        {
            return new SandboxResult { Status = SandboxStatus.SandboxError, Error = "The argv is empty." };
        }

        if (ProfileCheck.Problems(request.Profile) is { Count: > 0 } problems)
        {
            return new SandboxResult { Status = SandboxStatus.SandboxError, Error = "Invalid sandbox profile: " + string.Join("; ", problems) + "." };
        }

        if (!IsSafeRunId(request.RunId))
        {
            return new SandboxResult { Status = SandboxStatus.SandboxError, Error = "The run id must be 1-64 letters, digits, '-' or '_'." };
        }

        if (_factory.Runtime is not { } runtime)
        {
            return new SandboxResult { Status = SandboxStatus.SandboxError, Error = string.Join(" ", _factory.Problems) };
        }

        var queued = _time.GetTimestamp();
        try
        {
            await _slots.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return new SandboxResult { Status = SandboxStatus.Cancelled, QueueTime = _time.GetElapsedTime(queued) };
        }

        var queueTime = _time.GetElapsedTime(queued);
        if (queueTime > TimeSpan.FromSeconds(1))
        {
            LogQueued(_logger, request.RunId, queueTime);
        }

        try
        {
            var result = await new SandboxRun(runtime, request, sink).ExecuteAsync(cancellationToken);
            return result with { QueueTime = queueTime };
        }
        finally
        {
            _slots.Release();
        }
    }

    public void Dispose() => _slots.Dispose();

    /// <summary>The run id becomes a cgroup directory name, so it is held to a plain alphabet.</summary>
    private static bool IsSafeRunId(string runId) =>
        runId.Length is > 0 and <= 64 && runId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    [LoggerMessage(EventId = 3110, Level = LogLevel.Information, Message = "Sandbox run {RunId} waited {QueueTime} for a free slot")]
    private static partial void LogQueued(ILogger logger, string runId, TimeSpan queueTime);
}
