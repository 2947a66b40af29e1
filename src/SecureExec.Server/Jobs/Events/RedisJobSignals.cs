using Microsoft.EntityFrameworkCore;
using SecureExec.Server.Jobs.Queue;
using SecureExec.Server.Storage;
using StackExchange.Redis;

namespace SecureExec.Server.Jobs.Events;

/// <summary>
/// With the Redis queue: a cancel stops the run here when this process runs the job, and is otherwise announced on
/// the cancel channel, which every process listens to (<see cref="RedisJobSignalListener"/>). The announcement is only
/// the fast path: the cancel is already recorded on the job's row, which each worker checks for its runs.
/// </summary>
internal sealed partial class RedisJobStopper(
    RedisConnection connection, RedisJobEvents events, RunningJobs running, ILogger<RedisJobStopper> logger) : IRunningJobStopper
{
    public async ValueTask StopAsync(string jobId)
    {
        if (running.Cancel(jobId))
        {
            return;
        }

        try
        {
            var db = await connection.DatabaseAsync();
            await db.PublishAsync(events.CancelChannel, jobId);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            AnnounceFailed(logger, e, jobId);
        }
    }

    [LoggerMessage(EventId = 4302, Level = LogLevel.Warning, Message = "The cancel of job {JobId} could not be announced; its worker finds it on the job's row")]
    private static partial void AnnounceFailed(ILogger logger, Exception exception, string jobId);
}

/// <summary>
/// Stops this process's runs whose cancel was accepted by another process: at once when announced on the cancel
/// channel, and in any case within <c>CancelCheckInterval</c> by reading the cancel flag of its running jobs' rows.
/// Also ends the <c>?wait=true</c> waits of this process for jobs another process ran.
/// </summary>
internal sealed partial class RedisJobSignalListener(
    RedisConnection connection, RedisJobEvents events, RunningJobs running, JobCompletions completions, IServiceScopeFactory scopes,
    TimeProvider time, ILogger<RedisJobSignalListener> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var subscribed = false;
        using var timer = new PeriodicTimer(events.Options.CancelCheckInterval, time);
        do
        {
            subscribed = subscribed || await TrySubscribeAsync();
            await CheckRowsAsync(stoppingToken);
        }
        while (await WaitAsync(timer, stoppingToken));
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

    /// <summary>The connection restores the subscription by itself after a reconnect; it is made once.</summary>
    private async Task<bool> TrySubscribeAsync()
    {
        try
        {
            var db = await connection.DatabaseAsync();
            var subscriber = db.Multiplexer.GetSubscriber();
            await subscriber.SubscribeAsync(events.CancelChannel, (_, jobId) =>
            {
                if (!jobId.IsNullOrEmpty && running.Cancel(jobId.ToString()))
                {
                    Stopped(logger, jobId.ToString());
                }
            });
            await subscriber.SubscribeAsync(events.EndedChannel, (_, jobId) =>
            {
                if (!jobId.IsNullOrEmpty)
                {
                    completions.Finished(jobId.ToString());
                }
            });
            return true;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return false;
        }
    }

    private async Task CheckRowsAsync(CancellationToken stoppingToken)
    {
        var ids = running.Ids;
        if (ids.Count == 0)
        {
            return;
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<SecureExecDbContext>();
            var cancelled = await db.Jobs.AsNoTracking().Where(j => ids.Contains(j.Id) && j.CancelRequested).Select(j => j.Id).ToListAsync(stoppingToken);
            foreach (var jobId in cancelled.Where(id => running.Find(id) is { CancelRequested: false } && running.Cancel(id)))
            {
                Stopped(logger, jobId);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            CheckFailed(logger, e);
        }
    }

    [LoggerMessage(EventId = 4303, Level = LogLevel.Information, Message = "Job {JobId} stopped: its cancel was accepted by another process")]
    private static partial void Stopped(ILogger logger, string jobId);

    [LoggerMessage(EventId = 4304, Level = LogLevel.Warning, Message = "Could not read the cancel flags of this process's running jobs; retrying")]
    private static partial void CheckFailed(ILogger logger, Exception exception);
}
