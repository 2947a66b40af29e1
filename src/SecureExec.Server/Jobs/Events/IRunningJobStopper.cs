namespace SecureExec.Server.Jobs.Events;

/// <summary>
/// Stops a running job's sandbox wherever it runs, once its cancel is recorded in the database (the authority: the
/// worker that runs the job stops it and records the end). In-process: this process's run (<see cref="LocalJobStopper"/>);
/// with the Redis queue, also the worker on another host (<see cref="RedisJobStopper"/>).
/// </summary>
internal interface IRunningJobStopper
{
    ValueTask StopAsync(string jobId);
}

/// <summary>Stops the run when this process is running the job; the in-process queue has no other.</summary>
internal sealed class LocalJobStopper(RunningJobs running) : IRunningJobStopper
{
    public ValueTask StopAsync(string jobId)
    {
        running.Cancel(jobId);
        return ValueTask.CompletedTask;
    }
}
