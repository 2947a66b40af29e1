using System.Diagnostics;
using SecureExec.Core.Templates;
using SecureExec.Sandbox.Launch;
using SecureExec.Sandbox.Native;
using SecureExec.Sandbox.Running;

namespace SecureExec.Sandbox.Bench;

/// <summary>The three ways of running /bin/true that the bench compares.</summary>
internal sealed class Runners(SandboxRuntime runtime, ISandbox sandbox)
{
    private static readonly string[] True = ["/bin/true"];
    private static readonly IReadOnlyDictionary<int, int> NoDescriptors = new Dictionary<int, int>();
    private readonly SandboxProfile _profile = new() { Timeout = TimeSpan.FromSeconds(30) };

    public async Task BareAsync()
    {
        var child = new ChildProcess(ProcessSpawner.Spawn("/bin/true", True, HostLauncher.Environment, NoDescriptors));
        await child.Exit;
    }

    /// <summary>The same bubblewrap flags and user switch, without cgroup, block fd, status fd or output pumping.</summary>
    public async Task BubblewrapAloneAsync()
    {
        var arguments = BubblewrapArguments.Build(runtime.Options, runtime.Etc, _profile, True);
        RemoveOption(arguments, "--block-fd");
        RemoveOption(arguments, "--json-status-fd");
        var argv = runtime.Launcher.Build(_profile, arguments);
        using var seccomp = runtime.Seccomp.WriteToPipe();
        var child = new ChildProcess(ProcessSpawner.Spawn(argv[0], argv, HostLauncher.Environment, new Dictionary<int, int> { [ChildDescriptors.Seccomp] = seccomp.ReadFd }));
        var exit = await child.Exit;
        if (exit.ExitCode != 0)
        {
            throw new InvalidOperationException($"bubblewrap alone failed: {exit}");
        }
    }

    public async Task SandboxAsync() => await RunSandboxAsync();

    /// <summary>p50 of each phase the result reports, and of what remains (cgroup removal, pumps, classification).</summary>
    public async Task<List<(string Phase, double Milliseconds)>> BreakdownAsync(int iterations)
    {
        var startup = new List<double>();
        var command = new List<double>();
        var rest = new List<double>();
        for (var i = 0; i < iterations; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var result = await RunSandboxAsync();
            var total = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            startup.Add(result.StartupTime.TotalMilliseconds);
            command.Add((result.WallTime - result.StartupTime).TotalMilliseconds);
            rest.Add(total - result.WallTime.TotalMilliseconds);
        }

        return
        [
            ("start-up: cgroup, spawn, namespaces and mounts, move into cgroup, release", Measure.Percentile(startup, 50)),
            ("command: exec to exit, exit status, output drained", Measure.Percentile(command, 50)),
            ("cleanup: kill sweep, cgroup removal, slot release", Measure.Percentile(rest, 50)),
        ];
    }

    private async Task<SandboxResult> RunSandboxAsync()
    {
        var result = await sandbox.RunAsync(new SandboxRequest(True, _profile), NullSink.Instance, CancellationToken.None);
        return result.Status == SandboxStatus.Succeeded ? result : throw new InvalidOperationException($"sandbox run failed: {result}");
    }

    private static void RemoveOption(List<string> arguments, string option)
    {
        var index = arguments.IndexOf(option);
        arguments.RemoveRange(index, 2);
    }

    private sealed class NullSink : IOutputSink
    {
        public static readonly NullSink Instance = new();

        public ValueTask WriteAsync(OutputChunk chunk, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
