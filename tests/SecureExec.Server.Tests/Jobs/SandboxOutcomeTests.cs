using SecureExec.Core.Jobs;
using SecureExec.Sandbox;
using SecureExec.Server.Jobs;

namespace SecureExec.Server.Tests.Jobs;

public sealed class SandboxOutcomeTests
{
    [Theory]
    [InlineData(SandboxStatus.Succeeded, false, JobStatus.Succeeded)]
    [InlineData(SandboxStatus.Failed, false, JobStatus.Failed)]
    [InlineData(SandboxStatus.TimedOut, false, JobStatus.TimedOut)]
    [InlineData(SandboxStatus.LimitExceeded, false, JobStatus.LimitExceeded)]
    [InlineData(SandboxStatus.Cancelled, true, JobStatus.Cancelled)]
    [InlineData(SandboxStatus.Cancelled, false, JobStatus.Interrupted)]
    [InlineData(SandboxStatus.SandboxError, false, JobStatus.SandboxError)]
    [InlineData(SandboxStatus.SandboxError, true, JobStatus.SandboxError)]
    public void StatusOf_MapsEverySandboxOutcome(SandboxStatus sandbox, bool cancelRequested, JobStatus expected)
    {
        Assert.Equal(expected, SandboxOutcome.StatusOf(new SandboxResult { Status = sandbox }, cancelRequested));
    }

    [Theory]
    [InlineData(SandboxLimit.Memory, "memory")]
    [InlineData(SandboxLimit.Processes, "processes")]
    [InlineData(SandboxLimit.Output, "output")]
    [InlineData(SandboxLimit.FileSize, "file_size")]
    [InlineData(SandboxLimit.Cpu, "cpu")]
    public void LimitName_NamesTheLimitThatEndedTheRun(SandboxLimit limit, string name)
    {
        var result = new SandboxResult { Status = SandboxStatus.LimitExceeded, Limit = limit, ExitCode = 137, Signal = 9 };

        Assert.Equal(name, SandboxOutcome.LimitName(result));
        var details = SandboxOutcome.AuditDetails(JobStatus.LimitExceeded, result);
        Assert.Equal("limit_exceeded", details["status"]);
        Assert.Equal(name, details["limit"]);
        Assert.Equal("137", details["exit_code"]);
        Assert.Equal("9", details["signal"]);
    }

    [Fact]
    public void LimitName_IsNullWhenNoLimitEndedTheRun()
    {
        var result = new SandboxResult { Status = SandboxStatus.Failed, Limit = SandboxLimit.Memory, ExitCode = 1 };

        Assert.Null(SandboxOutcome.LimitName(result));
        Assert.False(SandboxOutcome.AuditDetails(JobStatus.Failed, result).ContainsKey("limit"));
    }
}
