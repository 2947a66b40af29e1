using SecureExec.Core.Audit;
using SecureExec.Core.Jobs;

namespace SecureExec.Core.Tests.Jobs;

public sealed class JobStatusTests
{
    [Theory]
    [InlineData(JobStatus.Queued, "queued", false)]
    [InlineData(JobStatus.Running, "running", false)]
    [InlineData(JobStatus.Succeeded, "succeeded", true)]
    [InlineData(JobStatus.Failed, "failed", true)]
    [InlineData(JobStatus.TimedOut, "timed_out", true)]
    [InlineData(JobStatus.LimitExceeded, "limit_exceeded", true)]
    [InlineData(JobStatus.Cancelled, "cancelled", true)]
    [InlineData(JobStatus.Interrupted, "interrupted", true)]
    [InlineData(JobStatus.SandboxError, "sandbox_error", true)]
    public void Name_IsStableSnakeCase_AndParsesBack(JobStatus status, string name, bool terminal)
    {
        Assert.Equal(name, status.Name());
        Assert.Equal(status, JobStatusNames.Parse(name));
        Assert.Equal(terminal, status.IsTerminal());
    }

    [Fact]
    public void EveryStatus_HasAName()
    {
        Assert.Equal(Enum.GetValues<JobStatus>().Length, JobStatusNames.All.Count);
    }

    [Theory]
    [InlineData("Queued")]
    [InlineData("QUEUED")]
    [InlineData("timedout")]
    [InlineData("")]
    [InlineData(null)]
    public void TryParse_RefusesAnythingButTheExactName(string? name)
    {
        Assert.False(JobStatusNames.TryParse(name, out _));
    }

    [Fact]
    public void AuditOutcome_IsSuccessOnlyForACleanExit()
    {
        foreach (var status in Enum.GetValues<JobStatus>().Where(s => s.IsTerminal()))
        {
            Assert.Equal(status == JobStatus.Succeeded ? AuditOutcomes.Success : AuditOutcomes.Failure, status.AuditOutcome());
        }
    }

    [Theory]
    [InlineData(JobStatus.Queued, JobStatus.Running)]
    [InlineData(JobStatus.Queued, JobStatus.Cancelled)]
    [InlineData(JobStatus.Queued, JobStatus.SandboxError)]
    [InlineData(JobStatus.Running, JobStatus.Succeeded)]
    [InlineData(JobStatus.Running, JobStatus.Failed)]
    [InlineData(JobStatus.Running, JobStatus.TimedOut)]
    [InlineData(JobStatus.Running, JobStatus.LimitExceeded)]
    [InlineData(JobStatus.Running, JobStatus.Cancelled)]
    [InlineData(JobStatus.Running, JobStatus.Interrupted)]
    [InlineData(JobStatus.Running, JobStatus.SandboxError)]
    public void Transition_AlongTheLifecycle_IsAllowed(JobStatus from, JobStatus to)
    {
        Assert.True(JobTransitions.IsAllowed(from, to));
        JobTransitions.Ensure(from, to);
    }

    [Theory]
    [InlineData(JobStatus.Queued, JobStatus.Queued)]
    [InlineData(JobStatus.Queued, JobStatus.Succeeded)]
    [InlineData(JobStatus.Queued, JobStatus.Interrupted)]
    [InlineData(JobStatus.Running, JobStatus.Queued)]
    [InlineData(JobStatus.Running, JobStatus.Running)]
    public void Transition_OutOfOrder_IsRefused(JobStatus from, JobStatus to)
    {
        Assert.False(JobTransitions.IsAllowed(from, to));
        Assert.Throws<InvalidOperationException>(() => JobTransitions.Ensure(from, to));
    }

    [Fact]
    public void TerminalStates_AreFinal()
    {
        foreach (var from in Enum.GetValues<JobStatus>().Where(s => s.IsTerminal()))
        {
            foreach (var to in Enum.GetValues<JobStatus>())
            {
                Assert.False(JobTransitions.IsAllowed(from, to), $"{from} → {to}");
            }
        }
    }
}
