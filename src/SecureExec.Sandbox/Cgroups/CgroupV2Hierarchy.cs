using SecureExec.Core.Templates;

namespace SecureExec.Sandbox.Cgroups;

/// <summary>
/// Run cgroups under the server's own v2 cgroup. v2 forbids processes in a cgroup whose controllers are delegated
/// to children, so the server's own processes move to a "server" leaf first (what systemd's Delegate= expects).
/// </summary>
internal sealed class CgroupV2Hierarchy(string ownCgroup, string name) : CgroupHierarchy
{
    public const string ServerLeaf = "server";
    private readonly string _base = Path.Combine(ownCgroup, name);

    public override int Version => 2;

    public override IReadOnlyList<string> BaseDirectories => [_base];

    public override IReadOnlyList<SandboxProblem> Prepare()
    {
        var available = File.ReadAllText(Path.Combine(ownCgroup, "cgroup.controllers")).Split(' ', StringSplitOptions.TrimEntries);
        var missing = V2Controllers.Where(c => !available.Contains(c)).ToList();
        if (missing.Count > 0)
        {
            return [new SandboxProblem(
                "SANDBOX-CGROUP-DELEGATION",
                $"The server's cgroup {ownCgroup} lacks the controllers: {string.Join(' ', missing)}.",
                "Delegate them to the server: in its systemd unit set Delegate=memory pids cpu (or Delegate=yes), " +
                "or set SecureExec:Sandbox:CgroupMode=Disabled to run with rlimits only.")];
        }

        try
        {
            EnableControllers(ownCgroup, moveProcessesToLeaf: true);
            Directory.CreateDirectory(_base);
            EnableControllers(_base, moveProcessesToLeaf: false);
            return [];
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return [new SandboxProblem(
                "SANDBOX-CGROUP-WRITE",
                $"Cannot prepare the cgroup {_base}: {error.Message}",
                $"Run the server as root or delegate its cgroup (chown -R <user> {ownCgroup}; Delegate=yes in systemd).")];
        }
    }

    public override IRunCgroup CreateRun(string runId, SandboxProfile profile, int extraProcesses) =>
        CgroupV2Run.Create(_base, RunPrefix + runId, profile, extraProcesses);

    private static void EnableControllers(string directory, bool moveProcessesToLeaf)
    {
        var wanted = string.Join(' ', V2Controllers.Select(c => "+" + c));
        if (CgroupFiles.TryWrite(directory, "cgroup.subtree_control", wanted))
        {
            return;
        }

        if (!moveProcessesToLeaf)
        {
            CgroupFiles.Write(directory, "cgroup.subtree_control", wanted);
            return;
        }

        var leaf = Path.Combine(directory, ServerLeaf);
        Directory.CreateDirectory(leaf);
        foreach (var pid in CgroupFiles.ReadPids(directory))
        {
            CgroupFiles.TryWrite(leaf, "cgroup.procs", pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        CgroupFiles.Write(directory, "cgroup.subtree_control", wanted);
    }
}
