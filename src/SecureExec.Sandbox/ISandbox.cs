namespace SecureExec.Sandbox;

/// <summary>Runs one rendered argv in isolation and reports exactly what happened.</summary>
public interface ISandbox
{
    /// <summary>
    /// Runs <paramref name="request"/>, handing output to <paramref name="sink"/> as it arrives. Waits for a free slot
    /// when the configured number of concurrent runs is reached. Never throws for what the command does: every outcome,
    /// including a sandbox failure, is a <see cref="SandboxResult"/>. Cancelling kills the whole run.
    /// </summary>
    Task<SandboxResult> RunAsync(SandboxRequest request, IOutputSink sink, CancellationToken cancellationToken);
}
