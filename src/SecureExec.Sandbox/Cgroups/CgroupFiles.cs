namespace SecureExec.Sandbox.Cgroups;

/// <summary>Reads and writes cgroup control files, which are single values or "key value" lines.</summary>
internal static class CgroupFiles
{
    public static void Write(string directory, string file, string value) =>
        File.WriteAllText(Path.Combine(directory, file), value);

    public static bool TryWrite(string directory, string file, string value)
    {
        try
        {
            Write(directory, file, value);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    public static long ReadNumber(string directory, string file)
    {
        try
        {
            var text = File.ReadAllText(Path.Combine(directory, file)).Trim();
            return long.TryParse(text, out var value) ? value : 0;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>The value of <paramref name="key"/> in a flat-keyed file such as <c>memory.events</c>.</summary>
    public static long ReadKey(string directory, string file, string key)
    {
        try
        {
            foreach (var line in File.ReadLines(Path.Combine(directory, file)))
            {
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length == 2 && parts[0] == key && long.TryParse(parts[1], out var value))
                {
                    return value;
                }
            }
        }
        catch (IOException)
        {
        }

        return 0;
    }

    public static IReadOnlyList<int> ReadPids(string directory)
    {
        try
        {
            return File.ReadAllLines(Path.Combine(directory, "cgroup.procs"))
                .Select(line => int.TryParse(line, out var pid) ? pid : 0)
                .Where(pid => pid > 0)
                .ToList();
        }
        catch (IOException)
        {
            return [];
        }
    }

    /// <summary>Kills every process in the directory until it stays empty, then removes it. False if it would not go.</summary>
    public static bool KillAndRemove(string directory, Action<string>? killAll = null)
    {
        for (var attempt = 0; attempt < 200 && Directory.Exists(directory); attempt++)
        {
            killAll?.Invoke(directory);
            foreach (var pid in ReadPids(directory))
            {
                Native.ChildProcess.Kill(pid);
            }

            try
            {
                Directory.Delete(directory);
                return true;
            }
            catch (IOException)
            {
                Thread.Sleep(Math.Min(50, 1 + attempt)); // a killed process leaves its cgroup a moment after the signal
            }
        }

        return !Directory.Exists(directory);
    }
}
