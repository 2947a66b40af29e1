namespace SecureExec.Sandbox;

/// <summary>Which of the command's output streams a chunk came from.</summary>
public enum OutputStreamKind
{
    Stdout,
    Stderr,
}

/// <summary>Bytes read from one stream at one moment.</summary>
public sealed record OutputChunk(OutputStreamKind Stream, ReadOnlyMemory<byte> Data, DateTimeOffset At);

/// <summary>Receives output chunks as they are read; called from the run's reader tasks, one call at a time.</summary>
public interface IOutputSink
{
    ValueTask WriteAsync(OutputChunk chunk, CancellationToken cancellationToken);
}
