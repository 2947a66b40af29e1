using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace SecureExec.Server.Jobs;

/// <summary>
/// The in-process queue of job ids between the API and the workers. Admission is counted apart from the channel:
/// a submission reserves a place before its row is committed and publishes after, so a full queue refuses a job
/// before anything is stored, and a committed job always finds its place (no job is left queued forever).
/// </summary>
internal sealed class InProcessJobQueue(IOptions<JobsOptions> options) : IJobQueue
{
    private readonly Channel<string> _channel = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleWriter = false });
    private readonly int _capacity = options.Value.QueueCapacity;
    private int _depth;

    public bool IsShared => false;

    /// <summary>Reserved or published ids not yet taken by a worker.</summary>
    public int Depth => Volatile.Read(ref _depth);

    public ValueTask<Reservation> TryReserveAsync(CancellationToken cancellationToken) => ValueTask.FromResult(TryReserve());

    private Reservation TryReserve()
    {
        while (true)
        {
            var depth = Volatile.Read(ref _depth);
            if (depth >= _capacity)
            {
                return Reservation.Full;
            }

            if (Interlocked.CompareExchange(ref _depth, depth + 1, depth) == depth)
            {
                return Reservation.Reserved;
            }
        }
    }

    public void Release() => Interlocked.Decrement(ref _depth);

    public ValueTask PublishAsync(string jobId)
    {
        if (!_channel.Writer.TryWrite(jobId))
        {
            throw new InvalidOperationException("The job queue is closed.");
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask RequeueAsync(string jobId)
    {
        Interlocked.Increment(ref _depth);
        return PublishAsync(jobId);
    }

    public async ValueTask<JobDelivery?> TakeAsync(int worker, CancellationToken stopping)
    {
        try
        {
            var id = await _channel.Reader.ReadAsync(stopping);
            Interlocked.Decrement(ref _depth);
            return new JobDelivery(id);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public ValueTask AcknowledgeAsync(JobDelivery delivery) => ValueTask.CompletedTask;

    /// <summary>Back into the channel; should the process stop first, the row is still queued and the next start runs it.</summary>
    public ValueTask HandBackAsync(JobDelivery delivery) => RequeueAsync(delivery.JobId);

    /// <summary>The row stays as it was; a restart settles it (running → interrupted, queued → run).</summary>
    public void Abandon(JobDelivery delivery)
    {
    }
}
