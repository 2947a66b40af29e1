using SecureExec.Server.Observability;

namespace SecureExec.Server.Jobs;

/// <summary>
/// Starts the workers once the jobs left by the previous process are settled (<see cref="JobRecovery"/>): each
/// worker takes job ids from the queue and runs them one at a time. Stopping drains: the workers take no new job,
/// running jobs get <see cref="JobsOptions.DrainTimeout"/> to finish, then their sandboxes are stopped and they end
/// <c>interrupted</c> (audited, never run again). A job taken just as the stop began is handed back to the queue.
/// </summary>
internal sealed partial class JobDispatcher(
    JobRecovery recovery, IJobQueue queue, JobRunner runner, RunningJobs running, ServerMetrics metrics,
    Microsoft.Extensions.Options.IOptions<JobsOptions> options, TimeProvider time, ILogger<JobDispatcher> logger) : IHostedService, IDisposable
{
    /// <summary>What the host allows beyond the drain: the interrupted jobs' results are still written.</summary>
    internal static readonly TimeSpan AfterDrain = TimeSpan.FromSeconds(15);

    private readonly CancellationTokenSource _taking = new();
    private readonly CancellationTokenSource _interrupting = new();
    private readonly List<Task> _workers = [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        metrics.QueueDepth = () => queue.Depth;
        await recovery.RecoverAsync(cancellationToken);
        for (var i = 0; i < options.Value.Workers; i++)
        {
            var worker = i;
            _workers.Add(Task.Run(() => WorkAsync(worker), CancellationToken.None));
        }

        Started(logger, options.Value.Workers, options.Value.QueueCapacity);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _taking.CancelAsync();
        var workers = Task.WhenAll(_workers);
        var drain = options.Value.DrainTimeout;
        Draining(logger, running.Count, drain);
        if (drain > TimeSpan.Zero)
        {
            using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var winner = await Task.WhenAny(workers, Task.Delay(drain, time, waiting.Token));
            await waiting.CancelAsync();
            if (winner != workers)
            {
                Interrupting(logger, running.Count);
            }
        }

        // Anything still running is stopped now; it ends interrupted and its worker writes that before it returns.
        await _interrupting.CancelAsync();
        await workers.WaitAsync(cancellationToken);
    }

    /// <summary>Not in <see cref="StopAsync"/>: a host may be stopped twice (an explicit stop, then its disposal).</summary>
    public void Dispose()
    {
        _taking.Dispose();
        _interrupting.Dispose();
    }

    /// <summary>Acknowledges a delivery only once the runner has settled its job (result committed, or not its to run).</summary>
    private async Task WorkAsync(int worker)
    {
        while (await queue.TakeAsync(worker, _taking.Token) is { } delivery)
        {
            if (_taking.IsCancellationRequested)
            {
                // Taken as the stop began: not started, so another worker (or the next start) runs it.
                await queue.HandBackAsync(delivery);
                break;
            }

            try
            {
                await runner.RunAsync(delivery.JobId, _interrupting.Token);
            }
            catch (Exception e)
            {
                // The row stays as it was; the queue settles it later (a restart, or another worker's reclaim).
                RunFailed(logger, e, delivery.JobId);
                queue.Abandon(delivery);
                continue;
            }

            await queue.AcknowledgeAsync(delivery);
        }
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Job workers started: {Workers} workers, queue capacity {QueueCapacity}")]
    private static partial void Started(ILogger logger, int workers, int queueCapacity);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Error, Message = "Job {JobId} failed in its worker")]
    private static partial void RunFailed(ILogger logger, Exception exception, string jobId);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Information, Message = "Stopping: taking no new jobs, {Running} running job(s) may finish within {DrainTimeout}")]
    private static partial void Draining(ILogger logger, int running, TimeSpan drainTimeout);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Warning, Message = "Drain timeout reached: interrupting {Running} running job(s)")]
    private static partial void Interrupting(ILogger logger, int running);
}
