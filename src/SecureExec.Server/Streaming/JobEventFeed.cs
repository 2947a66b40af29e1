using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SecureExec.Core.Jobs;
using SecureExec.Sandbox;
using SecureExec.Server.Jobs;
using SecureExec.Server.Storage;

namespace SecureExec.Server.Streaming;

/// <summary>
/// A job's events in order, from a cursor: its current status, then output chunks from this process's live buffer as
/// they arrive (a late joiner first gets the backlog), status changes, and once the job has ended, whatever the client
/// has not seen of the stored output and the final result. The live buffer wakes the feed; a short poll catches
/// status changes it does not announce (a queued job starting).
/// </summary>
internal sealed class JobEventFeed(IServiceScopeFactory scopes, RunningJobs running, IOptions<StreamingOptions> options, TimeProvider time)
{
    public async IAsyncEnumerable<StreamEvent> ReadAsync(string jobId, StreamCursor from, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        void Notify() => wake.Writer.TryWrite(true);
        var cursor = from;
        string? status = null;
        long seenSequence = 0;
        JobOutputBuffer? followed = null;
        try
        {
            while (true)
            {
                var run = running.Find(jobId);
                if (run is not null && !ReferenceEquals(run.Output, followed))
                {
                    // Subscribe before reading, so a chunk written between the read and the wait still wakes us.
                    if (followed is not null)
                    {
                        followed.Changed -= Notify;
                    }

                    followed = run.Output;
                    followed.Changed += Notify;
                    seenSequence = 0;
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
                    foreach (var chunk in followed.ChunksAfter(seenSequence))
                    {
                        seenSequence = chunk.Sequence;
                        var (e, next) = Slice(chunk.Sequence, chunk.Stream, chunk.Offset, followed.Read(chunk), cursor);
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
                followed.Changed -= Notify;
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
