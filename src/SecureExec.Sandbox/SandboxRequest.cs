using SecureExec.Core.Templates;

namespace SecureExec.Sandbox;

/// <summary>One command to run: the rendered argv (argv[0] is the program inside the sandbox) and its profile.</summary>
public sealed record SandboxRequest(IReadOnlyList<string> Argv, SandboxProfile Profile)
{
    /// <summary>Names the run in logs and in its cgroup; a fresh id when not given.</summary>
    public string RunId { get; init; } = Guid.NewGuid().ToString("N");
}
