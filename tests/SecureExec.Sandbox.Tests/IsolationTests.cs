namespace SecureExec.Sandbox.Tests;

/// <summary>Concurrent runs cannot see each other, and a run leaves nothing for the next one.</summary>
[Collection(SandboxCollection.Name)]
public sealed class IsolationTests(SandboxFixture sandbox)
{
    private const int Runs = 8;

    [Fact]
    public async Task ConcurrentRuns_SeeOnlyTheirOwnProcessesAndWorkspace()
    {
        var profile = SandboxFixture.Profile with { AllowFileWrite = true };
        // Every run sleeps while the others do: each must see exactly one sleeper, its own.
        var script = "echo $1 > /work/marker-$1; sleep 4 & sleep 2; ls /work | tr '\\n' ' '; echo; " +
            "for p in /proc/[0-9]*; do cat $p/comm; done | grep -cx sleep";

        var runs = await Task.WhenAll(Enumerable.Range(0, Runs).Select(i =>
            sandbox.RunAsync(profile, "/bin/sh", "-c", script, "sh", i.ToString(System.Globalization.CultureInfo.InvariantCulture))));

        for (var i = 0; i < Runs; i++)
        {
            var lines = runs[i].Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(runs[i].Result.Status == SandboxStatus.Succeeded, runs[i].ToString());
            Assert.Equal($"marker-{i} ", lines[0]);
            Assert.Equal("1", lines[1]);
            sandbox.AssertNothingLeft(runs[i]);
        }
    }

    [Fact]
    public async Task ConcurrentRuns_CannotSignalEachOther()
    {
        var profile = SandboxFixture.Profile;
        var sleeper = sandbox.ShAsync("sleep 3; echo survived", profile);
        var killer = await sandbox.ShAsync("sleep 1; kill -9 -1 2>/dev/null; pkill -9 sleep 2>/dev/null; echo tried", profile);

        var survivor = await sleeper;

        Assert.Contains("tried", killer.Stdout, StringComparison.Ordinal);
        Assert.Equal("survived\n", survivor.Stdout);
    }

    [Fact]
    public async Task Command_StartsInsideItsOwnCgroup()
    {
        var request = new SandboxRequest(["/bin/cat", "/proc/self/cgroup"], SandboxFixture.Profile);
        var sink = new CollectingSink();

        var result = await sandbox.Sandbox.RunAsync(request, sink, CancellationToken.None);

        Assert.Equal(SandboxStatus.Succeeded, result.Status);
        string[] hierarchies = sandbox.Runtime.Cgroups!.Version == 2 ? ["0::"] : [":memory:", ":pids:", ":cpu:", ":cpuacct:"];
        var lines = sink.Stdout.Split('\n').Where(l => hierarchies.Any(h => l.Contains(h, StringComparison.Ordinal))).ToList();
        Assert.NotEmpty(lines);
        Assert.All(lines, line => Assert.EndsWith("/run-" + request.RunId, line, StringComparison.Ordinal));
    }

    [Fact]
    public async Task WorkspaceOfOneRun_IsGoneForTheNext()
    {
        var profile = SandboxFixture.Profile with { AllowFileWrite = true };

        var first = await sandbox.ShAsync("echo secret > /work/left-behind && echo /tmp > /tmp/left-behind && echo written", profile);
        var second = await sandbox.ShAsync("ls -A /work /tmp", profile);

        Assert.Equal("written\n", first.Stdout);
        Assert.DoesNotContain("left-behind", second.Stdout, StringComparison.Ordinal);
        sandbox.AssertNothingLeft(first);
    }

    [Fact]
    public async Task Cancellation_KillsTheWholeTree_AtOnce()
    {
        var sink = new ReadySink();
        var request = new SandboxRequest(["/bin/sh", "-c", "sleep 600 & sleep 600 & (sleep 600 &) ; echo ready; wait"], SandboxFixture.Profile);
        using var cancel = new CancellationTokenSource();

        var running = sandbox.Sandbox.RunAsync(request, sink, cancel.Token);
        await sink.Ready.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.NotEmpty(HostProcesses.InCgroup("run-" + request.RunId));
        await cancel.CancelAsync();
        var result = await running.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(SandboxStatus.Cancelled, result.Status);
        sandbox.AssertNothingLeft(new RunOutput(request.RunId, result, string.Empty, string.Empty, []));
    }

    [Fact]
    public async Task FailingSink_DoesNotBlockTheCommand()
    {
        var request = new SandboxRequest(["/bin/sh", "-c", "head -c 1000000 /dev/zero; echo done >&2"], SandboxFixture.Profile with { MaxOutputBytes = 4L * 1024 * 1024 });

        var result = await sandbox.Sandbox.RunAsync(request, new ThrowingSink(), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(SandboxStatus.Succeeded, result.Status);
        Assert.Equal(1_000_005, result.OutputBytes);
    }

    [Fact]
    public async Task Output_ArrivesAsTimestampedChunks_WhileTheCommandRuns()
    {
        var run = await sandbox.ShAsync("echo first; sleep 1; echo second >&2");

        var first = run.Chunks.Single(c => c.Stream == OutputStreamKind.Stdout);
        var second = run.Chunks.Single(c => c.Stream == OutputStreamKind.Stderr);
        Assert.True(second.At > first.At);
        Assert.Equal("first\n", run.Stdout);
        Assert.Equal("second\n", run.Stderr);
    }

    private sealed class ThrowingSink : IOutputSink
    {
        public ValueTask WriteAsync(OutputChunk chunk, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("the subscriber went away");
    }
}
