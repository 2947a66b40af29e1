using System.Globalization;
using SecureExec.Sandbox.Native;

namespace SecureExec.Sandbox.Launch;

/// <summary>The host identity bubblewrap runs as: the configured unprivileged user when the server is root.</summary>
internal sealed class SandboxUser
{
    private SandboxUser(bool switchesUser, uint uid, uint gid)
    {
        SwitchesUser = switchesUser;
        Uid = uid;
        Gid = gid;
    }

    public bool SwitchesUser { get; }

    public uint Uid { get; }

    public uint Gid { get; }

    /// <summary>Resolves the user; null when the server is root and the user does not exist.</summary>
    public static SandboxUser? Resolve(string name)
    {
        var effective = Posix.geteuid();
        if (effective != 0)
        {
            return new SandboxUser(false, effective, effective);
        }

        var entry = string.IsNullOrEmpty(name) ? null : Posix.LookUpUser(name);
        return entry is { Uid: not 0 } found ? new SandboxUser(true, found.Uid, found.Gid) : null;
    }

    public IEnumerable<string> SetprivArguments(string setprivPath) =>
    [
        setprivPath,
        "--reuid=" + Uid.ToString(CultureInfo.InvariantCulture),
        "--regid=" + Gid.ToString(CultureInfo.InvariantCulture),
        "--clear-groups",
        "--inh-caps=-all",
        "--ambient-caps=-all",
        "--bounding-set=-all",
        "--no-new-privs",
        "--",
    ];
}
