namespace SecureExec.Sandbox.Tests;

/// <summary>What the host's /proc says about processes, read from outside the sandbox.</summary>
internal static class HostProcesses
{
    /// <summary>Pids of live processes whose cgroup path contains <paramref name="cgroupName"/>.</summary>
    public static IReadOnlyList<int> InCgroup(string cgroupName)
    {
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            try
            {
                if (File.ReadAllText(Path.Combine(directory, "cgroup")).Contains(cgroupName, StringComparison.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
                // exited while we looked
            }
        }

        return found;
    }

    /// <summary>Pids of live processes whose command name is <paramref name="name"/>.</summary>
    public static IReadOnlyList<int> Named(string name) =>
        Directory.EnumerateDirectories("/proc")
            .Where(directory => int.TryParse(Path.GetFileName(directory), out _))
            .Where(directory => ReadOrEmpty(Path.Combine(directory, "comm")).Trim() == name)
            .Select(directory => int.Parse(Path.GetFileName(directory)))
            .ToList();

    /// <summary>Real, effective, saved and file-system uid of a process, as the host sees them.</summary>
    public static IEnumerable<uint> Uids(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("Uid:", StringComparison.Ordinal));
        return line[4..].Split('\t', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(uint.Parse);
    }

    private static string ReadOrEmpty(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }
}
