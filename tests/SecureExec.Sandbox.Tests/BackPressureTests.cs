using Microsoft.Extensions.DependencyInjection;

namespace SecureExec.Sandbox.Tests;

/// <summary>At most the configured number of runs execute at once; the rest wait, and can be cancelled while waiting.</summary>
[Collection(SandboxCollection.Name)]
public sealed class BackPressureTests
{
    [Fact]
    public async Task RunBeyondTheLimit_WaitsForAFreeSlot_AndCanBeCancelledWhileWaiting()
    {
        using var services = StartupTests.Build(new() { ["Sandbox:MaxConcurrentRuns"] = "1" });
        var sandbox = services.GetRequiredService<ISandbox>();
        var holder = new ReadySink();
        using var releaseHolder = new CancellationTokenSource();
        using var cancelWaiter = new CancellationTokenSource();
        var holding = sandbox.RunAsync(new SandboxRequest(["/bin/sh", "-c", "echo ready; sleep 600"], SandboxFixture.Profile), holder, releaseHolder.Token);
        await holder.Ready.WaitAsync(TimeSpan.FromSeconds(60));

        var waiter = new SandboxRequest(["/bin/true"], SandboxFixture.Profile);
        var waiting = sandbox.RunAsync(waiter, new CollectingSink(), cancelWaiter.Token);
        var queued = new SandboxRequest(["/bin/echo", "ran"], SandboxFixture.Profile);
        var queuedSink = new CollectingSink();
        var queuedRun = sandbox.RunAsync(queued, queuedSink, CancellationToken.None);

        Assert.False(waiting.IsCompleted);
        Assert.Empty(HostProcesses.InCgroup("run-" + waiter.RunId));
        await cancelWaiter.CancelAsync();
        Assert.Equal(SandboxStatus.Cancelled, (await waiting.WaitAsync(TimeSpan.FromSeconds(60))).Status);
        Assert.False(queuedRun.IsCompleted);

        await releaseHolder.CancelAsync();
        Assert.Equal(SandboxStatus.Cancelled, (await holding.WaitAsync(TimeSpan.FromSeconds(60))).Status);
        var result = await queuedRun.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(SandboxStatus.Succeeded, result.Status);
        Assert.Equal("ran\n", queuedSink.Stdout);
    }
}
