using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SecureExec.Core.Templates;
using SecureExec.Sandbox.Running;

namespace SecureExec.Sandbox.Tests;

/// <summary>The real sandbox, registered the way the server registers it, shared by the tests of one collection.</summary>
public sealed class SandboxFixture : IDisposable
{
    private readonly ServiceProvider _services;

    public SandboxFixture()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Sandbox:CgroupName"] = "secureexec-tests",
                ["Sandbox:StateDirectory"] = "/run/secureexec-tests",
                ["Sandbox:MaxConcurrentRuns"] = "8",
            })
            .Build();
        _services = new ServiceCollection()
            .AddSingleton(typeof(ILogger<>), typeof(NullLogger<>))
            .AddSandbox(configuration).BuildServiceProvider();
        Sandbox = _services.GetRequiredService<ISandbox>();
        SelfTest = _services.GetRequiredService<SandboxSelfTest>();
        var problems = SelfTest.RunAsync(CancellationToken.None).GetAwaiter().GetResult();
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        Runtime = _services.GetRequiredService<SandboxRuntimeFactory>().Runtime!;
    }

    public ISandbox Sandbox { get; }

    public SandboxSelfTest SelfTest { get; }

    internal SandboxRuntime Runtime { get; }

    /// <summary>A profile with short limits so that a misbehaving test ends quickly.</summary>
    public static SandboxProfile Profile { get; } = new()
    {
        Timeout = TimeSpan.FromSeconds(60),
        MemoryLimitBytes = 256L * 1024 * 1024,
        CpuLimit = 1,
    };

    public async Task<RunOutput> RunAsync(SandboxProfile profile, params string[] argv)
    {
        var sink = new CollectingSink();
        var request = new SandboxRequest(argv, profile);
        var result = await Sandbox.RunAsync(request, sink, CancellationToken.None);
        return new RunOutput(request.RunId, result, sink.Stdout, sink.Stderr, sink.Chunks);
    }

    /// <summary>No process of the run is alive on the host and none of its cgroups exists.</summary>
    public void AssertNothingLeft(RunOutput run)
    {
        var cgroupName = "run-" + run.RunId;
        foreach (var directory in Runtime.Cgroups!.BaseDirectories)
        {
            Assert.False(Directory.Exists(Path.Combine(directory, cgroupName)), $"cgroup {directory}/{cgroupName} was left behind");
        }

        Assert.Empty(HostProcesses.InCgroup(cgroupName));
    }

    /// <summary>Starts <paramref name="script"/>, and once it prints "ready" reads the host uids of all its processes.</summary>
    public async Task<IReadOnlyList<uint>> HostUidsWhileRunningAsync(string script)
    {
        var sink = new ReadySink();
        var request = new SandboxRequest(["/bin/sh", "-c", script], Profile);
        using var cancel = new CancellationTokenSource();
        var running = Sandbox.RunAsync(request, sink, cancel.Token);
        await sink.Ready.WaitAsync(TimeSpan.FromSeconds(60));
        var pidsDirectory = Runtime.Cgroups!.BaseDirectories.First(d => d.Contains("/pids", StringComparison.Ordinal) || Runtime.Cgroups.Version == 2);
        var pids = File.ReadAllLines(Path.Combine(pidsDirectory, "run-" + request.RunId, "cgroup.procs")).Select(int.Parse).ToList();
        var uids = pids.SelectMany(HostProcesses.Uids).ToList();
        await cancel.CancelAsync();
        var result = await running;
        Assert.Equal(SandboxStatus.Cancelled, result.Status);
        AssertNothingLeft(new RunOutput(request.RunId, result, string.Empty, string.Empty, []));
        return uids;
    }

    public Task<RunOutput> ShAsync(string script, SandboxProfile? profile = null) =>
        RunAsync(profile ?? Profile, "/bin/sh", "-c", script);

    public void Dispose() => _services.Dispose();
}

[CollectionDefinition(Name)]
public sealed class SandboxCollection : ICollectionFixture<SandboxFixture>
{
    public const string Name = "sandbox";
}
