using System.Collections.Concurrent;

namespace SecureExec.Server.Jobs;

/// <summary>
/// The jobs this process is running, each with the token that stops its sandbox and its live output. A cancel
/// request finds the run here; a later live-output stream (issue 5) will find the buffer here.
/// </summary>
internal sealed class RunningJobs
{
    private readonly ConcurrentDictionary<string, RunningJob> _jobs = new(StringComparer.Ordinal);

    /// <summary>Registers a run before it is marked running, so a cancel that sees it running always finds it.</summary>
    public RunningJob Add(string jobId, long maxOutputBytes, CancellationToken stopping)
    {
        var job = new RunningJob(jobId, maxOutputBytes, stopping);
        if (!_jobs.TryAdd(jobId, job))
        {
            job.Dispose();
            throw new InvalidOperationException($"Job {jobId} is already running in this process.");
        }

        return job;
    }

    public void Remove(RunningJob job)
    {
        _jobs.TryRemove(new KeyValuePair<string, RunningJob>(job.JobId, job));
        job.Output.End();
        job.Dispose();
    }

    public RunningJob? Find(string jobId) => _jobs.GetValueOrDefault(jobId);

    /// <summary>Runs in progress in this process.</summary>
    public int Count => _jobs.Count;

    /// <summary>The ids of the jobs running now.</summary>
    public IReadOnlyList<string> Ids => [.. _jobs.Keys];

    /// <summary>Stops the run's sandbox on its owner's request; false when this process is not running it.</summary>
    public bool Cancel(string jobId)
    {
        if (!_jobs.TryGetValue(jobId, out var job))
        {
            return false;
        }

        job.RequestCancel();
        return true;
    }
}

/// <summary>One run in progress: why it might stop, and what it has printed so far.</summary>
internal sealed class RunningJob : IDisposable
{
    private readonly CancellationTokenSource _cancel;
    private int _cancelRequested;

    public RunningJob(string jobId, long maxOutputBytes, CancellationToken stopping)
    {
        JobId = jobId;
        Output = new JobOutputBuffer(maxOutputBytes);
        _cancel = CancellationTokenSource.CreateLinkedTokenSource(stopping);
    }

    public string JobId { get; }

    public JobOutputBuffer Output { get; }

    /// <summary>Cancelled by a cancel request or by the server stopping.</summary>
    public CancellationToken Token => _cancel.Token;

    public bool CancelRequested => Volatile.Read(ref _cancelRequested) == 1;

    public void RequestCancel()
    {
        Interlocked.Exchange(ref _cancelRequested, 1);
        try
        {
            _cancel.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // the run ended meanwhile
        }
    }

    public void Dispose() => _cancel.Dispose();
}
