using System.IO.Pipes;
using Microsoft.Win32.SafeHandles;

namespace SecureExec.Sandbox.Running;

/// <summary>
/// Reads stdout and stderr as they arrive, timestamps each chunk, and hands it to the sink one call at a time.
/// Counts bytes across both streams; past the profile's cap it keeps the allowed prefix and reports the overflow.
/// </summary>
internal sealed class OutputPump(IOutputSink sink, long maxBytes, TimeProvider time, Action onOverflow)
{
    private const int BufferSize = 16 * 1024;
    private readonly SemaphoreSlim _sinkGate = new(1, 1);
    private readonly Lock _count = new();
    private long _bytes;
    private bool _sinkFailed;
    private int _truncated;

    public long Bytes => Interlocked.Read(ref _bytes);

    public bool Truncated => Volatile.Read(ref _truncated) == 1;

    /// <summary>The sink threw; later output was read and dropped so the command never blocks on a full pipe.</summary>
    public Exception? SinkError { get; private set; }

    /// <summary>The first bytes of stderr, kept to explain a sandbox that failed to start.</summary>
    public string StderrHead { get; private set; } = string.Empty;

    public Task PumpAsync(SafePipeHandle handle, OutputStreamKind kind, CancellationToken cancellationToken) =>
        Task.Run(() => ReadAllAsync(handle, kind, cancellationToken), CancellationToken.None);

    private async Task ReadAllAsync(SafePipeHandle handle, OutputStreamKind kind, CancellationToken cancellationToken)
    {
        await using var stream = new AnonymousPipeClientStream(PipeDirection.In, handle);
        var buffer = new byte[BufferSize];
        while (true)
        {
            var read = await stream.ReadAsync(buffer, CancellationToken.None);
            if (read == 0)
            {
                return;
            }

            if (Truncated)
            {
                continue; // drain so the writer is never blocked on a full pipe while it is being killed
            }

            var kept = Keep(read);
            if (kept > 0)
            {
                var data = buffer.AsMemory(0, kept).ToArray();
                if (kind == OutputStreamKind.Stderr && StderrHead.Length < 4096)
                {
                    StderrHead += System.Text.Encoding.UTF8.GetString(data);
                }

                await DeliverAsync(new OutputChunk(kind, data, time.GetUtcNow()), cancellationToken);
            }

            if (kept < read)
            {
                onOverflow();
            }
        }
    }

    private int Keep(int read)
    {
        lock (_count)
        {
            var allowed = (int)Math.Clamp(maxBytes - _bytes, 0, read);
            _bytes += allowed;
            if (allowed < read)
            {
                _truncated = 1;
            }

            return allowed;
        }
    }

    private async Task DeliverAsync(OutputChunk chunk, CancellationToken cancellationToken)
    {
        await _sinkGate.WaitAsync(CancellationToken.None);
        try
        {
            if (!_sinkFailed)
            {
                await sink.WriteAsync(chunk, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // the run is being cancelled; its result says so
        }
        catch (Exception error)
        {
            _sinkFailed = true;
            SinkError = error;
        }
        finally
        {
            _sinkGate.Release();
        }
    }
}
