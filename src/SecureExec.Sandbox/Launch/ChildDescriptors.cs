namespace SecureExec.Sandbox.Launch;

/// <summary>The descriptor numbers bubblewrap is started with; everything above them is closed.</summary>
internal static class ChildDescriptors
{
    public const int Stdout = 1;
    public const int Stderr = 2;
    public const int Seccomp = 3;
    public const int Status = 4;
    public const int Block = 5;
}
