using SecureExec.Sandbox;

namespace SecureExec.Server.Jobs.Events;

/// <summary>
/// Carries a running job's output and its end from the worker that runs it to the live streams that follow it. With
/// the in-process queue both sides are this process (<see cref="InProcessJobEventBus"/>); with the Redis queue a run's
/// events also go through a Redis stream of its own, so a stream on any API instance follows a job on any worker
/// (<see cref="RedisJobEventBus"/>). Statuses and the final output stay in the database, which remains the authority.
/// </summary>
internal interface IJobEventBus
{
    /// <summary>The worker has marked the run running: from now on its output and its end are carried to followers.</summary>
    void Publish(RunningJob run);

    /// <summary>
    /// Follows a job's live output, calling <paramref name="changed"/> whenever there may be more to read; null when it
    /// cannot be followed now (not yet running where this bus can see it), so the caller asks again later.
    /// </summary>
    ValueTask<ILiveOutput?> FollowAsync(string jobId, Action changed, CancellationToken cancellationToken);
}

/// <summary>One follower's view of a job's live output.</summary>
internal interface ILiveOutput : IAsyncDisposable
{
    /// <summary>The chunks this follower has not read yet, oldest first (empty when none, or the source cannot be read now).</summary>
    ValueTask<IReadOnlyList<LiveChunk>> ReadAsync(CancellationToken cancellationToken);
}

/// <summary>A chunk as the worker's buffer numbered it: sequence from 1, its stream, and its byte offset in that stream.</summary>
internal sealed record LiveChunk(long Sequence, OutputStreamKind Stream, long Offset, byte[] Data);
