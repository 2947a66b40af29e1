using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SecureExec.Sandbox.Native;

namespace SecureExec.Sandbox.Tests;

/// <summary>The start-up self-test names every problem with its fix, and the sweep removes what a crash left.</summary>
[Collection(SandboxCollection.Name)]
public sealed class StartupTests(SandboxFixture sandbox)
{
    [Theory]
    [InlineData("Sandbox:BubblewrapPath", "/nonexistent/bwrap", "SANDBOX-PROGRAM", "apt-get install -y bubblewrap")]
    [InlineData("Sandbox:SlirpPath", "/nonexistent/slirp4netns", "SANDBOX-PROGRAM", "apt-get install -y slirp4netns")]
    [InlineData("Sandbox:SetprivPath", "/nonexistent/setpriv", "SANDBOX-PROGRAM", "apt-get install -y util-linux")]
    [InlineData("Sandbox:SandboxUser", "secureexec-no-such-user", "SANDBOX-USER", "useradd --system")]
    [InlineData("Sandbox:MaxConcurrentRuns", "0", "SANDBOX-CONFIG", "MaxConcurrentRuns")]
    [InlineData("Sandbox:StateDirectory", "/proc/secureexec-state", "SANDBOX-STATE-DIRECTORY", "Sandbox:StateDirectory")]
    public async Task SelfTest_NamesTheProblem_AndTheExactFix(string key, string value, string code, string fix)
    {
        using var services = Build(new() { [key] = value });

        var problems = await services.GetRequiredService<SandboxSelfTest>().RunAsync(CancellationToken.None);

        var problem = Assert.Single(problems, p => p.Code == code);
        Assert.Contains(fix, problem.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartupCheck_StopsTheHost_ListingEveryProblem()
    {
        using var services = Build(new() { ["Sandbox:BubblewrapPath"] = "/nonexistent/bwrap", ["Sandbox:SandboxUser"] = "secureexec-no-such-user" });
        var check = services.GetServices<IHostedService>().Single();

        var error = await Assert.ThrowsAsync<SandboxUnavailableException>(() => check.StartAsync(CancellationToken.None));

        Assert.Contains(error.Problems, p => p.Code == "SANDBOX-PROGRAM");
        Assert.Contains(error.Problems, p => p.Code == "SANDBOX-USER");
        Assert.Contains("apt-get install -y bubblewrap", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SelfTest_OnThisHost_PassesWithATrialRun()
    {
        Assert.Empty(await sandbox.SelfTest.RunAsync(CancellationToken.None));
    }

    [Fact]
    public async Task RunOnAnUnusableHost_IsASandboxError_NotAnException()
    {
        using var services = Build(new() { ["Sandbox:BubblewrapPath"] = "/nonexistent/bwrap" });

        var result = await services.GetRequiredService<ISandbox>().RunAsync(new SandboxRequest(["/bin/true"], SandboxFixture.Profile), new CollectingSink(), CancellationToken.None);

        Assert.Equal(SandboxStatus.SandboxError, result.Status);
        Assert.Contains("SANDBOX-PROGRAM", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sweep_KillsAndRemovesWhatACrashedServerLeftBehind()
    {
        var hierarchy = sandbox.Runtime.Cgroups!;
        var leftover = hierarchy.CreateRun("crashed" + Guid.NewGuid().ToString("N")[..8], SandboxFixture.Profile, 0);
        var orphan = new ChildProcess(ProcessSpawner.Spawn("/bin/sleep", ["sleep", "600"], [], new Dictionary<int, int>()));
        leftover.AddProcess(orphan.Pid);

        var swept = hierarchy.SweepLeftovers();

        Assert.True(swept >= 1);
        Assert.All(leftover.Directories, directory => Assert.False(Directory.Exists(directory)));
        var exit = await orphan.Exit.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(9, exit.Signal);
    }

    [Fact]
    public async Task RlimitsOnlyMode_IsAnExplicitChoice_AndStillRuns()
    {
        using var services = Build(new() { ["Sandbox:CgroupMode"] = "Disabled" });

        var result = await services.GetRequiredService<ISandbox>().RunAsync(new SandboxRequest(["/bin/sh", "-c", "ulimit -v"], SandboxFixture.Profile), new CollectingSink(), CancellationToken.None);

        Assert.Equal(SandboxStatus.Succeeded, result.Status);
        Assert.Equal(0, result.PeakMemoryBytes); // no cgroup counted it
    }

    internal static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        settings.TryAdd("Sandbox:CgroupName", "secureexec-tests");
        settings.TryAdd("Sandbox:StateDirectory", "/run/secureexec-tests");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection()
            .AddSingleton(typeof(ILogger<>), typeof(NullLogger<>))
            .AddSandbox(configuration)
            .BuildServiceProvider();
    }
}
