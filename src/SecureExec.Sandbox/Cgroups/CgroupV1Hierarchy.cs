using SecureExec.Core.Templates;

namespace SecureExec.Sandbox.Cgroups;

internal sealed class CgroupV1Hierarchy(IReadOnlyDictionary<string, string> bases) : CgroupHierarchy
{
    public override int Version => 1;

    public override IReadOnlyList<string> BaseDirectories { get; } = bases.Values.Distinct().ToList();

    public override IReadOnlyList<SandboxProblem> Prepare()
    {
        var problems = new List<SandboxProblem>();
        foreach (var controller in V1Controllers.Where(c => !bases.ContainsKey(c)))
        {
            problems.Add(new SandboxProblem(
                "SANDBOX-CGROUP-CONTROLLER",
                $"The cgroup v1 '{controller}' controller is not mounted.",
                $"Mount it (mount -t cgroup -o {controller} cgroup /sys/fs/cgroup/{controller}), boot with cgroup v2 " +
                "(systemd.unified_cgroup_hierarchy=1), or set SecureExec:Sandbox:CgroupMode=Disabled to run with rlimits only."));
        }

        foreach (var (controller, directory) in bases)
        {
            try
            {
                Directory.CreateDirectory(directory);
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                problems.Add(new SandboxProblem(
                    "SANDBOX-CGROUP-WRITE",
                    $"Cannot create the cgroup directory {directory} ({controller}): {error.Message}",
                    "Run the server as root, or delegate its cgroup to the server's user " +
                    $"(chown -R <user> {Path.GetDirectoryName(directory)})."));
            }
        }

        return problems;
    }

    public override IRunCgroup CreateRun(string runId, SandboxProfile profile, int extraProcesses) =>
        CgroupV1Run.Create(bases, RunPrefix + runId, profile, extraProcesses);
}
