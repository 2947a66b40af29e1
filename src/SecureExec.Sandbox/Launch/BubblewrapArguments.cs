using System.Globalization;
using SecureExec.Core.Templates;

namespace SecureExec.Sandbox.Launch;

/// <summary>Builds bubblewrap's argument list for one run. Only arguments: no shell ever parses them.</summary>
internal static class BubblewrapArguments
{
    public const string Workspace = "/work";
    public const string FixedPath = "/usr/local/bin:/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin";
    private static readonly string[] SystemEntries = ["usr", "bin", "sbin", "lib", "lib32", "lib64", "libx32"];
    private static readonly string[] FixedVariables = ["PATH", "HOME", "LANG"];

    public static List<string> Build(SandboxOptions options, SandboxEtc etc, SandboxProfile profile, IReadOnlyList<string> argv)
    {
        var inner = options.InnerUid.ToString(CultureInfo.InvariantCulture);
        var args = new List<string>
        {
            "--unshare-user", "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup", "--unshare-net",
            "--disable-userns", "--die-with-parent", "--new-session", "--cap-drop", "ALL",
            "--uid", inner, "--gid", inner, "--hostname", "sandbox",
            "--seccomp", Fd(ChildDescriptors.Seccomp),
            "--json-status-fd", Fd(ChildDescriptors.Status),
            "--block-fd", Fd(ChildDescriptors.Block),
        };

        AddSystemDirectories(args, profile.RootFilesystem ?? "/");
        AddEtc(args, etc, profile);
        AddPublishedPaths(args, etc, profile);
        args.AddRange(["--proc", "/proc", "--dev", "/dev"]);
        args.AddRange(["--perms", "1777", "--size", Bytes(options.TmpSizeBytes), "--tmpfs", "/dev/shm"]);
        args.AddRange(["--perms", "1777", "--size", Bytes(options.TmpSizeBytes), "--tmpfs", "/tmp"]);
        args.AddRange(["--perms", "0755", "--size", Bytes(options.WorkspaceSizeBytes), "--tmpfs", Workspace]);
        if (!profile.AllowFileWrite)
        {
            args.AddRange(["--remount-ro", Workspace]);
        }

        // bubblewrap's /dev is a tmpfs the sandbox user owns; only /dev/shm (its own size-limited tmpfs) stays writable.
        args.AddRange(["--remount-ro", "/dev", "--remount-ro", "/", "--chdir", Workspace]);
        AddEnvironment(args, profile);
        args.Add("--");
        args.AddRange(argv);
        return args;
    }

    /// <summary>Names a profile may not set, because the sandbox fixes them.</summary>
    public static bool IsFixedVariable(string name) => FixedVariables.Contains(name, StringComparer.Ordinal);

    private static void AddSystemDirectories(List<string> args, string root)
    {
        foreach (var entry in SystemEntries)
        {
            var source = Path.Combine(root, entry);
            var info = new FileInfo(source);
            if (info.LinkTarget is { } target)
            {
                args.AddRange(["--symlink", target, "/" + entry]);
            }
            else if (Directory.Exists(source))
            {
                args.AddRange(["--ro-bind", source, "/" + entry]);
            }
        }
    }

    private static void AddEtc(List<string> args, SandboxEtc etc, SandboxProfile profile)
    {
        foreach (var (name, path) in etc.GeneratedFiles(profile.AllowNetwork))
        {
            args.AddRange(["--ro-bind", path, "/etc/" + name]);
        }

        var source = Path.Combine(profile.RootFilesystem ?? "/", "etc");
        foreach (var name in SandboxEtc.HostEntries)
        {
            args.AddRange(["--ro-bind-try", Path.Combine(source, name), "/etc/" + name]);
        }
    }

    /// <summary>
    /// The host paths the template's parameters may name, read-only at the same place, with its forbidden paths
    /// covered: a directory by an empty read-only tmpfs, a file by an empty file. Parents are bound before children.
    /// </summary>
    private static void AddPublishedPaths(List<string> args, SandboxEtc etc, SandboxProfile profile)
    {
        foreach (var path in profile.ReadOnlyPaths.Order(StringComparer.Ordinal))
        {
            args.AddRange(["--ro-bind-try", path, path]);
        }

        foreach (var path in profile.HiddenPaths.Order(StringComparer.Ordinal))
        {
            if (Directory.Exists(path))
            {
                args.AddRange(["--perms", "0555", "--size", "4096", "--tmpfs", path, "--remount-ro", path]);
            }
            else if (File.Exists(path))
            {
                args.AddRange(["--ro-bind", etc.EmptyFile, path]);
            }
        }
    }

    private static void AddEnvironment(List<string> args, SandboxProfile profile)
    {
        args.AddRange(["--clearenv", "--setenv", "PATH", FixedPath, "--setenv", "HOME", Workspace, "--setenv", "LANG", "C.UTF-8"]);
        foreach (var (name, value) in profile.Environment.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            if (IsFixedVariable(name) || name.Length == 0 || name.Contains('=', StringComparison.Ordinal))
            {
                throw new ArgumentException($"The profile may not set the environment variable '{name}'.");
            }

            args.AddRange(["--setenv", name, value]);
        }
    }

    private static string Fd(int fd) => fd.ToString(CultureInfo.InvariantCulture);

    private static string Bytes(long bytes) => bytes.ToString(CultureInfo.InvariantCulture);
}
