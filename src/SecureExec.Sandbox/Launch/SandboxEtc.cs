namespace SecureExec.Sandbox.Launch;

/// <summary>
/// The sandbox's minimal <c>/etc</c>: a few generated files (users, groups, hosts, resolver) written once into a
/// root-owned directory, plus what ordinary tools need from the system's <c>/etc</c>, bound read-only. Nothing
/// else of the host's <c>/etc</c> (shadow, keys, credentials) exists inside.
/// </summary>
internal sealed class SandboxEtc
{
    /// <summary>Taken from the (host or profile root) /etc when present.</summary>
    public static readonly IReadOnlyList<string> HostEntries =
    [
        "alternatives", "ld.so.cache", "ld.so.conf", "ld.so.conf.d", "localtime", "timezone", "locale.alias",
        "locale.conf", "default/locale", "ssl/certs", "ca-certificates", "protocols", "services", "mime.types",
    ];

    private readonly string _directory;

    public SandboxEtc(string directory) => _directory = directory;

    /// <summary>Writes the generated files; safe to call again.</summary>
    public void Write(int innerUid)
    {
        Directory.CreateDirectory(_directory);
        File.SetUnixFileMode(_directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        WriteFile("passwd", $"root:x:0:0:root:/root:/usr/sbin/nologin\nsandbox:x:{innerUid}:{innerUid}:sandbox:/work:/bin/sh\n");
        WriteFile("group", $"root:x:0:\nsandbox:x:{innerUid}:\n");
        WriteFile("hosts", "127.0.0.1 localhost sandbox\n::1 localhost sandbox\n");
        WriteFile("nsswitch.conf", "passwd: files\ngroup: files\nhosts: files dns\n");
        WriteFile("resolv.conf", "nameserver 10.0.2.3\n");
        WriteFile("hostname", "sandbox\n");
        WriteFile("empty", "");
    }

    /// <summary>An empty read-only file, bound over files the sandbox must not see.</summary>
    public string EmptyFile => Path.Combine(_directory, "empty");

    public IEnumerable<(string Name, string Path)> GeneratedFiles(bool withNetwork)
    {
        string[] names = withNetwork
            ? ["passwd", "group", "hosts", "nsswitch.conf", "hostname", "resolv.conf"]
            : ["passwd", "group", "hosts", "nsswitch.conf", "hostname"];
        return names.Select(name => (name, Path.Combine(_directory, name)));
    }

    private void WriteFile(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
    }
}
