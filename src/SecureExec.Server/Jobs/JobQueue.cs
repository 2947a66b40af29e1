using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace SecureExec.Server.Jobs;

/// <summary>
/// The in-process queue of job ids between the API and the workers. Admission is counted apart from the channel:
/// a submission reserves a place before its row is committed and publishes after, so a full queue refuses a job
/// before anything is stored, and a committed job always finds its place (no job is left queued forever).
/// </summary>
internal sealed class JobQueue(IOptions<JobsOptions> options)
{
    private readonly Channel<string> _channel = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleWriter = false });
    private readonly int _capacity = options.Value.QueueCapacity;
    private int _depth;

    /// <summary>Reserved or published ids not yet taken by a worker.</summary>
    public int Depth => Volatile.Read(ref _depth);

    /// <summary>Takes a place for a new job, or false when the queue is full.</summary>
    public bool TryReserve()
    {
        while (true)
        {
            var depth = Volatile.Read(ref _depth);
            if (depth >= _capacity)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _depth, depth + 1, depth) == depth)
            {
                return true;
            }
        }
    }

    /// <summary>Gives back a place whose job was never committed.</summary>
    public void Release() => Interlocked.Decrement(ref _depth);

    /// <summary>Publishes a committed job into its reserved place.</summary>
    public void Publish(string jobId)
    {
        if (!_channel.Writer.TryWrite(jobId))
        {
            throw new InvalidOperationException("The job queue is closed.");
        }
    }

    /// <summary>Re-publishes a job found queued at start-up; these are already accepted, so they ignore the capacity.</summary>
    public void Requeue(string jobId)
    {
        Interlocked.Increment(ref _depth);
        Publish(jobId);
    }

    /// <summary>The next job id for a worker, or null once <paramref name="cancellationToken"/> stops the workers.</summary>
    public async ValueTask<string?> TakeAsync(CancellationToken cancellationToken)
    {
        try
        {
            var id = await _channel.Reader.ReadAsync(cancellationToken);
            Interlocked.Decrement(ref _depth);
            return id;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }
}
