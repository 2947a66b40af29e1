using SecureExec.Server.Jobs.Queue;

namespace SecureExec.Server.Jobs.Events;

/// <summary>
/// With the Redis queue: every run this process starts is forwarded to its job's Redis stream
/// (<see cref="RedisOutputForwarder"/>); a follower reads this process's buffer when the job runs here, and the
/// job's Redis stream otherwise (<see cref="RedisLiveOutput"/>). Both give the same chunks with the same offsets.
/// </summary>
internal sealed class RedisJobEventBus(
    RedisConnection connection, RedisJobEvents events, RunningJobs running, TimeProvider time, ILogger<RedisJobEventBus> logger) : IJobEventBus
{
    public void Publish(RunningJob run) => _ = RedisOutputForwarder.Start(connection, events, run, time, logger);

    public async ValueTask<ILiveOutput?> FollowAsync(string jobId, Action changed, CancellationToken cancellationToken) =>
        InProcessJobEventBus.Follow(running, jobId, changed) ?? await RedisLiveOutput.OpenAsync(connection, events, jobId, changed);
}
