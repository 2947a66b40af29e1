using SecureExec.Sandbox;

namespace SecureExec.Server.Jobs;

/// <summary>
/// A running job's stdout and stderr as they arrive, bounded by the profile's output cap (the sandbox stops the run
/// past it). Every chunk gets a sequence number and its offset in its stream, so live subscribers (issue 5) can
/// follow and resume; readers take consistent copies while the run writes.
/// </summary>
internal sealed class JobOutputBuffer(long maxBytes) : IOutputSink
{
    private readonly Lock _gate = new();
    private readonly MemoryStream _stdout = new();
    private readonly MemoryStream _stderr = new();
    private readonly List<OutputChunkIndex> _chunks = [];
    private long _total;

    /// <summary>Bytes were dropped here because the cap was reached (the sandbox reports the same).</summary>
    public bool Truncated { get; private set; }

    public ValueTask WriteAsync(OutputChunk chunk, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var kept = (int)Math.Clamp(maxBytes - _total, 0, chunk.Data.Length);
            if (kept < chunk.Data.Length)
            {
                Truncated = true;
            }

            if (kept > 0)
            {
                var stream = chunk.Stream == OutputStreamKind.Stdout ? _stdout : _stderr;
                _chunks.Add(new OutputChunkIndex(_chunks.Count + 1, chunk.Stream, stream.Length, kept, chunk.At));
                stream.Write(chunk.Data.Span[..kept]);
                _total += kept;
            }
        }

        Changed?.Invoke();
        return ValueTask.CompletedTask;
    }

    /// <summary>Raised after every write and once when the run ends, so live streams wake instead of polling.</summary>
    public event Action? Changed;

    /// <summary>The run has ended and its result is stored: nothing more will be written.</summary>
    public bool Ended { get; private set; }

    internal void End()
    {
        Ended = true;
        Changed?.Invoke();
    }

    /// <summary>The bytes of one chunk.</summary>
    public byte[] Read(OutputChunkIndex chunk)
    {
        lock (_gate)
        {
            var stream = chunk.Stream == OutputStreamKind.Stdout ? _stdout : _stderr;
            return stream.GetBuffer().AsSpan((int)chunk.Offset, chunk.Length).ToArray();
        }
    }

    /// <summary>Chunks written after <paramref name="sequence"/>, oldest first.</summary>
    public IReadOnlyList<OutputChunkIndex> ChunksAfter(long sequence)
    {
        lock (_gate)
        {
            return _chunks.Where(c => c.Sequence > sequence).ToList();
        }
    }

    public byte[] Snapshot(OutputStreamKind stream)
    {
        lock (_gate)
        {
            return (stream == OutputStreamKind.Stdout ? _stdout : _stderr).ToArray();
        }
    }
}

/// <summary>Where one chunk lies: its sequence number (from 1), stream, offset and length in that stream, and when it was read.</summary>
internal sealed record OutputChunkIndex(long Sequence, OutputStreamKind Stream, long Offset, int Length, DateTimeOffset At);
