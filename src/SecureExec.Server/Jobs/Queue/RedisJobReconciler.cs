using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SecureExec.Core.Jobs;
using SecureExec.Server.Storage;

namespace SecureExec.Server.Jobs.Queue;

/// <summary>
/// Makes sure every accepted job is in the stream: at start and every <c>ReconcileInterval</c>, the queued jobs older
/// than <c>ReconcileGrace</c> that no stream entry holds (a publish that failed, a Redis restart that lost the
/// stream) are published again. A job published twice still runs once: the runner starts only a queued row.
/// </summary>
internal sealed partial class RedisJobReconciler(
    RedisJobStream stream, RedisJobQueue queue, IServiceScopeFactory scopes, IOptions<QueueOptions> options,
    TimeProvider time, ILogger<RedisJobReconciler> logger) : BackgroundService
{
    private readonly RedisQueueOptions _options = options.Value.Redis;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.ReconcileInterval, time);
        do
        {
            try
            {
                await ReconcileAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Redis or the database is down: the next round tries again.
                ReconcileFailed(logger, e);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    /// <summary>One round; returns how many jobs were published again.</summary>
    internal async Task<int> ReconcileAsync(CancellationToken cancellationToken)
    {
        await stream.EnsureGroupAsync();
        var held = await stream.JobIdsAsync();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SecureExecDbContext>();
        var queuedName = JobStatus.Queued.Name();
        var before = time.GetUtcNow() - _options.ReconcileGrace;
        var queued = await db.Jobs.AsNoTracking().Where(j => j.Status == queuedName)
            .Select(j => new { j.Id, j.CreatedAt }).ToListAsync(cancellationToken);
        var missing = queued.Where(j => j.CreatedAt <= before && !held.Contains(j.Id))
            .OrderBy(j => j.CreatedAt).ThenBy(j => j.Id, StringComparer.Ordinal).Select(j => j.Id).ToList();
        foreach (var jobId in missing)
        {
            await stream.AddAsync(jobId);
        }

        await queue.CountQueuedAsync(cancellationToken);
        if (missing.Count > 0)
        {
            Republished(logger, missing.Count);
        }

        return missing.Count;
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(EventId = 4220, Level = LogLevel.Warning, Message = "{Count} queued jobs were missing from the Redis stream and were published again")]
    private static partial void Republished(ILogger logger, int count);

    [LoggerMessage(EventId = 4221, Level = LogLevel.Error, Message = "Reconciling the Redis job stream failed; the next round tries again")]
    private static partial void ReconcileFailed(ILogger logger, Exception exception);
}
