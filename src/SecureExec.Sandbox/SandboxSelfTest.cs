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

        // The trial run reads its own confinement, so a kernel that silently ignores a part of it is caught here.
        var profile = new SandboxProfile { Timeout = TimeSpan.FromSeconds(30) };
        var sink = new TextSink();
        var result = await _sandbox.RunAsync(new SandboxRequest(["/bin/cat", "/proc/self/status"], profile), sink, cancellationToken);
        if (result.Status != SandboxStatus.Succeeded)
        {
            problems.Add(new SandboxProblem(
                "SANDBOX-TRIAL-RUN",
                $"A trial run of /bin/cat ended {result.Status}: {result.Error ?? $"exit {result.ExitCode}, signal {result.Signal}"}.",
                "Run bubblewrap as the sandbox user by hand to see why (and look for AppArmor/SELinux denials in the journal)."));
            return problems;
        }

        foreach (var (line, problem, fix) in Expected)
        {
            if (!sink.Text.Split('\n').Any(l => l.Replace(" ", string.Empty, StringComparison.Ordinal) == line))
            {
                problems.Add(new SandboxProblem("SANDBOX-CONFINEMENT", problem, fix));
            }
        }

        return problems;
    }

    private static readonly (string Line, string Problem, string Fix)[] Expected =
    [
        ("Seccomp:\t2", "The trial run had no seccomp filter.", "Use a kernel built with CONFIG_SECCOMP_FILTER=y and bubblewrap 0.8 or newer."),
        ("NoNewPrivs:\t1", "The trial run could gain privileges (no_new_privs unset).", "Use bubblewrap 0.8 or newer from the distribution (apt-get install -y bubblewrap)."),
        ("CapEff:\t0000000000000000", "The trial run kept capabilities.", "Do not make /usr/bin/bwrap setuid, and keep Sandbox:SandboxUser unprivileged."),
    ];

    private sealed class TextSink : IOutputSink
    {
        private readonly System.Text.StringBuilder _text = new();

        public string Text => _text.ToString();

        public ValueTask WriteAsync(OutputChunk chunk, CancellationToken cancellationToken)
        {
            _text.Append(System.Text.Encoding.UTF8.GetString(chunk.Data.Span));
            return ValueTask.CompletedTask;
        }
    }
}
