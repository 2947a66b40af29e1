using SecureExec.Server.Observability;

namespace SecureExec.Server.Jobs;

/// <summary>
/// Starts the workers once the jobs left by the previous process are settled (<see cref="JobRecovery"/>): each
/// worker takes job ids from the queue and runs them one at a time. Stopping cancels the running sandboxes; their jobs
/// end <c>interrupted</c> and are never run again.
/// </summary>
internal sealed partial class JobDispatcher(
    JobRecovery recovery, IJobQueue queue, JobRunner runner, ServerMetrics metrics,
    Microsoft.Extensions.Options.IOptions<JobsOptions> options, ILogger<JobDispatcher> logger) : IHostedService
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _workers = [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        metrics.QueueDepth = () => queue.Depth;
        await recovery.RecoverAsync(cancellationToken);
        for (var i = 0; i < options.Value.Workers; i++)
        {
            var worker = i;
            _workers.Add(Task.Run(() => WorkAsync(worker, _stopping.Token), CancellationToken.None));
        }

        Started(logger, options.Value.Workers, options.Value.QueueCapacity);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await Task.WhenAll(_workers).WaitAsync(cancellationToken);
        _stopping.Dispose();
    }

    /// <summary>Acknowledges a delivery only once the runner has settled its job (result committed, or not its to run).</summary>
    private async Task WorkAsync(int worker, CancellationToken stopping)
    {
        while (await queue.TakeAsync(worker, stopping) is { } delivery)
        {
            try
            {
                await runner.RunAsync(delivery.JobId, stopping);
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
}
