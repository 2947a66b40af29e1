using SecureExec.Core.Templates;
using SecureExec.Sandbox.Running;

namespace SecureExec.Sandbox;

/// <summary>
/// The start-up check: the host can run sandboxes safely. Returns every problem at once, each with its exact fix;
/// an empty list means ready. Ends with a real run of <c>/bin/true</c> through the whole launch path.
/// </summary>
public sealed class SandboxSelfTest
{
    private readonly SandboxRuntimeFactory _factory;
    private readonly ISandbox _sandbox;

    internal SandboxSelfTest(SandboxRuntimeFactory factory, ISandbox sandbox)
    {
        _factory = factory;
        _sandbox = sandbox;
    }

    public async Task<IReadOnlyList<SandboxProblem>> RunAsync(CancellationToken cancellationToken)
    {
        var problems = _factory.Problems.ToList();
        if (problems.Count > 0)
        {
            return problems;
        }

        var profile = new SandboxProfile { Timeout = TimeSpan.FromSeconds(30) };
        var result = await _sandbox.RunAsync(new SandboxRequest(["/bin/true"], profile), NullOutputSink.Instance, cancellationToken);
        if (result.Status != SandboxStatus.Succeeded)
        {
            problems.Add(new SandboxProblem(
                "SANDBOX-TRIAL-RUN",
                $"A trial run of /bin/true ended {result.Status}: {result.Error ?? $"exit {result.ExitCode}, signal {result.Signal}"}.",
                "Run the same bubblewrap as the sandbox user by hand to see why (journalctl for AppArmor/SELinux denials)."));
        }

        return problems;
    }

    private sealed class NullOutputSink : IOutputSink
    {
        public static readonly NullOutputSink Instance = new();

        public ValueTask WriteAsync(OutputChunk chunk, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
