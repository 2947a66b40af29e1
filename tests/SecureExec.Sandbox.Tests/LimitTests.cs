using SecureExec.Core.Templates;

namespace SecureExec.Sandbox.Tests;

/// <summary>
/// Each hard limit against the payload that attacks it, in the real sandbox with real kernel limits: stopped,
/// reported with the right status and limit, within a generous bound, and nothing left behind on the host.
/// </summary>
[Collection(SandboxCollection.Name)]
public sealed class LimitTests(SandboxFixture sandbox)
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);

    public static TheoryData<string, string, SandboxStatus, SandboxLimit> Attacks => new()
    {
        { "fork bomb", "f() { f | f & }; f; sleep 100", SandboxStatus.LimitExceeded, SandboxLimit.Processes },
        { "memory hog", "exec python3 -c 'x = b\"x\" * (512 * 1024 * 1024); print(len(x))'", SandboxStatus.LimitExceeded, SandboxLimit.Memory },
        { "disk filler", "head -c 64M /dev/zero > /work/big", SandboxStatus.LimitExceeded, SandboxLimit.FileSize },
        { "cpu spinner", "while :; do :; done", SandboxStatus.LimitExceeded, SandboxLimit.Cpu },
        { "cpu spinner in children", "for i in 1 2 3 4; do (while :; do :; done) & done; wait", SandboxStatus.LimitExceeded, SandboxLimit.Cpu },
        { "sleeper past its time", "sleep 600", SandboxStatus.TimedOut, SandboxLimit.None },
        { "sleeper in the background", "sleep 600 & sleep 600 & wait", SandboxStatus.TimedOut, SandboxLimit.None },
        { "output flood", "yes flood", SandboxStatus.LimitExceeded, SandboxLimit.Output },
        { "output flood on stderr", "yes flood >&2", SandboxStatus.LimitExceeded, SandboxLimit.Output },
    };

    [Theory]
    [MemberData(nameof(Attacks))]
    public async Task Attack_IsStoppedByItsLimit(string attack, string payload, SandboxStatus status, SandboxLimit limit)
    {
        var run = await sandbox.ShAsync(payload, Limited).WaitAsync(Bound);

        Assert.True(run.Result.Status == status && run.Result.Limit == limit, $"{attack}: {run}");
        sandbox.AssertNothingLeft(run);
    }

    [Fact]
    public async Task OutputFlood_KeepsExactlyTheCap_AndSaysItWasTruncated()
    {
        var run = await sandbox.ShAsync("yes flood", Limited).WaitAsync(Bound);

        Assert.Equal(Limited.MaxOutputBytes, run.Result.OutputBytes);
        Assert.Equal(Limited.MaxOutputBytes, run.Chunks.Sum(c => c.Data.Length));
        Assert.True(run.Result.OutputTruncated);
    }

    [Fact]
    public async Task DescriptorExhauster_IsRefusedAtTheOpenFilesLimit()
    {
        var script = "import os\nn = 0\ntry:\n    while True:\n        os.open('/dev/null', os.O_RDONLY); n += 1\nexcept OSError as e:\n    print(n, e.errno)";

        var run = await sandbox.RunAsync(Limited, "/usr/bin/python3", "-c", script).WaitAsync(Bound);

        var parts = run.Stdout.Trim().Split(' ');
        Assert.True(parts.Length == 2, run.ToString());
        Assert.InRange(int.Parse(parts[0]), 1, Limited.MaxOpenFiles);
        Assert.Equal("24", parts[1]); // EMFILE
        sandbox.AssertNothingLeft(run);
    }

    [Fact]
    public async Task MemoryHog_ReportsPeakMemoryNearTheLimit()
    {
        var run = await sandbox.ShAsync("exec python3 -c 'x = b\"x\" * (512 * 1024 * 1024)'", Limited).WaitAsync(Bound);

        Assert.Equal(SandboxLimit.Memory, run.Result.Limit);
        Assert.InRange(run.Result.PeakMemoryBytes, Limited.MemoryLimitBytes / 2, Limited.MemoryLimitBytes + (1024 * 1024));
    }

    [Fact]
    public async Task CpuSpinner_ReportsCpuTimeAtLeastTheLimit()
    {
        var run = await sandbox.ShAsync("while :; do :; done", Limited).WaitAsync(Bound);

        Assert.Equal(SandboxLimit.Cpu, run.Result.Limit);
        // RLIMIT_CPU may stop it a hair before the cgroup's count reaches the limit; the point is that it is counted.
        Assert.True(run.Result.CpuTime >= Limited.CpuTime / 2, run.ToString());
    }

    [Fact]
    public async Task FailingCommand_IsFailed_WithItsExitCode()
    {
        var run = await sandbox.ShAsync("exit 7", Limited);

        Assert.Equal(SandboxStatus.Failed, run.Result.Status);
        Assert.Equal(7, run.Result.ExitCode);
        Assert.Null(run.Result.Signal);
    }

    [Fact]
    public async Task SignalledCommand_ReportsTheSignal()
    {
        var run = await sandbox.ShAsync("kill -TERM $$", Limited);

        Assert.Equal(SandboxStatus.Failed, run.Result.Status);
        Assert.Equal(15, run.Result.Signal);
    }

    private static SandboxProfile Limited { get; } = new()
    {
        // Wall time well above CPU time, so that a loaded machine cannot turn a CPU-limit row into a timeout.
        Timeout = TimeSpan.FromSeconds(10),
        CpuTime = TimeSpan.FromSeconds(1),
        CpuLimit = 1,
        MemoryLimitBytes = 64L * 1024 * 1024,
        MaxProcesses = 32,
        MaxOutputBytes = 64 * 1024,
        MaxFileSizeBytes = 8L * 1024 * 1024,
        MaxOpenFiles = 64,
        AllowFileWrite = true,
    };
}
