using System.Collections.Concurrent;
using System.Text;

namespace SecureExec.Sandbox.Tests;

/// <summary>Keeps every chunk, to assert on the streams and on how they arrived.</summary>
public sealed class CollectingSink : IOutputSink
{
    private readonly ConcurrentQueue<OutputChunk> _chunks = new();

    public IReadOnlyList<OutputChunk> Chunks => [.. _chunks];

    public string Stdout => Text(OutputStreamKind.Stdout);

    public string Stderr => Text(OutputStreamKind.Stderr);

    public ValueTask WriteAsync(OutputChunk chunk, CancellationToken cancellationToken)
    {
        _chunks.Enqueue(chunk);
        return ValueTask.CompletedTask;
    }

    private string Text(OutputStreamKind kind) =>
        Encoding.UTF8.GetString(_chunks.Where(c => c.Stream == kind).SelectMany(c => c.Data.ToArray()).ToArray());
}

/// <summary>A finished run with what it printed.</summary>
public sealed record RunOutput(string RunId, SandboxResult Result, string Stdout, string Stderr, IReadOnlyList<OutputChunk> Chunks)
{
    public override string ToString() => $"{Result} stdout=[{Stdout}] stderr=[{Stderr}]";
}

/// <summary>Signals when the command first prints "ready".</summary>
public sealed class ReadySink : IOutputSink
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Ready => _ready.Task;

    public ValueTask WriteAsync(OutputChunk chunk, CancellationToken cancellationToken)
    {
        if (Encoding.UTF8.GetString(chunk.Data.Span).Contains("ready", StringComparison.Ordinal))
        {
            _ready.TrySetResult();
        }

        return ValueTask.CompletedTask;
    }
}
