namespace SecureExec.Sandbox;

/// <summary>Something that stops the sandbox from running safely, with a stable code and the exact fix.</summary>
public sealed record SandboxProblem(string Code, string Problem, string Fix)
{
    public override string ToString() => $"{Code}: {Problem} Fix: {Fix}";
}
