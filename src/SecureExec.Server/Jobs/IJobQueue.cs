namespace SecureExec.Server.Jobs;

/// <summary>What became of a request for a place in the queue.</summary>
internal enum Reservation
{
    /// <summary>A place is held; publish the job into it, or release it.</summary>
    Reserved,

    /// <summary>The queue holds as many jobs as it may.</summary>
    Full,

    /// <summary>The queue cannot be reached; nothing may be accepted now.</summary>
    Unavailable,
}

/// <summary>A job id handed to one worker; <see cref="Handle"/> is what the queue needs to acknowledge it.</summary>
internal sealed record JobDelivery(string JobId, object? Handle = null);

/// <summary>
/// The queue of job ids between the API and the workers. The database decides, the queue delivers: a job row is
/// committed before its id is published, a worker starts a job only by moving its row from queued to running, so a
/// delivery may come twice and the job still runs at most once.
/// </summary>
internal interface IJobQueue
{
    /// <summary>True when other processes share the queue, so jobs left running are not this process's to settle at start-up.</summary>
    bool IsShared { get; }

    /// <summary>Jobs accepted and not yet taken, as last known (a metric).</summary>
    int Depth { get; }

    /// <summary>Takes a place for a new job before anything is stored.</summary>
    ValueTask<Reservation> TryReserveAsync(CancellationToken cancellationToken);

    /// <summary>Gives back a place whose job was never committed.</summary>
    void Release();

    /// <summary>Publishes a committed job into its reserved place. Never throws for a committed job: a job not delivered now is delivered later.</summary>
    ValueTask PublishAsync(string jobId);

    /// <summary>Re-publishes an accepted job found queued at start-up; it ignores the capacity.</summary>
    ValueTask RequeueAsync(string jobId);

    /// <summary>The next job for a worker, or null once <paramref name="stopping"/> stops the workers.</summary>
    ValueTask<JobDelivery?> TakeAsync(int worker, CancellationToken stopping);

    /// <summary>The worker is done with the delivery: the job's result is committed, or the job was not its to run.</summary>
    ValueTask AcknowledgeAsync(JobDelivery delivery);

    /// <summary>The worker failed with the delivery unsettled; the queue may hand it to another worker later.</summary>
    void Abandon(JobDelivery delivery);

    /// <summary>The worker is stopping and did not start the job: deliver it to another worker now, not after a reclaim.</summary>
    ValueTask HandBackAsync(JobDelivery delivery);
}
