using SecureExec.Core.Templates;
using SecureExec.Sandbox.Launch;

namespace SecureExec.Sandbox.Running;

/// <summary>Refuses a profile the sandbox cannot enforce as written, naming every bad field.</summary>
internal static class ProfileCheck
{
    public static IReadOnlyList<string> Problems(SandboxProfile profile)
    {
        var problems = new List<string>();
        Require(problems, profile.Timeout > TimeSpan.Zero, "timeout must be positive");
        Require(problems, profile.CpuTime is null || profile.CpuTime > TimeSpan.Zero, "CPU time must be positive");
        Require(problems, profile.MemoryLimitBytes >= 4L * 1024 * 1024, "memory limit must be at least 4 MiB");
        Require(problems, profile.CpuLimit is > 0 and <= 1024, "CPU limit must be between 0 and 1024 cores");
        Require(problems, profile.MaxProcesses >= 1, "process limit must be at least 1");
        Require(problems, profile.MaxOutputBytes >= 0, "output limit must not be negative");
        Require(problems, profile.MaxFileSizeBytes >= 0, "file size limit must not be negative");
        Require(problems, profile.MaxOpenFiles >= 8, "open files limit must be at least 8");
        Require(problems, profile.RootFilesystem is null || (Path.IsPathFullyQualified(profile.RootFilesystem) && Directory.Exists(profile.RootFilesystem)),
            $"root filesystem '{profile.RootFilesystem}' must be an existing absolute directory");
        foreach (var path in profile.ReadOnlyPaths.Concat(profile.HiddenPaths))
        {
            Require(problems, IsPublishablePath(path), $"host path '{path}' cannot be shown in the sandbox: it must be absolute, without '..', and not /, /proc, /sys or /dev");
        }

        foreach (var name in profile.Environment.Keys)
        {
            Require(problems, IsVariableName(name) && !BubblewrapArguments.IsFixedVariable(name), $"environment variable '{name}' may not be set");
        }

        return problems;
    }

    private static bool IsPublishablePath(string path) =>
        Path.IsPathFullyQualified(path) && path != "/" && !path.Split('/').Contains("..")
        && !new[] { "/proc", "/sys", "/dev" }.Any(root => path == root || path.StartsWith(root + "/", StringComparison.Ordinal));

    private static bool IsVariableName(string name) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    private static void Require(List<string> problems, bool condition, string problem)
    {
        if (!condition)
        {
            problems.Add(problem);
        }
    }
}
