using SecureExec.Core.Templates;

namespace SecureExec.Sandbox.Tests;

/// <summary>A profile the sandbox cannot enforce as written is refused before anything starts, naming the field.</summary>
[Collection(SandboxCollection.Name)]
public sealed class ProfileTests(SandboxFixture sandbox)
{
    [Theory]
    [InlineData("zero timeout", "timeout")]
    [InlineData("negative CPU time", "CPU time")]
    [InlineData("tiny memory", "memory limit")]
    [InlineData("zero CPU share", "CPU limit")]
    [InlineData("no processes", "process limit")]
    [InlineData("negative output", "output limit")]
    [InlineData("negative file size", "file size limit")]
    [InlineData("too few files", "open files limit")]
    [InlineData("relative root filesystem", "root filesystem")]
    [InlineData("missing root filesystem", "root filesystem")]
    [InlineData("PATH override", "'PATH'")]
    [InlineData("HOME override", "'HOME'")]
    [InlineData("variable name with '='", "'A=B'")]
    [InlineData("empty variable name", "''")]
    public async Task UnenforceableProfile_IsASandboxError_NamingTheField(string change, string field)
    {
        var run = await sandbox.RunAsync(Apply(change), "/bin/true");

        Assert.Equal(SandboxStatus.SandboxError, run.Result.Status);
        Assert.Contains(field, run.Result.Error, StringComparison.Ordinal);
        Assert.Empty(HostProcesses.InCgroup("run-" + run.RunId));
    }

    [Theory]
    [InlineData("")]
    [InlineData("../escape")]
    [InlineData("a/b")]
    [InlineData("has space")]
    public async Task UnsafeRunId_IsRefused(string runId)
    {
        var result = await sandbox.Sandbox.RunAsync(new SandboxRequest(["/bin/true"], SandboxFixture.Profile) { RunId = runId }, new CollectingSink(), CancellationToken.None);

        Assert.Equal(SandboxStatus.SandboxError, result.Status);
    }

    [Fact]
    public async Task EmptyArgv_IsRefused()
    {
        var run = await sandbox.RunAsync(SandboxFixture.Profile);

        Assert.Equal(SandboxStatus.SandboxError, run.Result.Status);
    }

    private static SandboxProfile Apply(string change) => change switch
    {
        "zero timeout" => SandboxFixture.Profile with { Timeout = TimeSpan.Zero },
        "negative CPU time" => SandboxFixture.Profile with { CpuTime = TimeSpan.FromSeconds(-1) },
        "tiny memory" => SandboxFixture.Profile with { MemoryLimitBytes = 1024 },
        "zero CPU share" => SandboxFixture.Profile with { CpuLimit = 0 },
        "no processes" => SandboxFixture.Profile with { MaxProcesses = 0 },
        "negative output" => SandboxFixture.Profile with { MaxOutputBytes = -1 },
        "negative file size" => SandboxFixture.Profile with { MaxFileSizeBytes = -1 },
        "too few files" => SandboxFixture.Profile with { MaxOpenFiles = 2 },
        "relative root filesystem" => SandboxFixture.Profile with { RootFilesystem = "srv/root" },
        "missing root filesystem" => SandboxFixture.Profile with { RootFilesystem = "/nonexistent/root" },
        "PATH override" => WithVariable("PATH"),
        "HOME override" => WithVariable("HOME"),
        "variable name with '='" => WithVariable("A=B"),
        "empty variable name" => WithVariable(string.Empty),
        _ => throw new ArgumentOutOfRangeException(nameof(change)),
    };

    private static SandboxProfile WithVariable(string name) =>
        SandboxFixture.Profile with { Environment = new Dictionary<string, string> { [name] = "value" } };
}
