using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SecureExec.Core.Jobs;
using SecureExec.Server.Storage;
using StackExchange.Redis;

namespace SecureExec.Server.Jobs.Queue;

/// <summary>
/// The Redis Streams queue shared by every process of a deployment. Publish is XADD after the row is committed;
/// workers read with XREADGROUP as consumers named host:pid:worker, and acknowledge (XACK + XDEL) only after the
/// runner settled the job. Entries a worker holds are refreshed every third of <c>ReclaimAfter</c>, so only a dead
/// worker's entries go idle and are reclaimed (XAUTOCLAIM) by another worker (<see cref="AbandonedEntries"/>).
/// Capacity counts the database's queued jobs, which every process shares and which survive a Redis restart.
/// </summary>
internal sealed partial class RedisJobQueue(
    RedisConnection connection, RedisJobStream stream, AbandonedEntries abandoned, IServiceScopeFactory scopes,
    IOptions<QueueOptions> queueOptions, IOptions<JobsOptions> jobsOptions, TimeProvider time, ILogger<RedisJobQueue> logger)
    : IJobQueue, IAsyncDisposable
{
    private readonly RedisQueueOptions _options = queueOptions.Value.Redis;
    private readonly string _consumerPrefix = $"{Environment.MachineName}:{Environment.ProcessId}:";
    private readonly ConcurrentDictionary<RedisValue, string> _held = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _heartbeatGate = new();
    private Task? _heartbeat;
    private int _depth;
    private int _unreachable;
    private int _disposed;

    public bool IsShared => true;

    public int Depth => Volatile.Read(ref _depth);

    public async ValueTask<Reservation> TryReserveAsync(CancellationToken cancellationToken)
    {
        if (!connection.IsConnected)
        {
            await connection.DatabaseAsync();
            if (!connection.IsConnected)
            {
                return Reservation.Unavailable;
            }
        }

        var queued = await CountQueuedAsync(cancellationToken);
        return queued >= jobsOptions.Value.QueueCapacity ? Reservation.Full : Reservation.Reserved;
    }

    /// <summary>Counts the accepted jobs not yet started, across every process; a metric and the capacity check.</summary>
    public async Task<int> CountQueuedAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SecureExecDbContext>();
        var queuedName = JobStatus.Queued.Name();
        var queued = await db.Jobs.CountAsync(j => j.Status == queuedName, cancellationToken);
        Volatile.Write(ref _depth, queued);
        return queued;
    }

    public void Release()
    {
    }

    public async ValueTask PublishAsync(string jobId)
    {
        try
        {
            await stream.AddAsync(jobId);
            if (_wake.CurrentCount < jobsOptions.Value.Workers)
            {
                _wake.Release();
            }
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // The row is committed, so the job is accepted: the reconciler publishes it once Redis answers again.
            PublishFailed(logger, e, jobId);
        }
    }

    public ValueTask RequeueAsync(string jobId) => PublishAsync(jobId);

    public async ValueTask<JobDelivery?> TakeAsync(int worker, CancellationToken stopping)
    {
        StartHeartbeat();
        var consumer = _consumerPrefix + worker.ToString(System.Globalization.CultureInfo.InvariantCulture);
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                if (await NextAsync(consumer) is { } delivery)
                {
                    Reachable();
                    return delivery;
                }

                Reachable();
            }
            catch (RedisServerException e) when (RedisJobStream.IsMissingGroup(e))
            {
                await TryAsync(stream.EnsureGroupAsync);
                continue;
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                Unreachable(e);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The database, most likely: the entry stays pending and is reclaimed once it answers.
                TakeFailed(logger, e);
            }

            if (!await WaitAsync(stopping))
            {
                break;
            }
        }

        return null;
    }

    /// <summary>First an abandoned entry (a dead worker's), then a new one.</summary>
    private async Task<JobDelivery?> NextAsync(string consumer)
    {
        var reclaimed = await stream.ReclaimAsync(consumer, _options.ReclaimAfter);
        foreach (var entry in reclaimed.ClaimedEntries)
        {
            if (RedisJobStream.JobOf(entry) is not { } jobId)
            {
                await stream.SettleAsync(entry.Id);
            }
            else if (await abandoned.ShouldRunAsync(jobId, entry.Id, _held.ContainsKey))
            {
                return Hold(entry.Id, consumer, jobId);
            }
        }

        foreach (var entry in await stream.ReadNewAsync(consumer))
        {
            if (RedisJobStream.JobOf(entry) is { } jobId)
            {
                return Hold(entry.Id, consumer, jobId);
            }

            await stream.SettleAsync(entry.Id);
        }

        return null;
    }

    private JobDelivery Hold(RedisValue entryId, string consumer, string jobId)
    {
        _held[entryId] = consumer;
        return new JobDelivery(jobId, entryId);
    }

    public async ValueTask AcknowledgeAsync(JobDelivery delivery)
    {
        var entryId = (RedisValue)delivery.Handle!;
        _held.TryRemove(entryId, out _);
        // Should this fail, the entry goes idle, is reclaimed, and the ended row gets it settled then.
        await TryAsync(() => stream.SettleAsync(entryId));
    }

    public void Abandon(JobDelivery delivery) => _held.TryRemove((RedisValue)delivery.Handle!, out _);

    /// <summary>
    /// A new entry for the job, then the old one settled: another worker takes it at once. Should Redis fail
    /// between the two, the old entry goes idle and its reclaim finds the job queued (or, with the new entry run
    /// first, ended) and settles it; a job is never run twice, the database decides.
    /// </summary>
    public async ValueTask HandBackAsync(JobDelivery delivery)
    {
        var entryId = (RedisValue)delivery.Handle!;
        try
        {
            await stream.AddAsync(delivery.JobId);
            await stream.SettleAsync(entryId);
            _held.TryRemove(entryId, out _);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            _held.TryRemove(entryId, out _);
            Unreachable(e);
        }
    }

    private async Task<bool> WaitAsync(CancellationToken stopping)
    {
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        try
        {
            await Task.WhenAny(Task.Delay(_options.PollInterval, time, waiting.Token), _wake.WaitAsync(waiting.Token));
        }
        finally
        {
            await waiting.CancelAsync();
        }

        return !stopping.IsCancellationRequested;
    }

    private void StartHeartbeat()
    {
        lock (_heartbeatGate)
        {
            _heartbeat ??= Task.Run(() => HeartbeatAsync(_stopping.Token), CancellationToken.None);
        }
    }

    /// <summary>Keeps the entries of jobs this process works on from going idle: only a dead process's entries are reclaimed.</summary>
    private async Task HeartbeatAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(_options.ReclaimAfter / 3, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping))
            {
                foreach (var held in _held.GroupBy(h => h.Value, h => h.Key))
                {
                    await TryAsync(() => stream.RefreshAsync(held.Key, [.. held]));
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task TryAsync(Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            Unreachable(e);
        }
    }

    private void Unreachable(Exception e)
    {
        if (Interlocked.Exchange(ref _unreachable, 1) == 0)
        {
            QueueUnreachable(logger, e);
        }
    }

    private void Reachable()
    {
        if (Interlocked.Exchange(ref _unreachable, 0) == 1)
        {
            QueueReachable(logger);
        }
    }

    /// <summary>Idempotent: the container disposes this once as itself and once as <see cref="IJobQueue"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync();
        Task? heartbeat;
        lock (_heartbeatGate)
        {
            heartbeat = _heartbeat;
        }

        if (heartbeat is not null)
        {
            await heartbeat;
        }

        _stopping.Dispose();
        _wake.Dispose();
    }

    [LoggerMessage(EventId = 4201, Level = LogLevel.Warning, Message = "Job {JobId} is stored but not yet published; the reconciler publishes it later")]
    private static partial void PublishFailed(ILogger logger, Exception exception, string jobId);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Error, Message = "The Redis job queue cannot be reached; retrying")]
    private static partial void QueueUnreachable(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4204, Level = LogLevel.Error, Message = "A worker could not take a job from the Redis queue; retrying")]
    private static partial void TakeFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4203, Level = LogLevel.Information, Message = "The Redis job queue answers again")]
    private static partial void QueueReachable(ILogger logger);
}
