namespace SecureExec.Core.Templates.Validation;

/// <summary>Resolves symbolic links in a normalised absolute path, the way the kernel will when the command opens it.</summary>
public interface IPathResolver
{
    /// <summary>The path with every existing symbolic link along it followed; missing tails are kept as written.</summary>
    string Resolve(string normalizedPath);
}

/// <summary>Resolves against the host's filesystem, which the sandbox shows read-only under the same paths.</summary>
public sealed class HostPathResolver : IPathResolver
{
    private const int MaxLinks = 40; // the kernel's own limit (ELOOP)

    public static HostPathResolver Instance { get; } = new();

    public string Resolve(string normalizedPath)
    {
        var pending = new Stack<string>(normalizedPath.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse());
        var resolved = new List<string>();
        var links = 0;
        while (pending.Count > 0)
        {
            var segment = pending.Pop();
            if (segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (resolved.Count > 0)
                {
                    resolved.RemoveAt(resolved.Count - 1);
                }

                continue;
            }

            var candidate = "/" + string.Join('/', resolved.Append(segment));
            var target = ReadLink(candidate);
            if (target is null)
            {
                resolved.Add(segment);
                continue;
            }

            if (++links > MaxLinks)
            {
                // A loop: treat it as leading nowhere we allow.
                return "/\0loop";
            }

            if (target.StartsWith('/'))
            {
                resolved.Clear();
            }

            foreach (var part in target.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse())
            {
                pending.Push(part);
            }
        }

        return "/" + string.Join('/', resolved);
    }

    private static string? ReadLink(string path)
    {
        try
        {
            var info = new FileInfo(path);
            return info.LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
