using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SecureExec.Core.Jobs;
using SecureExec.Sandbox;
using SecureExec.Server.Jobs;
using SecureExec.Server.Jobs.Events;
using SecureExec.Server.Storage;

namespace SecureExec.Server.Streaming;

/// <summary>
/// A job's events in order, from a cursor: its current status, then output chunks from the job's live output
/// (<see cref="IJobEventBus"/>: this process's buffer, or the Redis stream of a job on another host) as they arrive
/// (a late joiner first gets the backlog), status changes, and once the job has ended, whatever the client has not
/// seen of the stored output and the final result. The live output wakes the feed; a short poll catches status
/// changes it does not announce (a queued job starting). Should live output skip bytes the client has not seen, the
/// feed stops following it and sends the rest from the stored output at the end, so nothing is missed or reordered.
/// </summary>
internal sealed class JobEventFeed(IServiceScopeFactory scopes, IJobEventBus events, IOptions<StreamingOptions> options, TimeProvider time)
{
    public async IAsyncEnumerable<StreamEvent> ReadAsync(string jobId, StreamCursor from, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        void Notify() => wake.Writer.TryWrite(true);
        var cursor = from;
        string? status = null;
        ILiveOutput? followed = null;
        var gap = false;
        try
        {
            while (true)
            {
                if (followed is null && !gap)
                {
                    followed = await events.FollowAsync(jobId, Notify, cancellationToken);
                }

                var job = await LoadAsync(jobId, cancellationToken);
                if (job is null)
                {
                    yield break;
                }

                if (job.Status != status)
                {
                    status = job.Status;
                    yield return StreamEvent.StatusOf(status);
                }

                if (JobStatusNames.Parse(job.Status).IsTerminal())
                {
                    foreach (var e in await StoredAfterAsync(jobId, cursor, cancellationToken))
                    {
                        yield return e;
                    }

                    yield return StreamEvent.ResultOf(job);
                    yield break;
                }

                if (followed is not null)
                {
                    foreach (var chunk in await followed.ReadAsync(cancellationToken))
                    {
                        if (chunk.Offset > (chunk.Stream == OutputStreamKind.Stdout ? cursor.Stdout : cursor.Stderr))
                        {
                            // Bytes before this chunk are no longer live (a capped stream trimmed them): the rest comes,
                            // in order, from the stored output once the job ends.
                            gap = true;
                            await followed.DisposeAsync();
                            followed = null;
                            break;
                        }

                        var (e, next) = Slice(chunk.Sequence, chunk.Stream, chunk.Offset, chunk.Data, cursor);
                        cursor = next;
                        if (e is not null)
                        {
                            yield return e;
                        }
                    }
                }

                await WaitAsync(wake.Reader, cancellationToken);
            }
        }
        finally
        {
            if (followed is not null)
            {
                await followed.DisposeAsync();
            }
        }
    }

    private async Task WaitAsync(ChannelReader<bool> wake, CancellationToken cancellationToken)
    {
        using var poll = new CancellationTokenSource(options.Value.PollInterval, time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(poll.Token, cancellationToken);
        try
        {
            await wake.ReadAsync(either.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // the poll interval passed: look again
        }
    }

    private async Task<JobRecord?> LoadAsync(string jobId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SecureExecDbContext>();
        return await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == jobId, cancellationToken);
    }

    /// <summary>What the client has not seen of a finished job's stored output: the rest of stdout, then of stderr.</summary>
    private async Task<List<StreamEvent>> StoredAfterAsync(string jobId, StreamCursor cursor, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SecureExecDbContext>();
        var output = await db.Set<JobOutputRecord>().AsNoTracking().FirstOrDefaultAsync(o => o.JobId == jobId, cancellationToken);
        var events = new List<StreamEvent>();
        if (output is null)
        {
            return events;
        }

        var (stdout, afterStdout) = Slice(null, OutputStreamKind.Stdout, 0, output.Stdout, cursor);
        var (stderr, _) = Slice(null, OutputStreamKind.Stderr, 0, output.Stderr, afterStdout);
        events.AddRange(new[] { stdout, stderr }.OfType<StreamEvent>());
        return events;
    }

    /// <summary>The part of a chunk at <paramref name="offset"/> the cursor has not passed, and the cursor after it.</summary>
    private static (StreamEvent? Event, StreamCursor After) Slice(long? sequence, OutputStreamKind stream, long offset, byte[] bytes, StreamCursor cursor)
    {
        var seen = stream == OutputStreamKind.Stdout ? cursor.Stdout : cursor.Stderr;
        var end = offset + bytes.Length;
        if (end <= seen)
        {
            return (null, cursor);
        }

        var start = Math.Max(offset, seen);
        var after = stream == OutputStreamKind.Stdout ? cursor with { Stdout = end } : cursor with { Stderr = end };
        return (StreamEvent.OutputOf(sequence, stream, start, bytes.AsSpan((int)(start - offset)), after), after);
    }
}
